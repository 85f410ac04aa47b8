"""The standing body's decision on a round's models, and its correction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from models_registry.choices import Outcome
from models_registry.forms.base import DATE, _text
from portal.limits import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, NUMBER_MAX_LENGTH, LimitedCharField


class DecisionForm(forms.Form):
    number = LimitedCharField(label=_("Số quyết định"), max_length=NUMBER_MAX_LENGTH)
    issued_on = forms.DateField(label=_("Ngày ký"), widget=DATE)
    signer = LimitedCharField(label=_("Người ký"), max_length=NAME_MAX_LENGTH)
    signer_position = LimitedCharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    note = LimitedCharField(
        label=_("Ghi chú"), max_length=NOTE_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectionForm(DecisionForm):
    reason = _text(_("Lý do đính chính"), required=True, rows=2)


class DecisionEntryForm(forms.Form):
    """One model's row on the decision page: what the decision says of it, and why when it departs."""

    outcome = forms.ChoiceField(label=_("Kết quả"), required=False)
    departure_reason = _text(_("Lý do khác đề nghị của hội đồng"), rows=1)

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("— Không đưa vào quyết định —")), *(outcomes or Outcome.choices)]

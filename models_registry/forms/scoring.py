"""A council member's score sheet."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from models_registry.forms.base import POINTS, _text
from portal.limits import NOTE_MAX_LENGTH, LimitedCharField


class ScoreForm(forms.Form):
    points = forms.DecimalField(label=_("Điểm"), required=False, **POINTS)
    comment = LimitedCharField(
        label=_("Nhận xét"), max_length=NOTE_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.fields["points"].max_value = criterion.max_points
        self.fields["points"].widget.attrs.update({"max": criterion.max_points, "step": "0.25", "min": 0})

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points is not None and points > self.criterion.max_points:
            raise ValidationError(_("Tối đa %(max)s điểm.") % {"max": self.criterion.max_points})
        return points


class SheetForm(forms.Form):
    comment = _text(_("Nhận xét chung"), rows=2)

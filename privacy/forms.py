"""The personal-data app's forms (shape only; the rules are in privacy.services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit
from privacy.choices import RequestOutcome, Right
from privacy.models import ProcessingRecord

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProcessingRecordForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)  # the record as the page showed it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    class Meta:
        model = ProcessingRecord
        fields = ["category", "data_items", "sensitive", "purpose", "legal_basis", "recipients", "storage", "retention"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[1:] if name != "sensitive"}


class SubjectRequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=AdministrativeUnit.objects.none())
    right = forms.ChoiceField(label=_("Quyền yêu cầu"), choices=[("", _("— Chọn quyền —")), *Right.choices])
    requester_name = forms.CharField(label=_("Họ tên người yêu cầu"), max_length=150)
    requester_contact = forms.CharField(
        label=_("Cách liên hệ trả lời"),
        max_length=150,
        required=False,
        help_text=_("Chỉ ghi một cách liên hệ đủ để trả lời (địa chỉ hoặc điện thoại)."),
    )
    details = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()
        self.fields["unit"].empty_label = _("— Chọn đơn vị —")


class SubjectRequestCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=[("", _("— Chọn kết quả —")), *RequestOutcome.choices])
    outcome_note = forms.CharField(
        label=_("Nội dung trả lời, lý do từ chối"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    closed_on = forms.DateField(label=_("Ngày kết thúc"), widget=DATE)

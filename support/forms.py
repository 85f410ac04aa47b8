"""The support pages' forms: shape and parsing only; every rule is the services' (support.services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.choices import Level
from portal.limits import NOTE_MAX_LENGTH, NUMBER_MAX_LENGTH, LimitedCharField
from portal.models import AdministrativeUnit, Agency
from support.models import ActivityType, PlanItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric"}  # a phone shows the digits keyboard


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class CommuneChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} — {unit.parent.name}" if unit.parent_id else unit.name


class AssignmentForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2015, max_value=2100)
    agency = AgencyChoiceField(label=_("Cơ quan phụ trách"), queryset=Agency.objects.none())
    communes = CommuneChoiceField(
        label=_("Xã được hỗ trợ"),
        queryset=AdministrativeUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều xã."),
    )
    decision_number = LimitedCharField(label=_("Số quyết định phân công"), max_length=NUMBER_MAX_LENGTH)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    starts_on = forms.DateField(
        label=_("Phụ trách từ ngày"), required=False, widget=DATE, help_text=_("Trống: từ ngày quyết định.")
    )
    note = LimitedCharField(label=_("Ghi chú"), max_length=NOTE_MAX_LENGTH, required=False)

    def __init__(self, *args, scope_unit: AdministrativeUnit | None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True)
        communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE).select_related("parent")
        if scope_unit is not None:
            agencies = agencies.filter(unit__path__startswith=scope_unit.path)
            communes = communes.filter(path__startswith=scope_unit.path)
        self.fields["agency"].queryset = agencies.order_by("unit__path", "name")
        self.fields["communes"].queryset = communes.order_by("path")


class ReassignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agency = AgencyChoiceField(label=_("Cơ quan phụ trách mới"), queryset=Agency.objects.none())
    starts_on = forms.DateField(label=_("Phụ trách từ ngày"), widget=DATE)
    decision_number = LimitedCharField(label=_("Số quyết định phân công lại"), max_length=NUMBER_MAX_LENGTH)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE)

    def __init__(self, *args, scope_unit: AdministrativeUnit | None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(is_active=True)
        if scope_unit is not None:
            agencies = agencies.filter(unit__path__startswith=scope_unit.path)
        self.fields["agency"].queryset = agencies.order_by("unit__path", "name")


class EndForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Phụ trách đến hết ngày"), widget=DATE)
    reason = LimitedCharField(label=_("Lý do kết thúc"), max_length=NOTE_MAX_LENGTH, required=False)


class PlanItemForm(forms.Form):
    activity_type = forms.ModelChoiceField(label=_("Loại hỗ trợ"), queryset=ActivityType.objects.filter(is_active=True))
    target = LimitedCharField(label=_("Nội dung, mục tiêu"), max_length=NOTE_MAX_LENGTH, required=False)
    planned_value_vnd = forms.IntegerField(
        label=_("Giá trị dự kiến (đồng)"), min_value=0, initial=0, widget=forms.NumberInput(attrs=NUMBER)
    )
    planned_quantity = forms.DecimalField(label=_("Số lượng dự kiến"), min_value=0, required=False, max_digits=12)
    people_to_reach = forms.IntegerField(label=_("Số người dự kiến hưởng lợi"), min_value=0, required=False)


class ActivityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    activity_type = forms.ModelChoiceField(label=_("Loại hỗ trợ"), queryset=ActivityType.objects.filter(is_active=True))
    plan_item = forms.ModelChoiceField(
        label=_("Thuộc nội dung kế hoạch"), queryset=PlanItem.objects.none(), required=False, empty_label=_("(không)")
    )
    date = forms.DateField(label=_("Ngày thực hiện"), widget=DATE)
    description = LimitedCharField(
        label=_("Nội dung"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    money_vnd = forms.IntegerField(
        label=_("Tiền mặt (đồng)"), min_value=0, initial=0, widget=forms.NumberInput(attrs=NUMBER)
    )
    in_kind_vnd = forms.IntegerField(
        label=_("Hiện vật quy đổi (đồng)"), min_value=0, initial=0, widget=forms.NumberInput(attrs=NUMBER)
    )
    quantity = forms.DecimalField(label=_("Số lượng"), min_value=0, required=False, max_digits=12)
    beneficiaries = forms.IntegerField(label=_("Số người hưởng lợi"), min_value=0, required=False)
    beneficiaries_female = forms.IntegerField(label=_("Trong đó nữ"), min_value=0, required=False)
    beneficiaries_ethnic_minority = forms.IntegerField(
        label=_("Trong đó người dân tộc thiểu số"), min_value=0, required=False
    )
    photo = forms.FileField(
        label=_("Ảnh"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("Chụp bằng điện thoại hoặc chọn ảnh JPG, PNG."),
    )
    document = forms.FileField(label=_("Biên bản, tài liệu"), required=False)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = assignment.plan_items.select_related("activity_type")


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = LimitedCharField(label=_("Lý do trả lại"), max_length=NOTE_MAX_LENGTH, required=False)

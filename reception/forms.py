from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Field, Kind
from portal.catalogs import CatalogChoicesMixin
from portal.choices import ETHNICITY_CHOICES
from portal.limits import (
    ID_NUMBER_MAX_LENGTH,
    LINE_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NUMBER_MAX_LENGTH,
    LimitedCharField,
)
from portal.models import Agency
from portal.widgets import AgencyPicker
from reception.choices import AdhocReason, Place, ReceivedBy, RefusalGround, SessionKind, VisitAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Ngày tiếp"), widget=DATE, initial=timezone.localdate)
    start_time = forms.TimeField(label=_("Từ giờ"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Đến giờ"), widget=TIME, required=False)
    kind = forms.ChoiceField(label=_("Hình thức tiếp"), choices=SessionKind.choices)
    received_by = forms.ChoiceField(label=_("Người tiếp"), choices=ReceivedBy.choices, initial=ReceivedBy.STAFF)
    receiver_name = LimitedCharField(label=_("Họ tên, chức vụ người tiếp"), max_length=200)
    place = forms.ChoiceField(label=_("Địa điểm"), choices=Place.choices)
    adhoc_reason = forms.ChoiceField(
        label=_("Lý do tiếp đột xuất"), choices=[("", "—"), *AdhocReason.choices], required=False
    )
    participants = LimitedCharField(
        label=_("Thành phần tham gia"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = LimitedCharField(
        label=_("Ghi chú"), max_length=LONG_TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("Ngày tiếp không thể ở tương lai."))
        return value


class VisitForm(CatalogChoicesMixin, forms.Form):
    catalog_fields = {"refusal_ground": ("refusal_ground", RefusalGround.values)}
    full_name = LimitedCharField(
        label=_("Họ tên công dân"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "citizen-name"}),
    )
    id_number = LimitedCharField(label=_("Số CCCD"), max_length=ID_NUMBER_MAX_LENGTH, required=False)
    address = LimitedCharField(label=_("Địa chỉ"), max_length=LINE_MAX_LENGTH, required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=[("", "—"), *ETHNICITY_CHOICES], required=False)
    people_count = forms.IntegerField(label=_("Số người"), min_value=1, initial=1)
    representatives = forms.IntegerField(label=_("Số người đại diện"), min_value=0, initial=0, required=False)
    other_representatives = LimitedCharField(
        label=_("Người đại diện khác (mỗi dòng một người)"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    first_visit = forms.BooleanField(label=_("Tiếp lần đầu"), initial=True, required=False)
    kind = forms.ChoiceField(label=_("Loại việc"), choices=Kind.choices)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.OTHER)
    content = LimitedCharField(
        label=_("Nội dung"), max_length=LONG_TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.ChoiceField(label=_("Kết quả tiếp"), choices=VisitAction.choices)
    guided_to = forms.ModelChoiceField(
        label=_("Hướng dẫn đến cơ quan"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=AgencyPicker(),
    )
    refusal_ground = forms.ChoiceField(
        label=_("Căn cứ từ chối"), choices=[("", "—"), *RefusalGround.choices], required=False
    )
    refusal_notice_no = LimitedCharField(label=_("Số thông báo từ chối"), max_length=NUMBER_MAX_LENGTH, required=False)

    def clean(self):
        data = super().clean()
        if data.get("full_name", "").strip() and not data.get("content", "").strip():
            self.add_error("content", _("Hãy ghi nội dung công dân trình bày."))
        return data


VisitFormSet = forms.formset_factory(VisitForm, extra=1, max_num=50, validate_max=True)


class ScheduleForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DATE)
    start_time = forms.TimeField(label=_("Từ giờ"), widget=TIME, initial="07:30")
    end_time = forms.TimeField(label=_("Đến giờ"), widget=TIME, initial="11:00")
    place = LimitedCharField(label=_("Địa điểm"), max_length=LINE_MAX_LENGTH)
    receiver_name = LimitedCharField(label=_("Người tiếp"), max_length=200)
    note = LimitedCharField(label=_("Ghi chú"), max_length=LINE_MAX_LENGTH, required=False)


class SessionEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    start_time = forms.TimeField(label=_("Từ giờ"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Đến giờ"), widget=TIME, required=False)
    receiver_name = LimitedCharField(label=_("Họ tên, chức vụ người tiếp"), max_length=200)
    participants = LimitedCharField(
        label=_("Thành phần tham gia"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = LimitedCharField(
        label=_("Ghi chú"), max_length=LONG_TEXT_MAX_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

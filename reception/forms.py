from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Field, Kind
from portal.catalogs import CatalogChoicesMixin
from portal.choices import ETHNICITY_CHOICES
from portal.models import Agency
from portal.widgets import SearchableSelect
from reception.choices import AdhocReason, Place, ReceivedBy, RefusalGround, SessionKind, VisitAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Ngày tiếp"), widget=DATE, initial=timezone.localdate)
    start_time = forms.TimeField(label=_("Từ giờ"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Đến giờ"), widget=TIME, required=False)
    kind = forms.ChoiceField(label=_("Hình thức tiếp"), choices=SessionKind.choices)
    received_by = forms.ChoiceField(label=_("Người tiếp"), choices=ReceivedBy.choices, initial=ReceivedBy.STAFF)
    receiver_name = forms.CharField(label=_("Họ tên, chức vụ người tiếp"), max_length=200)
    place = forms.ChoiceField(label=_("Địa điểm"), choices=Place.choices)
    adhoc_reason = forms.ChoiceField(
        label=_("Lý do tiếp đột xuất"), choices=[("", "—"), *AdhocReason.choices], required=False
    )
    participants = forms.CharField(
        label=_("Thành phần tham gia"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise ValidationError(_("Ngày tiếp không thể ở tương lai."))
        return value


class VisitForm(CatalogChoicesMixin, forms.Form):
    catalog_fields = {"refusal_ground": ("refusal_ground", RefusalGround.values)}
    full_name = forms.CharField(
        label=_("Họ tên công dân"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "citizen-name"}),
    )
    id_number = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=[("", "—"), *ETHNICITY_CHOICES], required=False)
    people_count = forms.IntegerField(label=_("Số người"), min_value=1, initial=1)
    representatives = forms.IntegerField(label=_("Số người đại diện"), min_value=0, initial=0, required=False)
    other_representatives = forms.CharField(
        label=_("Người đại diện khác (mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    first_visit = forms.BooleanField(label=_("Tiếp lần đầu"), initial=True, required=False)
    kind = forms.ChoiceField(label=_("Loại việc"), choices=Kind.choices)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.OTHER)
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.ChoiceField(label=_("Kết quả tiếp"), choices=VisitAction.choices)
    guided_to = forms.ModelChoiceField(
        label=_("Hướng dẫn đến cơ quan"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=SearchableSelect(search_url=reverse_lazy("agency-options")),
    )
    refusal_ground = forms.ChoiceField(
        label=_("Căn cứ từ chối"), choices=[("", "—"), *RefusalGround.choices], required=False
    )
    refusal_notice_no = forms.CharField(label=_("Số thông báo từ chối"), max_length=60, required=False)

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
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    receiver_name = forms.CharField(label=_("Người tiếp"), max_length=200)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class SessionEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    start_time = forms.TimeField(label=_("Từ giờ"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Đến giờ"), widget=TIME, required=False)
    receiver_name = forms.CharField(label=_("Họ tên, chức vụ người tiếp"), max_length=200)
    participants = forms.CharField(
        label=_("Thành phần tham gia"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

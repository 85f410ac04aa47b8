"""Bringing petitions in: the intake form with its petitioners, documents, and register imports."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Channel, DocumentType, Field, Kind
from petitions.forms.base import DATE
from portal.catalogs import CatalogChoicesMixin, subfield_options
from portal.choices import ETHNICITY_CHOICES
from portal.import_jobs import WorkbookUploadForm
from portal.limits import (
    CODE_MAX_LENGTH,
    ID_NUMBER_MAX_LENGTH,
    LINE_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    LimitedCharField,
)


class IntakeForm(CatalogChoicesMixin, forms.Form):
    catalog_fields = {"channel": ("petition_source", Channel.values), "field": ("content_field", Field.values)}
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=Kind.choices)
    round = forms.TypedChoiceField(
        label=_("Lần khiếu nại"), choices=[(1, _("Lần đầu")), (2, _("Lần hai"))], coerce=int, initial=1
    )
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Channel.choices)
    received_on = forms.DateField(label=_("Ngày nhận"), widget=DATE, initial=timezone.localdate)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices, initial=Field.OTHER)
    subfield = forms.ChoiceField(label=_("Nội dung cụ thể"), choices=[], required=False)
    summary = LimitedCharField(
        label=_("Tóm tắt nội dung"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = LimitedCharField(
        label=_("Nội dung chi tiết"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_anonymous = forms.BooleanField(label=_("Đơn nặc danh, mạo danh"), required=False)
    has_specific_evidence = forms.BooleanField(label=_("Nêu rõ người vi phạm, có chứng cứ cụ thể"), required=False)
    join_case = LimitedCharField(
        label=_("Gộp vào vụ việc (mã)"),
        max_length=CODE_MAX_LENGTH,
        required=False,
        help_text=_("Đơn trùng, đơn tái diễn: nhập mã vụ việc đã có."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subfield"].choices = [("", "—"), *subfield_options()]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Ngày nhận đơn không thể ở tương lai."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("kind") != Kind.COMPLAINT:
            data["round"] = 1
        return data


class PetitionerForm(forms.Form):
    full_name = LimitedCharField(
        label=_("Họ và tên"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = LimitedCharField(label=_("Số CCCD"), max_length=ID_NUMBER_MAX_LENGTH, required=False)
    address = LimitedCharField(label=_("Địa chỉ"), max_length=LINE_MAX_LENGTH, required=False)
    phone = LimitedCharField(label=_("Điện thoại"), max_length=PHONE_MAX_LENGTH, required=False)
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=[("", "—"), *ETHNICITY_CHOICES], required=False)
    is_representative = forms.BooleanField(label=_("Đại diện"), required=False)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if value and (not value.isdigit() or len(value) not in (9, 12)):
            raise ValidationError(_("Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số)."))
        return value


PetitionerFormSet = forms.formset_factory(PetitionerForm, extra=1, max_num=30, validate_max=True)


class DocumentForm(CatalogChoicesMixin, forms.Form):
    catalog_fields = {"doc_type": ("document_type", DocumentType.values)}
    title = LimitedCharField(label=_("Tên tài liệu"), max_length=200, required=False)
    doc_type = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentType.choices)
    file = forms.FileField(label=_("Tệp (PDF, ảnh, Word; tối đa 20 MB)"))
    confidential = forms.BooleanField(label=_("Tài liệu mật"), required=False)


class ImportForm(WorkbookUploadForm):
    too_large = _("Tệp tối đa %(max)s MB; hãy chia sổ thành nhiều tệp.")

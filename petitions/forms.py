"""Forms parse and shape input only; the rules live in models (clean) and services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import Channel, ComplaintResult, Complexity, DocumentType, Field, Kind, Outcome
from portal.catalogs import CatalogChoicesMixin, subfield_options
from portal.choices import ETHNICITY_CHOICES
from portal.limits import (
    CODE_MAX_LENGTH,
    ID_NUMBER_MAX_LENGTH,
    LINE_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NUMBER_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    LimitedCharField,
)
from portal.models import Agency, User
from portal.widgets import SearchableSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class VersionedForm(forms.Form):
    """Carries the version the official saw, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def _past_date(label):
    return forms.DateField(label=label, widget=DATE, initial=timezone.localdate)


class ClassifyForm(CatalogChoicesMixin, VersionedForm):
    catalog_fields = {"field": ("content_field", Field.values)}
    qualified = forms.TypedChoiceField(
        label=_("Đủ điều kiện xử lý"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Đủ điều kiện")), ("no", _("Không đủ điều kiện"))],
        widget=forms.RadioSelect,
    )
    unqualified_reason = LimitedCharField(
        label=_("Lý do không đủ điều kiện"), required=False, max_length=LINE_MAX_LENGTH
    )
    within_authority = forms.TypedChoiceField(
        label=_("Thẩm quyền"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Thuộc thẩm quyền")), ("no", _("Không thuộc thẩm quyền"))],
        widget=forms.RadioSelect,
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=Field.choices)
    complexity = forms.ChoiceField(label=_("Tính chất"), choices=Complexity.choices)

    def clean(self):
        data = super().clean()
        if data.get("qualified") is False and not data.get("unqualified_reason", "").strip():
            self.add_error("unqualified_reason", _("Hãy ghi lý do đơn không đủ điều kiện xử lý."))
        return data


class AcceptForm(VersionedForm):
    accepted_on = _past_date(_("Ngày thụ lý"))


class ProcessForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả xử lý"),
        choices=[
            (Outcome.GUIDED, Outcome.GUIDED.label),
            (Outcome.TRANSFERRED, Outcome.TRANSFERRED.label),
            (Outcome.URGED, Outcome.URGED.label),
            (Outcome.STORED, Outcome.STORED.label),
        ],
    )
    processed_on = _past_date(_("Ngày xử lý"))
    transferred_to = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=SearchableSelect(search_url=reverse_lazy("agency-options")),
    )
    note = LimitedCharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.TRANSFERRED and not data.get("transferred_to"):
            self.add_error("transferred_to", _("Hãy chọn cơ quan nhận đơn chuyển."))
        return data


class TransferReplyForm(VersionedForm):
    replied_on = _past_date(_("Ngày nhận phúc đáp"))
    note = LimitedCharField(label=_("Nội dung phúc đáp"), max_length=NOTE_MAX_LENGTH)


class ExtendForm(VersionedForm):
    complexity = forms.ChoiceField(
        label=_("Tính chất"),
        choices=[
            (Complexity.COMPLEX, Complexity.COMPLEX.label),
            (Complexity.VERY_COMPLEX, Complexity.VERY_COMPLEX.label),
        ],
    )
    decision_no = LimitedCharField(label=_("Số quyết định gia hạn"), max_length=NUMBER_MAX_LENGTH)
    decided_on = _past_date(_("Ngày quyết định"))
    # The longest extension comes from the rule table; the service checks it.
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=365, initial=30)
    reason = LimitedCharField(label=_("Lý do"), required=False, max_length=LINE_MAX_LENGTH)


class PauseForm(VersionedForm):
    started_on = _past_date(_("Tạm đình chỉ từ ngày"))
    reason = LimitedCharField(label=_("Lý do"), max_length=LINE_MAX_LENGTH)
    decision_no = LimitedCharField(label=_("Số quyết định"), required=False, max_length=NUMBER_MAX_LENGTH)


class ResumeForm(VersionedForm):
    resumed_on = _past_date(_("Tiếp tục từ ngày"))


class SettleForm(CatalogChoicesMixin, VersionedForm):
    catalog_fields = {"result": ("result_type", ComplaintResult.values)}
    settled_on = _past_date(_("Ngày ban hành"))
    decision_no = LimitedCharField(label=_("Số quyết định, kết luận"), max_length=NUMBER_MAX_LENGTH)
    result = forms.ChoiceField(
        label=_("Kết quả (khiếu nại)"), choices=[("", "—"), *ComplaintResult.choices], required=False
    )
    recovered_money = forms.DecimalField(
        label=_("Kiến nghị thu hồi (triệu đồng)"), min_value=0, initial=0, required=False
    )
    recovered_land_m2 = forms.DecimalField(label=_("Thu hồi đất (m²)"), min_value=0, initial=0, required=False)
    returned_money = forms.DecimalField(label=_("Trả lại cho dân (triệu đồng)"), min_value=0, initial=0, required=False)
    returned_land_m2 = forms.DecimalField(label=_("Trả lại đất (m²)"), min_value=0, initial=0, required=False)
    people_disciplined = forms.IntegerField(
        label=_("Số người bị xử lý kỷ luật"), min_value=0, initial=0, required=False
    )


class WithdrawForm(VersionedForm):
    withdrawn_on = _past_date(_("Ngày rút đơn"))
    note = LimitedCharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH)


class PublishForm(VersionedForm):
    published_on = _past_date(_("Ngày công khai"))
    how = LimitedCharField(
        label=_("Hình thức công khai"),
        required=False,
        max_length=200,
        help_text=_("Họp công bố, niêm yết tại trụ sở hoặc đăng trên cổng thông tin."),
    )


class CloseForm(VersionedForm):
    closed_on = _past_date(_("Ngày kết thúc"))


class VerifyForm(VersionedForm):
    pass


class ReopenForm(forms.Form):
    received_on = _past_date(_("Ngày nhận đơn khiếu nại lần hai"))
    handling_agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết lần hai"),
        queryset=Agency.objects.filter(is_active=True),
        widget=SearchableSelect(search_url=reverse_lazy("agency-options")),
    )


def offer_local_agencies(form: forms.Form, unit) -> None:
    """Render only the agencies of the petition's province (any agency can still be searched and chosen)."""
    province_path = "/".join(unit.path.split("/")[:2]) + "/"
    local = Agency.objects.filter(is_active=True, unit__path__startswith=province_path).select_related("unit")
    for field in form.fields.values():
        if isinstance(field.widget, SearchableSelect):
            field.widget.choices = [("", "---------")] + [(a.pk, f"{a.name} ({a.unit.name})") for a in local]


class DocumentForm(CatalogChoicesMixin, forms.Form):
    catalog_fields = {"doc_type": ("document_type", DocumentType.values)}
    title = LimitedCharField(label=_("Tên tài liệu"), max_length=200, required=False)
    doc_type = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentType.choices)
    file = forms.FileField(label=_("Tệp (PDF, ảnh, Word; tối đa 20 MB)"))
    confidential = forms.BooleanField(label=_("Tài liệu mật"), required=False)


class SavedFilterForm(forms.Form):
    name = LimitedCharField(label=_("Tên bộ lọc"), max_length=80)
    querystring = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa ghi"), required=False)

    def clean_file(self):
        from petitions.importer.limits import MAX_UPLOAD_BYTES, MB

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp tối đa %(max)s MB; hãy chia sổ thành nhiều tệp.") % {"max": MAX_UPLOAD_BYTES // MB}
            )
        return upload


class AssignForm(VersionedForm):
    assignees = forms.ModelMultipleChoiceField(
        label=_("Giao thêm cán bộ"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cán bộ được giao (và thủ trưởng cơ quan giải quyết) được xem danh tính người tố cáo."),
    )
    remove = forms.ModelMultipleChoiceField(
        label=_("Thôi giao"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ những cán bộ được đánh dấu ở đây mới bị thôi giao."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("assignees") and not cleaned.get("remove"):
            raise forms.ValidationError(_("Hãy chọn cán bộ cần giao thêm hoặc thôi giao."))
        return cleaned


def offer_handlers(form: forms.Form, petition) -> None:
    """Offer the petition handlers of the units above and below the petition's unit, and the current
    assignees for removal."""
    ancestors = [u.path for u in petition.unit.ancestors()] + [petition.unit.path]
    current = petition.assignees.all()
    handlers = (
        User.objects.filter(is_active=True, groups__name="petition_handler")
        .filter(Q(agency__unit__path__in=ancestors) | Q(agency__unit__path__startswith=petition.unit.path))
        .exclude(pk__in=current.values("pk"))
        .select_related("agency")
        .distinct()
        .order_by("agency__unit__path", "full_name")
    )
    form.fields["assignees"].queryset = handlers
    form.fields["remove"].queryset = current.select_related("agency").order_by("full_name")
    for name in ("assignees", "remove"):
        form.fields[name].label_from_instance = lambda u: f"{u} · {u.agency}"


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Biện pháp"), choices=[])
    description = LimitedCharField(label=_("Nội dung"), max_length=NOTE_MAX_LENGTH)
    responsible = LimitedCharField(label=_("Cơ quan, người thực hiện"), max_length=LINE_MAX_LENGTH)
    due_on = forms.DateField(label=_("Thời hạn"), widget=DATE)
    ordered_amount = forms.DecimalField(
        label=_("Số phải thực hiện (triệu đồng, m² hoặc người)"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args, **kwargs):
        from petitions.models import MeasureKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeasureKind.choices


class MeasureReportForm(forms.Form):
    done_amount = forms.DecimalField(label=_("Số đã thực hiện"), min_value=0, initial=0)
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE, required=False)
    note = LimitedCharField(label=_("Kết quả, ghi chú"), max_length=NOTE_MAX_LENGTH, required=False)


class VerificationAssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan xác minh"),
        queryset=Agency.objects.filter(is_active=True),
        widget=SearchableSelect(search_url=reverse_lazy("agency-options")),
    )
    lead = forms.ModelChoiceField(label=_("Trưởng đoàn"), queryset=User.objects.filter(is_active=True))
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("Hạn xác minh"), widget=DATE)


def offer_verifiers(form: forms.Form, petition) -> None:
    offer_local_agencies(form, petition.unit)
    officials = (
        User.objects.filter(is_active=True, agency__isnull=False)
        .filter(agency__unit__path__startswith="/".join(petition.unit.path.split("/")[:2]) + "/")
        .select_related("agency")
        .order_by("agency__unit__path", "full_name")
    )
    for name in ("lead", "members"):
        form.fields[name].queryset = officials
        form.fields[name].label_from_instance = lambda u: f"{u} · {u.agency}"


class VerificationStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Bước"), choices=[])
    happened_on = forms.DateField(label=_("Ngày"), widget=DATE, initial=timezone.localdate)
    minutes = LimitedCharField(
        label=_("Biên bản, nội dung"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document = forms.FileField(label=_("Tài liệu"), required=False)

    def __init__(self, *args, **kwargs):
        from portal.models import CatalogEntry

        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(e.code, e.label) for e in CatalogEntry.objects.in_force("verification_step")]


class VerificationConcludeForm(VersionedForm):
    conclusion = LimitedCharField(
        label=_("Kết quả xác minh"), max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    concluded_on = _past_date(_("Ngày báo cáo"))

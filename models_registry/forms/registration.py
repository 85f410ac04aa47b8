"""A model's registration: the ten elements, its forces, self-assessment, documents and steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from models_registry.choices import CollectiveKind, CommendationForm, DocumentKind, Field, ForceRole, OwnerKind
from models_registry.forms.base import DATE, _choices, _text
from models_registry.models import REGISTRATION_FIELDS
from portal.limits import LINE_MAX_LENGTH, NUMBER_MAX_LENGTH, LimitedCharField
from portal.models import Agency
from portal.uploads import ACCEPT_ATTRIBUTE
from portal.widgets import AgencyPicker

# The fields of a registration the services take in `data` (the ten elements and the owner).
MODEL_FIELDS = REGISTRATION_FIELDS


class ModelForm(forms.Form):
    """A registration: who owns the model and the ten elements of the registration form (R4.8)."""

    round = forms.ModelChoiceField(label=_("Đợt đăng ký"), queryset=None, empty_label=_("— Chọn đợt đăng ký —"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # 1. Name and owner
    name = LimitedCharField(label=_("Tên mô hình"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=_choices(Field.choices))
    owner_kind = forms.ChoiceField(
        label=_("Tập thể hay cá nhân"),
        choices=OwnerKind.choices,
        initial=OwnerKind.COLLECTIVE,
        help_text=_("Mô hình của tập thể; điển hình của một cá nhân."),
    )
    collective_kind = forms.ChoiceField(
        label=_("Loại tập thể"), choices=_choices(CollectiveKind.choices), required=False
    )
    owner_name = LimitedCharField(
        label=_("Chủ thể"), max_length=200, help_text=_("Tên tập thể, hoặc họ tên cá nhân điển hình.")
    )
    owner_position = LimitedCharField(label=_("Chức vụ, nghề nghiệp"), max_length=200, required=False)
    owner_agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ thể"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=AgencyPicker(),
        help_text=_("Khi chủ thể là một cơ quan có trong hệ thống."),
    )
    address = LimitedCharField(label=_("Địa chỉ thực hiện"), max_length=LINE_MAX_LENGTH, required=False)
    # 2–10. The elements
    situation = _text(_("Thực trạng và lý do xây dựng"))
    goals = _text(_("Mục tiêu và tiêu chí đánh giá"))
    content = _text(_("Nội dung và cách làm"), rows=5)
    target_area = _text(_("Địa bàn và đối tượng"), rows=2)
    resources = _text(_("Nguồn lực (cơ sở vật chất, đóng góp xã hội hóa)"), rows=2)
    resources_money = forms.DecimalField(
        label=_("Kinh phí (đồng)"), max_digits=15, decimal_places=0, min_value=0, required=False
    )
    labour_days = forms.IntegerField(label=_("Ngày công"), min_value=0, required=False)
    starts_on = forms.DateField(label=_("Thời gian bắt đầu"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Thời gian kết thúc"), widget=DATE, required=False)
    timeline = _text(_("Tiến độ thực hiện"), rows=2)
    outputs = _text(_("Sản phẩm, kết quả kiểm chứng được"))
    replication_plan = _text(_("Khả năng nhân rộng"), rows=2)

    # Which fields the page groups under which heading.
    SECTIONS = (
        (_("Tên mô hình và chủ thể"), ("name", "field", "owner_kind", "collective_kind", "owner_name")),
        (None, ("owner_position", "owner_agency", "address")),
        (_("Thực trạng, mục tiêu, cách làm"), ("situation", "goals", "content", "target_area")),
        (_("Nguồn lực và tiến độ"), ("resources", "resources_money", "labour_days", "starts_on", "ends_on")),
        (None, ("timeline",)),
        (_("Kết quả và nhân rộng"), ("outputs", "replication_plan")),
    )

    def __init__(self, *args, rounds=None, editing: bool = False, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            # Rendered with the agencies of the official's province only; any agency can still be searched.
            province_path = "/".join(unit.path.split("/")[:2]) + "/"
            local = Agency.objects.filter(is_active=True, unit__path__startswith=province_path).order_by("name")
            self.fields["owner_agency"].widget.choices = [("", "")] + [(a.pk, a.name) for a in local]
        if editing:
            del self.fields["round"]  # a registration stays in its round
        else:
            self.fields["round"].queryset = rounds
            del self.fields["version"]

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Thời gian kết thúc phải sau thời gian bắt đầu."))
        if data.get("owner_kind") == OwnerKind.INDIVIDUAL:
            data["collective_kind"] = ""
        return data

    def model_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in MODEL_FIELDS}


class ForceForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=ForceRole.choices, initial=ForceRole.PARTICIPATING, required=False
    )
    name = LimitedCharField(label=_("Lực lượng, tổ chức"), max_length=200, required=False)
    task = LimitedCharField(label=_("Nhiệm vụ"), max_length=300, required=False)


ForceFormSet = forms.formset_factory(ForceForm, extra=3, max_num=30, validate_max=True)


def forces_from(formset) -> list[dict]:
    """The forces a formset names; rows left empty are skipped."""
    return [
        {
            "role": row.get("role") or ForceRole.PARTICIPATING,
            "name": row["name"].strip(),
            "task": row.get("task", "").strip(),
        }
        for row in formset.cleaned_data
        if row and row.get("name", "").strip()
    ]


class AssessmentForm(forms.Form):
    """The registrant's statement on one criterion, with its evidence or the reason there is none yet."""

    statement = _text(_("Mức độ đáp ứng"), rows=2)
    evidence = forms.ModelChoiceField(
        label=_("Minh chứng (tài liệu đã tải lên)"), queryset=None, required=False, empty_label=_("— Không chọn —")
    )
    evidence_note = LimitedCharField(label=_("Minh chứng khác (số văn bản, đường dẫn)"), max_length=300, required=False)
    missing_evidence_reason = _text(_("Lý do chưa có minh chứng"), rows=1)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        field.queryset = documents
        # The model's documents are already loaded: every criterion's row offers them without a query.
        field.choices = [("", field.empty_label)] + [(document.pk, document.title) for document in documents]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            [
                data.get("statement"),
                data.get("evidence"),
                data.get("evidence_note"),
                data.get("missing_evidence_reason"),
            ]
        )


class DocumentForm(forms.Form):
    title = LimitedCharField(label=_("Tên tài liệu"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=DocumentKind.choices)
    upload = forms.FileField(
        label=_("Tệp (PDF, ảnh, Word; tối đa 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    for_publication = forms.BooleanField(label=_("Dùng khi công khai mô hình tiêu biểu"), required=False)


class ReasonForm(forms.Form):
    reason = _text(_("Lý do"), required=True, rows=2)


class PublishForm(forms.Form):
    summary = _text(
        _("Tóm tắt công khai"),
        required=True,
        rows=4,
        help_text=_("Chỉ nội dung này được đăng trên trang công khai; không ghi thông tin cá nhân."),
    )


class ReplicationForm(forms.Form):
    origin = forms.ModelChoiceField(
        label=_("Nhân rộng từ mô hình tiêu biểu"), queryset=None, empty_label=_("— Chọn mô hình gốc —")
    )

    def __init__(self, *args, origins=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].queryset = origins
        self.fields["origin"].label_from_instance = lambda model: f"{model.name} ({model.round.year})"


class CommendationRecordForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Giai đoạn"), queryset=None, empty_label=_("— Chọn giai đoạn —"))
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=CommendationForm.choices)
    issuer = LimitedCharField(label=_("Cấp khen thưởng"), max_length=200)
    decision_number = LimitedCharField(label=_("Số quyết định"), max_length=NUMBER_MAX_LENGTH)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)

    def __init__(self, *args, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases

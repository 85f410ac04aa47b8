"""The reform pages' forms: shape and parsing only; every rule is the services' (reform.services).

Evidence and reasons are not required here on purpose: the services refuse a completion without evidence or
a step without its reason, and their message is the one the official reads, whatever the entry point.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.limits import LINE_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, NUMBER_MAX_LENGTH, LimitedCharField
from portal.models import Agency
from portal.uploads import ACCEPT_ATTRIBUTE
from reform.choices import TaskStatus
from reform.models import Area, Plan, Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Shown by the browser as a hint; the service is the one that refuses (see the module's docstring).
ASKED = {"required": True}
DATE_ASKED = forms.DateInput(attrs={"type": "date", **ASKED}, format="%Y-%m-%d")


def _text(label, *, required: bool = False, rows: int = 3, max_length: int = LONG_TEXT_MAX_LENGTH, attrs=None):
    return LimitedCharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, **(attrs or {})}),
    )


def _upload(label):
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("Không bắt buộc. PDF, Word, Excel, ảnh; tối đa 20 MB."),
    )


def agencies_under(unit) -> forms.QuerySet:
    """Active agencies of `unit` and of the units under it (None: every active agency, for superusers)."""
    agencies = Agency.objects.filter(is_active=True).select_related("unit")
    if unit is not None:
        agencies = agencies.filter(unit__path__startswith=unit.path)
    return agencies.order_by("unit__path", "name")


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class PlanForm(forms.Form):
    """A plan's header; its owner (hence its unit) and year are set once, when it is made."""

    owner_agency = AgencyChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=Agency.objects.none(),
        empty_label=_("— Chọn cơ quan —"),
        help_text=_("Cơ quan có kế hoạch: quyết định gia hạn và xác nhận hoàn thành nhiệm vụ."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2010, max_value=2100)
    title = LimitedCharField(label=_("Tên kế hoạch"), max_length=300)
    decision_number = LimitedCharField(
        label=_("Số quyết định, văn bản ban hành"), max_length=NUMBER_MAX_LENGTH, required=False
    )
    decision_date = forms.DateField(label=_("Ngày ban hành"), widget=DATE, required=False)
    decision_signer = LimitedCharField(label=_("Người ký"), max_length=150, required=False)
    source_documents = _text(_("Căn cứ (mỗi văn bản một dòng)"), rows=3)
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: kế hoạch gồm mọi lĩnh vực đang áp dụng."),
    )
    requires_confirmation = forms.BooleanField(
        label=_("Cần xác nhận hoàn thành"),
        required=False,
        help_text=_("Nhiệm vụ chỉ được tính là hoàn thành khi cơ quan ban hành kế hoạch xác nhận."),
    )
    # The version the editor opened: a plan saved by someone else meanwhile is refused, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies_under(user.scope_unit if not user.is_superuser else None)
        areas = Area.objects.filter(is_active=True)
        if plan is not None:
            areas = Area.objects.filter(Q(is_active=True) | Q(plans=plan)).distinct()
            # The owner and the year decide who manages the plan and what it counts: not changed afterwards.
            for name in ("owner_agency", "year"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        self.fields["areas"].queryset = areas.order_by("order", "id")


class TaskForm(forms.Form):
    """A task of a plan: its area among the plan's, its agencies among those of the plan's unit subtree."""

    number = LimitedCharField(label=_("Số thứ tự"), max_length=20, required=False)
    title = _text(_("Nội dung nhiệm vụ"), required=True, rows=3)
    area = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Area.objects.none(), empty_label=_("— Chọn lĩnh vực —"))
    parent = forms.ModelChoiceField(
        label=_("Thuộc nhiệm vụ"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("— Nhiệm vụ của kế hoạch (không phải nhiệm vụ con) —"),
    )
    lead_agency = AgencyChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.none(), empty_label=_("— Chọn cơ quan —")
    )
    coordinating_agencies = AgencyMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Giữ phím Ctrl (trên điện thoại: chạm) để chọn nhiều cơ quan."),
    )
    deadline = forms.DateField(label=_("Thời hạn"), widget=DATE)
    expected_output = LimitedCharField(label=_("Sản phẩm"), max_length=500, required=False)
    weight = forms.DecimalField(label=_("Trọng số"), max_digits=6, decimal_places=2, min_value=0, initial=1)
    notes = _text(_("Ghi chú"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, task: Task | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = agencies_under(plan.unit)
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating_agencies"].queryset = agencies
        self.fields["area"].queryset = plan.areas.order_by("order", "id")
        if task is None:
            self.fields["parent"].queryset = plan.tasks.filter(parent__isnull=True).exclude(
                status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED]
            )
        else:
            # A sub-task stays where it is; the deadline in force changes through extensions only.
            del self.fields["parent"]
            self.fields["deadline"].label = _("Thời hạn ban đầu")
            self.fields["deadline"].help_text = _("Sửa được khi nhiệm vụ chưa được gia hạn lần nào.")


class VersionedForm(forms.Form):
    """Every step posts the task's version: a task changed meanwhile is refused, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProgressForm(VersionedForm):
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"), min_value=0, max_value=99, help_text=_("Đạt 100%: báo cáo hoàn thành kèm minh chứng.")
    )
    text = _text(_("Kết quả thực hiện"), rows=3, attrs=ASKED)
    document_number = LimitedCharField(label=_("Số văn bản"), max_length=NUMBER_MAX_LENGTH, required=False)
    upload = _upload(_("Tệp đính kèm"))


class CompleteForm(VersionedForm):
    evidence_number = LimitedCharField(
        label=_("Số văn bản minh chứng"),
        max_length=NUMBER_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs=ASKED),
        help_text=_("Ví dụ: 15/BC-SNV."),
    )
    evidence_date = forms.DateField(label=_("Ngày văn bản minh chứng"), widget=DATE_ASKED, required=False)
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành"), widget=DATE, required=False, help_text=_("Để trống: hôm nay.")
    )
    note = _text(_("Kết quả, sản phẩm"), rows=2)
    upload = _upload(_("Tệp minh chứng"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()


class ReasonForm(VersionedForm):
    reason = LimitedCharField(
        label=_("Lý do"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **ASKED}),
    )


class ExtensionRequestForm(VersionedForm):
    requested_deadline = forms.DateField(label=_("Thời hạn đề nghị"), widget=DATE_ASKED)
    reason = _text(_("Lý do đề nghị gia hạn"), rows=2, attrs=ASKED)


class ExtensionDecisionForm(VersionedForm):
    APPROVE, REFUSE = "approve", "refuse"

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(APPROVE, _("Đồng ý gia hạn")), (REFUSE, _("Không đồng ý"))],
        widget=forms.RadioSelect,
        initial=APPROVE,
    )
    deadline = forms.DateField(
        label=_("Thời hạn được gia hạn"),
        widget=DATE,
        required=False,
        help_text=_("Để trống: theo thời hạn đề nghị."),
    )
    note = LimitedCharField(
        label=_("Ý kiến"),
        max_length=LINE_MAX_LENGTH * 2,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi không đồng ý."),
    )


class AsOfForm(forms.Form):
    on = forms.DateField(label=_("Tính đến ngày"), widget=DATE, required=False)

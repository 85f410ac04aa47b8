"""One form per workflow step of a petition (classify, accept, process, extend, settle, …), and assignment."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.choices import ComplaintResult, Complexity, Field, Outcome
from petitions.forms.base import VersionedForm, _past_date
from portal.catalogs import CatalogChoicesMixin, label_of
from portal.limits import LINE_MAX_LENGTH, NOTE_MAX_LENGTH, NUMBER_MAX_LENGTH, LimitedCharField
from portal.models import Agency, CatalogEntry, User
from portal.widgets import AgencyPicker


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
    subfield = forms.ChoiceField(
        label=_("Nội dung cụ thể"),
        choices=[],
        required=False,
        help_text=_("Mục con của lĩnh vực đã chọn; để trống nếu không có."),
    )
    complexity = forms.ChoiceField(label=_("Tính chất"), choices=Complexity.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sub-fields in force, each with the field it belongs to (one query), so `clean` can match them.
        entries = (
            CatalogEntry.objects.in_force(CatalogEntry.Catalog.CONTENT_FIELD)
            .filter(parent__code__in=Field.values)
            .select_related("parent")
        )
        self.subfield_parent = {e.code: e.parent.code for e in entries}
        self.fields["subfield"].choices = [("", "—"), *((e.code, f"{e.parent.label} › {e.label}") for e in entries)]

    def clean(self):
        data = super().clean()
        if data.get("qualified") is False and not data.get("unqualified_reason", "").strip():
            self.add_error("unqualified_reason", _("Hãy ghi lý do đơn không đủ điều kiện xử lý."))
        if self.add_prefix("subfield") not in self.data:
            data["subfield"] = None  # not sent (an API call): the petition keeps its sub-field
        subfield, field = data.get("subfield"), data.get("field")
        if subfield and field and self.subfield_parent.get(subfield, field) != field:
            self.add_error(
                "subfield",
                _(
                    "“%(subfield)s” không thuộc lĩnh vực “%(field)s”: "
                    "hãy chọn nội dung cụ thể của lĩnh vực này, hoặc để trống."
                )
                % {
                    "subfield": label_of(CatalogEntry.Catalog.CONTENT_FIELD, subfield),
                    "field": label_of(
                        CatalogEntry.Catalog.CONTENT_FIELD, field, default=dict(Field.choices).get(field, field)
                    ),
                },
            )
        return data


def start_from_petition(form: ClassifyForm, petition) -> None:
    """Classifying starts from what intake recorded: the field, sub-field and the rest are kept unless changed."""
    # A retired field or sub-field stays offered, so showing and sending the form never changes the petition.
    for name in ("field", "subfield"):
        code, choices = getattr(petition, name), form.fields[name].choices
        if code and code not in {value for value, _label in choices}:
            form.fields[name].choices = [*choices, (code, label_of(CatalogEntry.Catalog.CONTENT_FIELD, code))]
    if form.is_bound:
        return
    yes_no = {True: "yes", False: "no"}
    form.initial.update(
        {
            "field": petition.field,
            "subfield": petition.subfield,
            "complexity": petition.complexity,
            "qualified": yes_no.get(petition.qualified),
            "within_authority": yes_no.get(petition.within_authority),
            "unqualified_reason": petition.unqualified_reason,
        }
    )


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
        widget=AgencyPicker(),
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
        widget=AgencyPicker(),
    )


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

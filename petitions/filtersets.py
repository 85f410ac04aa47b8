"""The petition list's filters: one FilterSet for the HTML list, the API and exports."""

import django_filters
from django import forms
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.choices import DeadlineState, Field, Kind, Status
from petitions.deadlines import deadline_state_q
from petitions.identity import CONFIDENTIAL_KINDS
from petitions.metrics import KIND_GROUP_KINDS, KIND_GROUP_LABELS, METRIC_LABELS, metric_lead_petitions
from petitions.models import Case, Petition, Petitioner
from petitions.selectors import text_search_q, with_deadline_state
from portal.choices import ETHNICITY_CHOICES, FOREIGN_ETHNICITY, KINH
from portal.filtersets import UnitSubtreeFilter
from portal.models import Agency, CatalogEntry
from portal.text import fold


def content_field_q(text: str, fields: tuple[str, ...] = ("field", "subfield")) -> Q:
    """Rows whose field or sub-field is named by the text ("đất đai" finds "Đất đai, nhà cửa" and its
    sub-fields), by the labels administrators keep in the content-field catalog (one small query).
    `fields` names the row's field columns (a reception visit: "visits__field")."""
    folded = fold(text)
    entries = list(
        CatalogEntry.objects.filter(catalog=CatalogEntry.Catalog.CONTENT_FIELD).values_list(
            "code", "label", "parent__code"
        )
    )
    named = {code for code, label, _parent in entries if folded in fold(label)}
    named |= {value for value, label in Field.choices if folded in fold(str(label))}
    # a field named also brings in its sub-fields, and a group ("Hành chính") the fields under it
    for _round in range(2):
        named |= {code for code, _label, parent in entries if parent in named}
    if not named:
        return Q(pk__in=[])
    any_named = Q()
    for column in fields:
        any_named |= Q(**{f"{column}__in": named})
    return any_named


# --- ethnicity: one definition for these lists, the reception lists and the report (reports.ethnicity) ---

NOT_MINORITY = ("", KINH, FOREIGN_ETHNICITY)  # blank (not recorded), Kinh, a foreign national
ETHNICITY_UNKNOWN = "unknown"  # the filter's value for "no ethnicity recorded" (or nobody named)
ETHNICITY_FILTER_CHOICES = [*ETHNICITY_CHOICES, (ETHNICITY_UNKNOWN, _("Chưa ghi dân tộc"))]
LEAD_ETHNICITY = "lead_ethnicity"  # the alias lead_ethnicity() is given on a list's rows


def minority_people(people: QuerySet) -> QuerySet:
    """The people (petitioners, citizens at reception) who belong to an ethnic minority."""
    return people.exclude(ethnicity__in=NOT_MINORITY)


def lead_ethnicity(people: QuerySet, link: str) -> Subquery:
    """The ethnic group of a record's lead person: its representative, else the first one recorded
    (the order records name their people in); NULL for a record that names nobody.

    `people` are Petitioner or VisitCitizen rows, `link` their foreign key to the record.
    """
    lead = people.filter(**{link: OuterRef("pk")}).order_by("-is_representative", "pk")
    return Subquery(lead.values("ethnicity")[:1])


def ethnicity_described(filterset) -> list[str]:
    """The ethnic group a list opened from the ethnicity breakdown is about, as the dashboard's row names it
    ("Người gửi là đồng bào dân tộc thiểu số", "Dân tộc: Tày"); nothing when the list is not filtered by it."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return []
    data, fields = filterset.form.cleaned_data, filterset.form.fields
    parts = []
    if data.get("ethnic_minority"):
        parts.append(str(fields["ethnic_minority"].label))
    if data.get("ethnicity"):
        labels = dict(fields["ethnicity"].choices)
        names = ", ".join(str(labels.get(code, code)) for code in data["ethnicity"])
        parts.append(_("Dân tộc: %(names)s") % {"names": names})
    return parts


def lead_ethnicity_q(codes: list[str]) -> Q:
    """Rows (with the LEAD_ETHNICITY alias) whose lead person is of one of these groups or unknown."""
    wanted = Q(**{f"{LEAD_ETHNICITY}__in": [code for code in codes if code != ETHNICITY_UNKNOWN]})
    if ETHNICITY_UNKNOWN in codes:
        wanted |= Q(**{f"{LEAD_ETHNICITY}__isnull": True}) | Q(**{LEAD_ETHNICITY: ""})
    return wanted


class PetitionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        help_text=_("Số đăng ký, nội dung, lĩnh vực, tên người gửi (không cần dấu)."),
    )
    kind = django_filters.ChoiceFilter(label=_("Loại đơn"), choices=Kind.choices, empty_label=_("Tất cả"))
    kind_group = django_filters.ChoiceFilter(
        label=_("Nhóm loại đơn"),
        choices=list(KIND_GROUP_LABELS.items()),
        method="filter_kind_group",
        widget=forms.HiddenInput,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"),
        choices=Status.choices,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        distinct=False,  # a column of the row itself: nothing is joined, nothing to make distinct
    )
    deadline_state = django_filters.ChoiceFilter(
        label=_("Thời hạn"), choices=DeadlineState.choices, method="filter_deadline_state", empty_label=_("Tất cả")
    )
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=_("Tất cả"))
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")
    own_level = django_filters.BooleanFilter(
        label=_("Chỉ cơ quan của đơn vị, không gồm cấp dưới"), method="filter_own_level", widget=forms.HiddenInput
    )
    handling_agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan giải quyết"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    case = django_filters.ModelChoiceFilter(label=_("Vụ việc"), queryset=Case.objects.all(), widget=forms.HiddenInput)
    received_from = django_filters.DateFilter(
        label=_("Nhận từ ngày"),
        field_name="received_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = django_filters.DateFilter(
        label=_("đến ngày"), field_name="received_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    metric = django_filters.ChoiceFilter(
        label=_("Chỉ số báo cáo"),
        method="filter_metric",
        widget=forms.HiddenInput,
        choices=list(METRIC_LABELS.items()),
    )
    metric_from = django_filters.DateFilter(method="filter_noop", widget=forms.HiddenInput)
    metric_to = django_filters.DateFilter(method="filter_noop", widget=forms.HiddenInput)
    ethnic_minority = django_filters.BooleanFilter(
        label=_("Người gửi là đồng bào dân tộc thiểu số"), method="filter_ethnic_minority", widget=forms.CheckboxInput
    )
    ethnicity = django_filters.MultipleChoiceFilter(
        label=_("Dân tộc của người đứng tên đơn"),
        choices=ETHNICITY_FILTER_CHOICES,
        method="filter_ethnicity",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    no_denunciation = django_filters.BooleanFilter(
        label=_("Không gồm đơn tố cáo"), method="filter_no_denunciation", widget=forms.HiddenInput
    )
    mine = django_filters.BooleanFilter(label=_("Đơn tôi được giao"), method="filter_mine", widget=forms.CheckboxInput)
    ordering = django_filters.OrderingFilter(
        label=_("Sắp xếp"),
        fields=(("received_on", "received_on"), ("deadline", "deadline"), ("register_number", "register_number")),
        # Both directions named here: django-filter's own suffix for the reverse order is not Vietnamese.
        field_labels={
            "received_on": _("Ngày nhận (cũ nhất trước)"),
            "-received_on": _("Ngày nhận (mới nhất trước)"),
            "deadline": _("Hạn (gần nhất trước)"),
            "-deadline": _("Hạn (xa nhất trước)"),
            "register_number": _("Số đăng ký (tăng dần)"),
            "-register_number": _("Số đăng ký (giảm dần)"),
        },
        empty_label=_("Mặc định"),
    )

    class Meta:
        model = Petition
        fields = [
            "q",
            "kind",
            "status",
            "deadline_state",
            "field",
            "unit",
            "handling_agency",
            "case",
            "received_from",
            "received_to",
            "mine",
        ]

    @property
    def qs(self):
        # Every row carries its deadline state. No filter joins a many-valued relation (names, assignees and
        # ethnicities are subqueries), so a row appears once without a DISTINCT over the whole register.
        return with_deadline_state(super().qs, on=timezone.localdate())

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(text_search_q(self.request.user, value) | content_field_q(value))

    def filter_deadline_state(self, queryset, name, value):
        return queryset.filter(deadline_state_q(value, timezone.localdate()))

    def filter_kind_group(self, queryset, name, value):
        """A report's kind group (recommendations with reflections); the cases of a metric by the case's kind."""
        kinds = KIND_GROUP_KINDS.get(value)
        if not kinds:
            return queryset
        by_case = bool(self.form.cleaned_data.get("metric"))
        return queryset.filter(**{"case__kind__in" if by_case else "kind__in": kinds})

    def filter_own_level(self, queryset, name, value):
        """The rows of the chosen unit's own agencies only: the dashboard's "Cơ quan cấp tỉnh" row."""
        unit = self.form.cleaned_data.get("unit")
        return queryset.filter(unit=unit) if value and unit is not None else queryset

    def filter_metric(self, queryset, name, value):
        """The cases behind a dashboard number: lead petitions of cases within authority in that metric."""
        start, end = self.form.cleaned_data.get("metric_from"), self.form.cleaned_data.get("metric_to")
        if not value or not start or not end:
            return queryset
        return metric_lead_petitions(queryset, value, start, end)

    def filter_noop(self, queryset, name, value):
        return queryset  # read by filter_metric

    def _identity_visible(self, queryset):
        # A hidden denouncer's ethnicity must not be learnt by narrowing a list to one row.
        identity_visible = Petition.objects.filter(Petition.objects.identity_visible_q(self.request.user))
        return queryset.filter(pk__in=identity_visible.values("pk"))

    def filter_ethnic_minority(self, queryset, name, value):
        """Petitions with at least one petitioner of an ethnic minority."""
        if not value:
            return queryset
        minority = minority_people(Petitioner.objects.all()).values("petition_id")
        return self._identity_visible(queryset.filter(pk__in=minority))

    def filter_ethnicity(self, queryset, name, value):
        """Petitions by their lead petitioner's group (the dashboard's "theo dân tộc" rows)."""
        if not value:
            return queryset
        led = queryset.alias(**{LEAD_ETHNICITY: lead_ethnicity(Petitioner.objects.all(), "petition")})
        return self._identity_visible(led.filter(lead_ethnicity_q(list(value))))

    def filter_no_denunciation(self, queryset, name, value):
        """Leave denunciations out, as the ethnicity breakdown does (their petitioners are kept secret)."""
        return queryset.exclude(kind__in=CONFIDENTIAL_KINDS) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignees=self.request.user) if value else queryset

"""The reform lists' filters: one FilterSet per list for the HTML page, the API and the Excel export."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import AgencyKind
from portal.filtersets import UnitSubtreeFilter
from portal.models import Agency
from reform.choices import ExtensionStatus, IndicatorKind, TaskState, TaskStatus
from reform.models import Area, IndicatorValue, Plan, Task, TaskExtension
from reform.selectors import with_state


def _scoped_choices(filterset: django_filters.FilterSet) -> None:
    """Plans offered (and accepted) are only those the official may see: an id from elsewhere matches nothing."""
    user = getattr(filterset.request, "user", None)
    if "plan" in filterset.filters and user is not None:
        filterset.filters["plan"].queryset = Plan.objects.visible_to(user).select_related("unit")


class StrictFilterSet(django_filters.FilterSet):
    """An invalid filter (a plan outside the scope, a malformed id) matches nothing instead of being dropped:
    a list never shows more than was asked for."""

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


class PlanFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), field_name="title", lookup_expr="icontains", max_length=100)
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2000, max_value=2100)
    owner_agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan ban hành"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")

    class Meta:
        model = Plan
        fields = ["q", "year", "owner_agency", "unit"]


FIGURE_CHOICES = [
    ("planned", _("Nhiệm vụ kế hoạch")),
    ("completed", _("Đã hoàn thành")),
    ("fallen_due", _("Nhiệm vụ đã đến hạn")),
    ("completed_of_due", _("Nhiệm vụ đã đến hạn và đã hoàn thành")),
]
DUE_FIGURES = {"fallen_due": "planned", "completed_of_due": "completed"}  # as selectors.state_counts counts them
FIGURE_STATES = {
    "planned": [state for state in TaskState if state != TaskState.CANCELLED],
    "completed": [TaskState.COMPLETED_ON_TIME, TaskState.COMPLETED_LATE],
}


class TaskFilterSet(StrictFilterSet):
    """Filters of the task list. `state` is the six states as of today (or `on`, in the API)."""

    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_q", max_length=100, help_text=_("Số thứ tự, nội dung hoặc sản phẩm.")
    )
    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), queryset=Plan.objects.none(), empty_label=_("Tất cả"))
    year = django_filters.NumberFilter(label=_("Năm"), field_name="plan__year", min_value=2000, max_value=2100)
    area = django_filters.ModelChoiceFilter(label=_("Lĩnh vực"), queryset=Area.objects.all(), empty_label=_("Tất cả"))
    lead_agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan chủ trì"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=TaskStatus.choices, empty_label=_("Tất cả"))
    state = django_filters.ChoiceFilter(
        label=_("Theo dõi thời hạn"), choices=TaskState.choices, method="filter_state", empty_label=_("Tất cả")
    )
    on = django_filters.DateFilter(
        label=_("Tính đến ngày"), method="filter_on", widget=forms.HiddenInput, input_formats=["%Y-%m-%d"]
    )
    top = django_filters.BooleanFilter(
        label=_("Chỉ nhiệm vụ của kế hoạch (không gồm nhiệm vụ con)"), method="filter_top", widget=forms.HiddenInput
    )
    mine = django_filters.BooleanFilter(
        label=_("Nhiệm vụ cơ quan tôi chủ trì"), method="filter_mine", widget=forms.CheckboxInput
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="plan__unit")
    # What a dashboard's figure opens: the plans of one unit only (not its sub-units), over the period's years,
    # and the tasks a figure counts (the planned ones leave cancelled tasks out; the completed ones, both states).
    plan_unit = django_filters.NumberFilter(field_name="plan__unit", widget=forms.HiddenInput, min_value=1)
    # With plan_unit, the unit's own plans (its People's Committee's) apart from its departments' plans.
    owner_kind = django_filters.ChoiceFilter(
        label=_("Loại cơ quan ban hành"),
        field_name="plan__owner_agency__kind",
        choices=AgencyKind.choices,
        widget=forms.HiddenInput,
    )
    year_from = django_filters.NumberFilter(field_name="plan__year", lookup_expr="gte", widget=forms.HiddenInput)
    year_to = django_filters.NumberFilter(field_name="plan__year", lookup_expr="lte", widget=forms.HiddenInput)
    figure = django_filters.ChoiceFilter(
        label=_("Chỉ tiêu"), choices=FIGURE_CHOICES, method="filter_figure", widget=forms.HiddenInput
    )
    extension_pending = django_filters.BooleanFilter(
        label=_("Có đề nghị gia hạn chờ quyết định"), method="filter_extension_pending", widget=forms.HiddenInput
    )

    class Meta:
        model = Task
        fields = [
            "q",
            "plan",
            "year",
            "area",
            "lead_agency",
            "status",
            "state",
            "on",
            "top",
            "mine",
            "unit",
            "plan_unit",
            "owner_kind",
            "year_from",
            "year_to",
            "figure",
            "extension_pending",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _scoped_choices(self)

    def filter_q(self, queryset, name, value):
        text = value.strip()
        return queryset.search(text) if text else queryset

    def as_of(self):
        """The day states are read as of: `on`, or today."""
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return data.get("on") or timezone.localdate()

    def filter_on(self, queryset, name, value):
        return queryset  # read by filter_state and the page (as_of), not a filter of its own

    def filter_top(self, queryset, name, value):
        # The plan's figures count the tasks it lists; their sub-tasks feed their progress.
        return queryset.filter(parent__isnull=True) if value else queryset

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        return with_state(queryset, self.as_of()).filter(state=value)

    def filter_figure(self, queryset, name, value):
        if not value:
            return queryset
        on = self.as_of()
        rows = with_state(queryset, on)
        if value in DUE_FIGURES:  # a deadline on or before the day (reform.selectors.state_counts)
            return rows.filter(deadline_then__lte=on, state__in=FIGURE_STATES[DUE_FIGURES[value]])
        return rows.filter(state__in=FIGURE_STATES[value])

    def filter_extension_pending(self, queryset, name, value):
        if not value:
            return queryset
        pending = TaskExtension.objects.filter(task=OuterRef("pk"), status=ExtensionStatus.PENDING)
        return queryset.filter(Exists(pending))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(lead_agency_id=user.agency_id) if user.agency_id else queryset.none()


class IndicatorFilterSet(StrictFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Chỉ số"), choices=IndicatorKind.choices, empty_label=_("Tất cả"))
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2000, max_value=2100)
    year_from = django_filters.NumberFilter(label=_("Từ năm"), field_name="year", lookup_expr="gte")
    year_to = django_filters.NumberFilter(label=_("Đến năm"), field_name="year", lookup_expr="lte")
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")

    class Meta:
        model = IndicatorValue
        fields = ["kind", "year", "year_from", "year_to", "unit"]

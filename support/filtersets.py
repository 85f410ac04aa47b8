"""The support lists' filters: one FilterSet per list for the HTML page and the API (and the figures' drill-down)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filtersets import UnitSubtreeFilter
from portal.models import AdministrativeUnit, Agency
from portal.text import fold
from support.choices import ActivityStatus
from support.models import Activity, ActivityType, Assignment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrictFilterSet(django_filters.FilterSet):
    """An invalid filter matches nothing instead of being dropped: a list never shows more than was asked for."""

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


class AssignmentFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), method="filter_q", max_length=100, help_text=_("Tên xã, tên cơ quan hoặc số quyết định.")
    )
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2015, max_value=2100)
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="commune")
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan phụ trách"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    in_force = django_filters.DateFilter(label=_("Đang phụ trách vào ngày"), method="filter_in_force", widget=DATE)

    class Meta:
        model = Assignment
        fields = ["q", "year", "unit", "agency", "in_force"]

    def filter_q(self, queryset, name, value):
        text = fold(value)
        return queryset.filter(
            Q(commune__search_name__contains=text)
            | Q(agency__name__icontains=value)
            | Q(decision_number__icontains=value)
        )

    def filter_in_force(self, queryset, name, value):
        return queryset.in_force(value) if value else queryset


class ActivityFilterSet(StrictFilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"), field_name="description", lookup_expr="icontains", max_length=100
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ActivityStatus.choices, empty_label=_("Tất cả"))
    activity_type = django_filters.ModelChoiceFilter(
        label=_("Loại hỗ trợ"), queryset=ActivityType.objects.all(), empty_label=_("Tất cả")
    )
    date_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="date", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("Đến ngày"), field_name="date", lookup_expr="lte", widget=DATE)
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="assignment__commune")
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan phụ trách"),
        field_name="assignment__agency",
        queryset=Agency.objects.all(),
        widget=forms.HiddenInput,
    )
    assignment = django_filters.ModelChoiceFilter(
        label=_("Phân công"), queryset=Assignment.objects.all(), widget=forms.HiddenInput
    )

    class Meta:
        model = Activity
        fields = ["q", "status", "activity_type", "date_from", "date_to", "unit", "agency", "assignment"]


class CoverageFilterSet(StrictFilterSet):
    """The communes behind the coverage figures (`year`: the period; the rows are annotated by the view)."""

    year = django_filters.NumberFilter(label=_("Năm"), min_value=2015, max_value=2100, method="keep")
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="")
    covered = django_filters.BooleanFilter(
        label=_("Có hoạt động được xác nhận trong quý"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Chưa có"))]),
    )

    def keep(self, queryset, name, value):
        return queryset  # the view reads it to annotate the rows


class AgencyCoverageFilterSet(StrictFilterSet):
    """The agencies behind the `agencies` and `inactive_agencies` figures."""

    year = django_filters.NumberFilter(label=_("Năm"), min_value=2015, max_value=2100, method="keep")
    unit = django_filters.ModelChoiceFilter(
        label=_("Địa bàn (gồm cấp dưới)"), queryset=AdministrativeUnit.objects.all(), method="keep"
    )
    active = django_filters.BooleanFilter(
        label=_("Có hoạt động được xác nhận trong 90 ngày"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không có"))]),
    )

    def keep(self, queryset, name, value):
        return queryset

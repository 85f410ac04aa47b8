"""The published decisions' filters: one FilterSet for the public page, the public API and the officials' list."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.filtersets import UnitSubtreeFilter
from portal.text import fold
from transparency.choices import Field
from transparency.models import PublishedDecision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PublishedDecisionFilterSet(django_filters.FilterSet):
    """By unit (with the units under it), decision date range, field, and number or title."""

    q = django_filters.CharFilter(label=_("Số hoặc trích yếu (không cần dấu)"), method="filter_q", max_length=100)
    unit = UnitSubtreeFilter(label=_("Đơn vị (gồm cấp dưới)"), unit_field="unit")
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=_("Tất cả"))
    date_from = django_filters.DateFilter(
        label=_("Ban hành từ ngày"), field_name="decided_on", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("Ban hành đến ngày"), field_name="decided_on", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = PublishedDecision
        fields = ["q", "unit", "field", "date_from", "date_to"]

    @property
    def qs(self):
        # An invalid filter matches nothing rather than being dropped: a list never shows more than was asked.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_q(self, queryset, name, value):
        return queryset.filter(*[Q(search_text__contains=word) for word in fold(value).split()])


def offer_units(filterset: PublishedDecisionFilterSet, options: list[tuple[int, str]]) -> None:
    """Show the unit filter as a select of the given units (the public page: units with decisions online)."""
    filterset.form.fields["unit"].widget = forms.Select(choices=[("", _("Tất cả đơn vị")), *options])

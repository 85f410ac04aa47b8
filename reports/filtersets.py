"""The FilterSet of the reports app's one list of rows: an official's own exports."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from reports import registry
from reports.models import ExportJob, ExportStatus

DATE = forms.DateInput(attrs={"type": "date"})


def export_kinds() -> list[tuple[str, str]]:
    """Every export a family declares, by its label (read when the form is built: families register late)."""
    return [(key, str(export.label)) for key, export in registry.exports().items()]


class ExportJobFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=export_kinds, empty_label=_("Tất cả"))
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ExportStatus.choices, empty_label=_("Tất cả"))
    date_from = django_filters.DateFilter(
        label=_("Từ ngày"), field_name="created_at", lookup_expr="date__gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("đến ngày"), field_name="created_at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        model = ExportJob
        fields = ["kind", "status", "date_from", "date_to"]

"""The request log's filters: status, right, overdue, unit (with its sub-units)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filtersets import UnitSubtreeFilter
from privacy.choices import RequestStatus, Right
from privacy.models import DataSubjectRequest


class DataSubjectRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RequestStatus.choices, empty_label=_("Tất cả"))
    right = django_filters.ChoiceFilter(label=_("Quyền yêu cầu"), choices=Right.choices, empty_label=_("Tất cả"))
    overdue = django_filters.ChoiceFilter(
        label=_("Hạn trả lời"),
        choices=[("yes", _("Quá hạn, chưa trả lời")), ("no", _("Chưa quá hạn"))],
        empty_label=_("Tất cả"),
        method="filter_overdue",
    )
    unit = UnitSubtreeFilter(label=_("Đơn vị (gồm cấp dưới)"), unit_field="unit")

    class Meta:
        model = DataSubjectRequest
        fields = ["status", "right", "overdue", "unit"]

    @property
    def qs(self):
        # An invalid filter matches nothing rather than being dropped: a list never shows more than was asked.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_overdue(self, queryset, name, value):
        late = Q(status=RequestStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)

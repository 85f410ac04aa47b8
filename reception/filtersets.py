"""One FilterSet per reception list, shared by the HTML pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.choices import Kind
from petitions.filtersets import content_field_q
from petitions.identity import VISIT
from portal.filtersets import UnitSubtreeFilter
from portal.models import Agency
from portal.text import fold
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.models import ReceptionSession, ReceptionVisit

DATE = forms.DateInput(attrs={"type": "date"})


class SessionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        max_length=100,
        help_text=_("Tên hoặc số định danh công dân, nội dung, lĩnh vực, người tiếp (không cần dấu)."),
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    kind = django_filters.ChoiceFilter(label=_("Hình thức tiếp"), choices=SessionKind.choices, empty_label=_("Tất cả"))
    received_by = django_filters.ChoiceFilter(
        label=_("Người tiếp"), choices=ReceivedBy.choices, empty_label=_("Tất cả")
    )
    date_from = django_filters.DateFilter(label=_("Từ ngày"), field_name="date", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("đến ngày"), field_name="date", lookup_expr="lte", widget=DATE)
    delegation = django_filters.BooleanFilter(
        label=_("Có đoàn đông người"), method="filter_delegation", widget=forms.CheckboxInput
    )
    reception_only = django_filters.BooleanFilter(
        label=_("Chỉ buổi tiếp công dân (không gồm đối thoại)"),
        method="filter_reception_only",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = ReceptionSession
        fields = [
            "q",
            "unit",
            "agency",
            "kind",
            "received_by",
            "date_from",
            "date_to",
            "delegation",
            "reception_only",
        ]

    def filter_q(self, queryset, name, value):
        """Sessions by what was said and who came: a citizen's name or ID only where the official may see
        that visitor's identity (a denouncer met at reception is kept like one who wrote)."""
        text = value.strip()
        if not text:
            return queryset
        folded = fold(text)
        person = Q(visits__citizens__search_name__contains=folded) | Q(visits__citizens__id_number=text)
        matched = (
            Q(visits__content__icontains=text)
            | Q(receiver_name__icontains=text)
            | content_field_q(text, fields=("visits__field",))
            | (person & VISIT.q(self.request.user, prefix="visits__"))
        )
        return queryset.filter(matched).distinct()

    def filter_reception_only(self, queryset, name, value):
        """The sessions the dashboard and form 01/TCD count: citizen reception, not thematic dialogues."""
        return queryset.exclude(kind=SessionKind.DIALOGUE) if value else queryset

    def filter_delegation(self, queryset, name, value):
        return queryset.filter(visits__is_delegation=True).distinct() if value else queryset


class VisitFilterSet(django_filters.FilterSet):
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="session__unit")
    session = django_filters.ModelChoiceFilter(queryset=ReceptionSession.objects.all(), widget=forms.HiddenInput)
    kind = django_filters.ChoiceFilter(label=_("Loại việc"), choices=Kind.choices, empty_label=_("Tất cả"))
    action = django_filters.ChoiceFilter(label=_("Kết quả tiếp"), choices=VisitAction.choices, empty_label=_("Tất cả"))
    is_delegation = django_filters.BooleanFilter(label=_("Đoàn đông người"))
    first_visit = django_filters.BooleanFilter(label=_("Tiếp lần đầu"))
    date_from = django_filters.DateFilter(
        label=_("Từ ngày"), field_name="session__date", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(label=_("đến ngày"), field_name="session__date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = ReceptionVisit
        fields = ["unit", "session", "kind", "action", "is_delegation", "first_visit", "date_from", "date_to"]

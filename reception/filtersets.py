"""One FilterSet per reception list, shared by the HTML pages and the API."""

import django_filters
from django import forms
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from petitions.choices import Kind
from petitions.filtersets import (
    ETHNICITY_FILTER_CHOICES,
    LEAD_ETHNICITY,
    content_field_q,
    lead_ethnicity,
    lead_ethnicity_q,
    minority_people,
)
from petitions.identity import CONFIDENTIAL_KINDS, VISIT
from portal.encryption import id_digest, name_digest
from portal.filtersets import UnitSubtreeFilter
from portal.models import Agency
from portal.text import fold
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.models import ReceptionSession, ReceptionVisit, VisitCitizen

DATE = forms.DateInput(attrs={"type": "date"})


def visits_matching(visits, data: dict, user):
    """The visits meeting the ethnicity conditions of `data`; None when it names none.

    By ethnicity: at least one citizen of an ethnic minority (`ethnic_minority`), or the lead citizen
    (the representative, else the first recorded) of these groups (`ethnicity`), only among visits
    whose citizens' identity the user may see: a denouncer met at reception is kept like one who wrote
    (petitions.identity.VISIT). `no_denunciation` leaves denunciations out, as the breakdown does.
    """
    minority, codes, no_denunciation = data.get("ethnic_minority"), data.get("ethnicity"), data.get("no_denunciation")
    if not (minority or codes or no_denunciation):
        return None
    if no_denunciation:
        visits = visits.exclude(kind__in=CONFIDENTIAL_KINDS)
    if minority or codes:
        visits = visits.filter(pk__in=ReceptionVisit.objects.filter(VISIT.q(user)).values("pk"))
    if minority:
        visits = visits.filter(pk__in=minority_people(VisitCitizen.objects.all()).values("visit_id"))
    if codes:
        led = visits.alias(**{LEAD_ETHNICITY: lead_ethnicity(VisitCitizen.objects.all(), "visit")})
        visits = led.filter(lead_ethnicity_q(list(codes)))
    return visits


# The visit conditions both lists take (the dashboard's ethnicity breakdown opens them), declared by
# each list where it wants them on its form and applied together by its filter_queryset.


def ethnic_minority_filter() -> django_filters.Filter:
    return django_filters.BooleanFilter(
        label=_("Công dân là đồng bào dân tộc thiểu số"), method="filter_visits", widget=forms.CheckboxInput
    )


def ethnicity_filter() -> django_filters.Filter:
    return django_filters.MultipleChoiceFilter(
        label=_("Dân tộc của người đứng tên lượt tiếp"),
        choices=ETHNICITY_FILTER_CHOICES,
        method="filter_visits",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )


def no_denunciation_filter() -> django_filters.Filter:
    return django_filters.BooleanFilter(
        label=_("Không gồm việc tố cáo"), method="filter_visits", widget=forms.HiddenInput
    )


class VisitConditionsMixin:
    def filter_visits(self, queryset, name, value):
        return queryset  # applied together, by filter_queryset

    def matching_visits(self, visits):
        return visits_matching(visits, self.form.cleaned_data, self.request.user)


class SessionFilterSet(VisitConditionsMixin, django_filters.FilterSet):
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
    ethnic_minority = ethnic_minority_filter()
    ethnicity = ethnicity_filter()
    no_denunciation = no_denunciation_filter()

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
        person = (
            Q(visits__citizens__search_name__contains=folded)
            | Q(visits__citizens__name_digest=name_digest(text))
            | Q(visits__citizens__id_digest=id_digest(text))
        )
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

    def filter_queryset(self, queryset):
        """Sessions holding a visit that meets every visit condition; their visit count (`visit_count`,
        shown on the list) then counts those visits only, so the column adds up to the dashboard's number."""
        queryset = super().filter_queryset(queryset)
        matching = self.matching_visits(ReceptionVisit.objects.all())
        if matching is None:
            return queryset
        per_session = (
            matching.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Count("pk")).values("n")
        )
        return queryset.filter(pk__in=matching.values("session_id")).annotate(
            visit_count=Coalesce(Subquery(per_session, output_field=IntegerField()), 0)
        )


class VisitFilterSet(VisitConditionsMixin, django_filters.FilterSet):
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
    reception_only = django_filters.BooleanFilter(
        label=_("Chỉ lượt tiếp công dân (không gồm đối thoại)"),
        method="filter_reception_only",
        widget=forms.HiddenInput,
    )
    ethnic_minority = ethnic_minority_filter()
    ethnicity = ethnicity_filter()
    no_denunciation = no_denunciation_filter()

    class Meta:
        model = ReceptionVisit
        fields = ["unit", "session", "kind", "action", "is_delegation", "first_visit", "date_from", "date_to"]

    def filter_reception_only(self, queryset, name, value):
        """The visits the dashboard and form 01/TCD count: those of sessions that are not thematic dialogues."""
        return queryset.exclude(session__kind=SessionKind.DIALOGUE) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        matching = self.matching_visits(queryset)
        return queryset if matching is None else matching

"""The registry's filters: one FilterSet per list, shared by the HTML list, the API and the Excel export.

Rounds and programmes are offered only as far as the official may see them (`Round.objects.visible_to`):
an id from outside the scope is an invalid choice, exactly like an id that does not exist, so a filter
never tells that a round exists elsewhere. The page then shows its list unfiltered with the error, the
API answers 400.
"""

import datetime as dt

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from models_registry.models import Decision, MobilizationModel, Programme, Round
from models_registry.selectors import funnel_q
from portal.filtersets import UnitSubtreeFilter


class ScopedChoicesMixin:
    """Limit the `round` and `programme` filters to the rounds the official may see (and their programmes).

    The user is the request's; a FilterSet built without a request (or `user=`) offers no round at all.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None:
            user = getattr(self.request, "user", None)
        rounds = Round.objects.visible_to(user)
        if "round" in self.filters:
            self.filters["round"].queryset = rounds
        if "programme" in self.filters:
            self.filters["programme"].queryset = Programme.objects.filter(pk__in=rounds.values("programme_id"))


def _programme_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Phong trào"), field_name=field_name, queryset=Programme.objects.all(), empty_label=_("Tất cả")
    )


def _level_filter(field_name: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Cấp công nhận"), field_name=field_name, choices=RecognitionLevel.choices, empty_label=_("Tất cả")
    )


def _round_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Đợt đăng ký"), queryset=Round.objects.all(), widget=forms.HiddenInput
    )


FUNNEL_CHOICES = [
    ("registered", _("Đăng ký trong kỳ")),
    ("recognized", _("Được công nhận trong kỳ")),
    ("typical", _("Được chọn tiêu biểu trong kỳ")),
]


class ModelFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        max_length=100,
        help_text=_("Tên mô hình hoặc tên chủ thể (không cần dấu)."),
    )
    programme = _programme_filter("round__programme")
    round = _round_filter()
    year = django_filters.NumberFilter(label=_("Năm"), field_name="round__year", min_value=2000, max_value=2100)
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=_("Tất cả"))
    level = _level_filter("round__recognition_level")
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"),
        choices=Status.choices,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        distinct=False,  # one status per row: no join to deduplicate
    )
    owner_kind = django_filters.ChoiceFilter(
        label=_("Tập thể hay cá nhân"), choices=OwnerKind.choices, empty_label=_("Tất cả")
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")
    # A funnel figure of the dashboard opens exactly its models: the stage, counted over these dates.
    funnel = django_filters.ChoiceFilter(
        label=_("Bước"), choices=FUNNEL_CHOICES, method="filter_funnel", empty_label=_("Tất cả")
    )
    # that unit only; a number past the id column is no unit (not a database error)
    place = django_filters.NumberFilter(field_name="unit", widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    registering_agency = django_filters.NumberFilter(widget=forms.HiddenInput, min_value=1)  # an agency's dashboard
    funnel_from = django_filters.DateFilter(label=_("từ ngày"), method="filter_noop")
    funnel_to = django_filters.DateFilter(label=_("đến ngày"), method="filter_noop")

    class Meta:
        model = MobilizationModel
        fields = [
            "q",
            "programme",
            "round",
            "year",
            "field",
            "level",
            "status",
            "owner_kind",
            "unit",
            "funnel",
            "registering_agency",
            "place",
        ]

    def filter_funnel(self, queryset, name, value):
        start = self.form.cleaned_data.get("funnel_from") or dt.date.min
        end = self.form.cleaned_data.get("funnel_to") or dt.date.max
        return queryset.filter(funnel_q(value, start, end))

    def filter_noop(self, queryset, name, value):
        return queryset  # read by filter_funnel

    def filter_q(self, queryset, name, value):
        text = value.strip()
        return queryset.search(text) if text else queryset


class RoundFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    """The rounds list: programme, year, recognition level, and the launching unit with its subtree."""

    programme = _programme_filter("programme")
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2000, max_value=2100)
    level = _level_filter("recognition_level")
    unit = UnitSubtreeFilter(label=_("Đơn vị phát động (gồm cấp dưới)"), unit_field="unit")

    class Meta:
        model = Round
        fields = ["programme", "year", "level", "unit"]


class DecisionFilterSet(ScopedChoicesMixin, django_filters.FilterSet):
    """The decisions list: by round, or by the year of their round."""

    round = _round_filter()
    year = django_filters.NumberFilter(label=_("Năm"), field_name="round__year", min_value=2000, max_value=2100)

    class Meta:
        model = Decision
        fields = ["round", "year"]

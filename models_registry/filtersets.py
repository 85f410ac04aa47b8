"""The models list's filters: one FilterSet for the HTML list, the API and the Excel export."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from models_registry.models import MobilizationModel, Programme, Round
from portal.filtersets import UnitSubtreeFilter


class ModelFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        max_length=100,
        help_text=_("Tên mô hình hoặc tên chủ thể (không cần dấu)."),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Phong trào"), field_name="round__programme", queryset=Programme.objects.all(), empty_label=_("Tất cả")
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Đợt đăng ký"), queryset=Round.objects.all(), widget=forms.HiddenInput
    )
    year = django_filters.NumberFilter(label=_("Năm"), field_name="round__year", min_value=2000, max_value=2100)
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=Field.choices, empty_label=_("Tất cả"))
    level = django_filters.ChoiceFilter(
        label=_("Cấp công nhận"),
        field_name="round__recognition_level",
        choices=RecognitionLevel.choices,
        empty_label=_("Tất cả"),
    )
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

    class Meta:
        model = MobilizationModel
        fields = ["q", "programme", "round", "year", "field", "level", "status", "owner_kind", "unit"]

    def filter_q(self, queryset, name, value):
        text = value.strip()
        return queryset.search(text) if text else queryset

"""FilterSets shared by the HTML lists and the API (one definition per list)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from portal.choices import CODE_WIDTH, AgencyKind, Generation, Level, Role
from portal.models import AdministrativeUnit, Agency, User


@extend_schema_field(OpenApiTypes.INT)
class UnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """`unit=<id>` matches rows of that unit and of every unit under it (a province includes its communes).

    `unit_field` is the path from the filtered model to its AdministrativeUnit ("" for units themselves).
    """

    def __init__(self, *args, unit_field: str = "unit", **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        # Ids are set by drill-down links, not typed; the HTML form carries them along unseen.
        kwargs.setdefault("widget", forms.HiddenInput)
        self.unit_field = unit_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        from portal.scoping import subtree_q

        # the queryset's own unit field: its ancestor columns, where its rows carry them
        level_fields = getattr(qs, "level_fields", None) if getattr(qs, "unit_field", None) == self.unit_field else None
        return qs.filter(subtree_q(value, self.unit_field, level_fields))


def offer_scope_units(filterset: django_filters.FilterSet, name: str = "unit") -> None:
    """Show a unit filter as a select of the official's own subtree (province, districts, communes)."""
    user = getattr(filterset.request, "user", None)
    scope = getattr(user, "scope_unit", None)
    if scope is None:
        return  # superusers filter by drill-down links: the whole country would not fit in a list
    units = AdministrativeUnit.objects.filter(path__startswith=scope.path).order_by("path")
    indent = {Level.PROVINCE: "", Level.DISTRICT: "— ", Level.COMMUNE: "— — "}
    field = filterset.form.fields[name]
    field.widget = forms.Select(choices=[("", _("Toàn địa bàn"))] + [(u.pk, indent[u.level] + u.name) for u in units])


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Level.choices, empty_label=_("Tất cả"))
    generation = django_filters.ChoiceFilter(
        label=_("Bản đồ hành chính"), choices=Generation.choices, empty_label=_("Tất cả")
    )
    code = django_filters.CharFilter(label=_("Mã"), method="filter_code")
    parent = django_filters.ModelChoiceFilter(
        label=_("Đơn vị cấp trên"), queryset=AdministrativeUnit.objects.all(), widget=forms.HiddenInput
    )
    within = UnitSubtreeFilter(label=_("Thuộc địa bàn"), unit_field="")

    class Meta:
        model = AdministrativeUnit
        fields = ["q", "level", "generation", "code", "parent", "within"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_code(self, queryset, name, value):
        """Accept official codes with or without their leading zeros ("6" finds "06")."""
        value = value.strip()
        if not value.isdigit():
            return queryset.none()
        level = self.form.cleaned_data.get("level")
        if level:
            return queryset.filter(code=value.zfill(CODE_WIDTH[Level(level)]))
        return queryset.filter(
            Q(*[Q(level=lvl, code=value.zfill(width)) for lvl, width in CODE_WIDTH.items()], _connector=Q.OR)
        )


class AgencyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Loại cơ quan"), choices=AgencyKind.choices, empty_label=_("Tất cả"))
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="unit")
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = Agency
        fields = ["q", "kind", "unit", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class OfficialFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, tài khoản"), method="filter_q")
    agency = django_filters.ModelChoiceFilter(
        label=_("Cơ quan"), queryset=Agency.objects.all(), widget=forms.HiddenInput
    )
    role = django_filters.ChoiceFilter(
        label=_("Vai trò"), field_name="groups__name", choices=Role.choices, empty_label=_("Tất cả")
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"), unit_field="agency__unit")

    class Meta:
        model = User
        fields = ["q", "agency", "role", "unit"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))


def _audit_families() -> list[tuple[str, str]]:
    """The verbs' first words ("petition", "reception", …) that the trail holds, as a select."""
    from portal.audit_labels import FAMILY_LABELS

    return sorted(FAMILY_LABELS.items(), key=lambda item: str(item[1]))


class AuditEventFilterSet(django_filters.FilterSet):
    """The inspectors' view of the trail: what was done, by whom, where and when."""

    family = django_filters.ChoiceFilter(
        label=_("Nhóm thao tác"), choices=_audit_families, method="filter_family", empty_label=_("Tất cả")
    )
    verb = django_filters.CharFilter(label=_("Hành động (bắt đầu bằng)"), field_name="verb", lookup_expr="startswith")
    actor = django_filters.CharFilter(label=_("Người thực hiện (tên, tài khoản)"), method="filter_actor")
    target = django_filters.CharFilter(
        label=_("Đối tượng (số đơn, mã…)"), field_name="target_repr", lookup_expr="icontains"
    )
    unit = UnitSubtreeFilter(label=_("Địa bàn (gồm cấp dưới)"))
    since = django_filters.DateFilter(
        label=_("Từ ngày"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Đến ngày"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        from portal.models import AuditEvent

        model = AuditEvent
        fields = ["family", "verb", "actor", "target", "unit", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            offer_scope_units(self)

    def filter_family(self, queryset, name, value):
        return queryset.filter(verb__startswith=f"{value}.")

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(actor__username__icontains=value) | Q(actor__full_name__icontains=value))

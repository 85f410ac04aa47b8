"""Django admin for administrators, in Vietnamese; every list is scoped like the rest of the portal."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit, Agency, AuditEvent, UnitSuccession, User, WorkerHeartbeat
from portal.scoping import unit_scope_q

admin.site.site_header = _("Quản trị Cổng Dân vận")
admin.site.site_title = _("Cổng Dân vận")
admin.site.index_title = _("Quản trị hệ thống")


class ScopedAdminMixin:
    """Admin lists and change pages show only rows in the administrator's subtree."""

    scope_unit_field = "unit"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit_scope_q(request.user, self.scope_unit_field))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "generation", "parent", "remote_area"]
    list_filter = ["generation", "level", "remote_area"]
    search_fields = ["name", "search_name", "code"]
    readonly_fields = [
        "generation",
        "level",
        "code",
        "name",
        "division_type",
        "codename",
        "parent",
        "path",
        "valid_from",
        "valid_to",
    ]
    fields = [*readonly_fields, "remote_area"]
    list_select_related = ["parent"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # units come from the official list (load_units), never typed in by hand

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "partial"]
    list_filter = ["partial", "predecessor__level"]
    search_fields = ["predecessor__search_name", "successor__search_name", "predecessor__code"]
    raw_id_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active", "unit__level"]
    search_fields = ["name", "search_name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit"]


@admin.register(User)
class OfficialAdmin(ScopedAdminMixin, UserAdmin):
    scope_unit_field = "agency__unit"
    list_display = ["username", "full_name", "agency", "position", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["username", "full_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Thông tin cán bộ"), {"fields": ["full_name", "email", "phone", "agency", "position"]}),
        (_("Vai trò và quyền"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "full_name", "agency", "password1", "password2"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser can make superusers; a provincial administrator manages officials.
        return [] if request.user.is_superuser else ["is_superuser", "last_login", "date_joined"]


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_repr", "before", "after"]
    list_filter = ["verb"]
    search_fields = ["verb", "target_repr", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the audit trail is append-only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at", "hostname"]

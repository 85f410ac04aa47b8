from django.contrib import admin

from portal.admin import AuditedAdminMixin, ScopedAdminMixin
from reception.models import ReceptionInfo, ReceptionSchedule, ReceptionSession


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: sessions are recorded and edited in the portal (services write the audit trail)."""

    list_display = ["date", "agency", "kind", "received_by", "receiver_name"]
    list_filter = ["kind", "received_by", "place"]
    date_hierarchy = "date"
    search_fields = ["agency__name", "receiver_name"]
    list_select_related = ["agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "agency__unit"
    list_display = ["date", "start_time", "end_time", "agency", "receiver_name", "is_public"]
    list_filter = ["is_public"]
    date_hierarchy = "date"
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


@admin.register(ReceptionInfo)
class ReceptionInfoAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "agency__unit"
    list_display = ["agency", "place", "hours"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]

"""Django admin of support for disadvantaged communes: the kinds of support are kept here; assignments and
activities are read here, scoped, and change only through the services (the portal's pages and imports)."""

from django.contrib import admin

from portal.admin import AuditedAdminMixin
from support.models import Activity, ActivityType, Assignment, PlanItem


@admin.register(ActivityType)
class ActivityTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "quantity_unit", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_display_links = ["name"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # activities refer to it; retire it with "đang áp dụng" instead


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)  # support.scoping, like every page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ["activity_type", "target", "planned_value_vnd", "planned_quantity", "people_to_reach"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["commune", "agency", "year", "decision_number", "starts_on", "ends_on"]
    list_filter = ["year"]
    search_fields = ["commune__search_name", "agency__name", "decision_number"]
    list_select_related = ["commune", "agency"]
    inlines = [PlanItemInline]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["date", "activity_type", "assignment", "money_vnd", "in_kind_vnd", "status"]
    list_filter = ["status", "activity_type"]
    search_fields = ["description", "assignment__commune__search_name", "assignment__agency__name"]
    list_select_related = ["activity_type", "assignment__commune", "assignment__agency"]
    date_hierarchy = "date"

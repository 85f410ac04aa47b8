"""Django admin of administrative reform: scoped like the rest of the portal; a task's status, progress,
deadline and evidence are read-only here (they change only through the services, from the portal's pages)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import AuditedAdminMixin, ScopedAdminMixin
from reform.models import Area, IndicatorValue, OneStopPoint, Plan, Task, TaskCompletion, TaskExtension, TaskProgress


@admin.register(Area)
class AreaAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The areas of reform every plan picks from: administrators rename, reorder or retire them."""

    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_display_links = ["name"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False  # plans and tasks refer to it; retire it with "đang áp dụng" instead


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProgressInline(ReadOnlyInline):
    model = TaskProgress
    fields = ["reported_at", "progress", "text", "document_number", "reported_by"]
    readonly_fields = fields


class CompletionInline(ReadOnlyInline):
    model = TaskCompletion
    fields = ["reported_at", "completed_on", "evidence_number", "evidence_date", "status", "return_reason"]
    readonly_fields = fields


class ExtensionInline(ReadOnlyInline):
    model = TaskExtension
    fields = ["requested_at", "previous_deadline", "requested_deadline", "granted_deadline", "status", "decided_by"]
    readonly_fields = fields


@admin.register(Plan)
class PlanAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Plans are made on the portal's pages (the service checks owner and scope); here their text is corrected."""

    list_display = ["title", "year", "unit", "owner_agency", "decision_number", "requires_confirmation"]
    list_filter = ["year", "requires_confirmation", "unit__level"]
    search_fields = ["title", "decision_number", "owner_agency__name"]
    list_select_related = ["unit", "owner_agency"]
    readonly_fields = [
        "unit",
        "owner_agency",
        "year",
        "areas_shown",
        "requires_confirmation",
        "created_by",
        "created_at",
    ]
    fields = [
        "unit",
        "owner_agency",
        "year",
        "title",
        "decision_number",
        "decision_date",
        "decision_signer",
        "source_documents",
        "areas_shown",
        "requires_confirmation",
        "created_by",
        "created_at",
    ]

    @admin.display(description=_("lĩnh vực"))
    def areas_shown(self, plan):
        return ", ".join(area.name for area in plan.areas.all())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "plan__unit"
    list_display = ["__str__", "plan", "area", "lead_agency", "deadline", "status", "progress"]
    list_filter = ["status", "area", "plan__year", "plan__unit__level"]
    search_fields = ["number", "title", "lead_agency__name", "plan__title"]
    list_select_related = ["plan", "area", "lead_agency"]
    # What the workflow owns (status, progress, deadlines, evidence) is never typed in here.
    readonly_fields = [
        "plan",
        "parent",
        "area",
        "lead_agency",
        "original_deadline",
        "deadline",
        "status",
        "progress",
        "completed_on",
        "due_when_completed",
        "evidence_number",
        "evidence_date",
        "cancelled_on",
        "cancel_reason",
        "weight",
        "version",
    ]
    fields = ["number", "title", "expected_output", "notes", "order", *readonly_fields]
    inlines = [ProgressInline, CompletionInline, ExtensionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "kind", "scheme", "component_label", "score", "max_points", "rank"]
    list_filter = ["kind", "year", "scheme"]
    search_fields = ["unit__name", "component", "component_label", "source"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(OneStopPoint)
class OneStopPointAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "agency", "opened_on", "closed_on"]
    list_filter = ["kind", "unit__level"]
    search_fields = ["name", "unit__name", "agency__name"]
    list_select_related = ["unit", "agency"]
    autocomplete_fields = ["unit"]

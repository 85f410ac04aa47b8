"""Django admin of published decisions: read here, scoped; they change only through transparency.services."""

from django.contrib import admin

from portal.admin import ScopedAdminMixin
from transparency.models import PublishedDecision, PublishedDecisionVersion


class VersionInline(admin.TabularInline):
    model = PublishedDecisionVersion
    fields = ["number", "published_at", "published_by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublishedDecision)
class PublishedDecisionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "decided_on", "title", "unit", "published_on", "withdrawn_at"]
    list_filter = ["field"]
    search_fields = ["number", "title"]
    date_hierarchy = "decided_on"
    list_select_related = ["unit"]
    fields = [
        "number",
        "decided_on",
        "title",
        "field",
        "unit",
        "agency",
        "published_on",
        "withdrawn_at",
        "withdrawal_reason",
    ]
    readonly_fields = fields
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin

from alerts.models import Condition, Digest, Follow
from portal.admin import ScopedAdminMixin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Follows are made and changed by their officials in the portal (the services audit them); the admin reads."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConditionInline(admin.TabularInline):
    model = Condition
    fields = ["kind", "threshold", "is_active", "active_since", "checked_at", "episode"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["official", "unit", "weekly_digest", "created_at"]
    list_filter = ["weekly_digest"]
    search_fields = ["official__username", "official__full_name", "unit__name"]
    list_select_related = ["official", "unit"]
    inlines = [ConditionInline]


@admin.register(Digest)
class DigestAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    scope_unit_field = "official__agency__unit"
    list_display = ["official", "week", "units", "sent_at"]
    search_fields = ["official__username", "official__full_name", "week"]
    list_select_related = ["official"]

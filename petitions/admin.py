from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from petitions.models import ApprovalDelegate, Case, DeadlineRule, Petition, SavedFilter
from petitions.tasks import recompute_deadlines_task
from portal.admin import ScopedAdminMixin
from portal.services import audit_record


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "kind", "round", "day_type", "days", "effective_from", "effective_to"]
    list_filter = ["event", "kind", "day_type"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser  # a rule binds the whole province: only the system administrator

    has_add_permission = has_delete_permission = lambda self, request, obj=None: request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            verb="deadline_rule.changed" if change else "deadline_rule.created",
            target=obj,
            payload={"fields": sorted(form.changed_data)},
        )
        recompute_deadlines_task.delay_on_commit()
        messages.info(request, _("Thời hạn của các đơn đang mở sẽ được tính lại."))


@admin.register(Petition)
class PetitionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only here: petitions change only through the portal's workflow (services)."""

    list_display = ["register_number", "kind", "status", "received_on", "deadline", "unit"]
    list_filter = ["kind", "status", "field"]
    search_fields = ["register_number", "summary"]  # never the petitioner: identities stay out of admin lists
    date_hierarchy = "received_on"
    list_select_related = ["unit"]
    exclude = ["assignees"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "kind", "status", "accepted_on", "settled_on", "unit"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title"]
    list_select_related = ["unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "querystring"]


@admin.register(ApprovalDelegate)
class ApprovalDelegateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Deputies a head designates to approve proposals (all steps, or the listed ones)."""

    scope_unit_field = "agency__unit"
    list_display = ["agency", "user", "steps"]
    autocomplete_fields = ["agency", "user"]
    list_select_related = ["agency", "user"]

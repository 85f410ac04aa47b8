from django import forms
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
    """An official's saved searches may name a citizen: each administrator sees only his own."""

    list_display = ["name", "owner", "querystring"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(owner=request.user)


class ApprovalDelegateForm(forms.ModelForm):
    """A deputy decides for the agency, so only the head (or the system administrator) designates one,
    and only among the agency's own officials: nobody can make himself a decider."""

    class Meta:
        model = ApprovalDelegate
        fields = ["agency", "user", "steps"]

    def clean(self):
        cleaned = super().clean()
        agency, user, actor = cleaned.get("agency"), cleaned.get("user"), self.actor
        if agency and not (actor.is_superuser or agency.head_id == actor.pk):
            raise forms.ValidationError(_("Chỉ thủ trưởng cơ quan mới ủy quyền cho cấp phó."))
        if agency and user and user.agency_id != agency.pk:
            raise forms.ValidationError(_("Người được ủy quyền phải là cán bộ của chính cơ quan đó."))
        if user and user.pk == actor.pk and not actor.is_superuser:
            raise forms.ValidationError(_("Không thể tự ủy quyền cho chính mình."))
        return cleaned


@admin.register(ApprovalDelegate)
class ApprovalDelegateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Deputies a head designates to approve proposals, assign handlers or verification (all steps, or the
    listed ones)."""

    form = ApprovalDelegateForm
    scope_unit_field = "agency__unit"
    list_display = ["agency", "user", "steps"]
    autocomplete_fields = ["agency", "user"]
    list_select_related = ["agency", "user"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def _may_edit(self, request, obj) -> bool:
        return request.user.is_superuser or obj is None or obj.agency.head_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            verb="approval_delegate.changed" if change else "approval_delegate.created",
            target=obj,
            unit=obj.agency.unit,
            payload={"user": obj.user.username, "steps": obj.steps},
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            verb="approval_delegate.deleted",
            target=obj,
            unit=obj.agency.unit,
            payload={"user": obj.user.username},
        )
        super().delete_model(request, obj)

"""Django admin of the models registry: scoped like the rest of the portal, and read-only wherever a change
has rules (status, scores, decisions) — those go through the services, from the portal's pages."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from models_registry.models import (
    Assignment,
    Commendation,
    CouncilMember,
    Criterion,
    Decision,
    DecisionEntry,
    MobilizationModel,
    Phase,
    Programme,
    Round,
    Score,
)
from models_registry.services import model_unpublish
from portal.admin import AuditedAdminMixin, ScopedAdminMixin
from portal.services import DomainError


class ReadOnlyMixin:
    """Shown for reading; changed only through the services (which check the rules and audit)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["name", "start_year", "end_year"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Programmes and their phases bind every province: only the system administrator edits them."""

    list_display = ["short_name", "name", "code", "is_active", "order"]
    list_filter = ["is_active"]
    inlines = [PhaseInline]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # rounds refer to it; retire it with "đang áp dụng" instead


class CriterionInline(ReadOnlyMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "group", "text", "max_points", "mandatory", "min_points", "applies_to"]
    readonly_fields = fields


class CouncilMemberInline(ReadOnlyMixin, admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["user", "role"]
    readonly_fields = fields


@admin.register(Round)
class RoundAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: rounds, criteria and councils are set up on the round's page (criteria lock once scored)."""

    list_display = [
        "name",
        "programme",
        "year",
        "unit",
        "recognition_level",
        "registration_opens",
        "registration_closes",
    ]
    list_filter = ["programme", "year", "recognition_level"]
    search_fields = ["name", "launch_number"]
    list_select_related = ["programme", "unit"]
    inlines = [CriterionInline, CouncilMemberInline]


@admin.register(MobilizationModel)
class MobilizationModelAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: a model moves only through its lifecycle; an administrator may take one off the showcase."""

    list_display = ["name", "round", "status", "owner_kind", "unit", "registering_agency", "score", "is_published"]
    list_filter = ["status", "field", "owner_kind", "round__programme", "round__year", "is_published"]
    search_fields = ["name", "search_name", "owner_name"]
    date_hierarchy = "registered_on"
    list_select_related = ["round", "unit", "registering_agency"]
    actions = ["unpublish"]

    def has_unpublish_permission(self, request):
        return request.user.has_perm("models_registry.view_mobilizationmodel")

    @admin.action(description=_("Thôi công khai trên trang giới thiệu"), permissions=["unpublish"])
    def unpublish(self, request, queryset):
        done = 0
        for model in queryset.filter(is_published=True):
            try:
                model_unpublish(actor=request.user, model=model)
            except DomainError as error:
                self.message_user(request, f"{model}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Đã thôi công khai %(count)s mô hình.") % {"count": done}, messages.SUCCESS)


class DecisionEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = DecisionEntry
    extra = 0
    fields = ["model", "outcome", "departs_from_council", "departure_reason"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only, always: an issued decision is never edited; a correction is a new decision."""

    list_display = ["number", "issued_on", "round", "unit", "signer", "corrects"]
    list_filter = ["round__programme", "round__year"]
    search_fields = ["number", "signer"]
    date_hierarchy = "issued_on"
    list_select_related = ["round", "unit", "corrects"]
    inlines = [DecisionEntryInline]


class ScoreInline(ReadOnlyMixin, admin.TabularInline):
    model = Score
    extra = 0
    fields = ["criterion", "points", "comment"]
    readonly_fields = fields


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: each member fills in their own sheet on the scoring page."""

    scope_unit_field = "model__unit"
    list_display = ["model", "member", "recused", "submitted_at", "total"]
    list_filter = ["recused", "model__round__year"]
    search_fields = ["model__name", "member__user__full_name"]
    list_select_related = ["model", "member__user"]
    inlines = [ScoreInline]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "model__unit"
    list_display = ["model", "phase", "form", "issuer", "decision_number", "decided_on"]
    list_filter = ["form", "phase"]
    search_fields = ["model__name", "decision_number"]
    list_select_related = ["model", "phase__programme"]

"""Django admin for administrators, in Vietnamese; every list is scoped like the rest of the portal."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.models import (
    AdministrativeUnit,
    Agency,
    AuditEvent,
    CalendarDay,
    CatalogEntry,
    Notification,
    UnitStatus,
    UnitSuccession,
    User,
    WorkerHeartbeat,
)
from portal.scoping import unit_in_scope, unit_scope_q
from portal.services import audit_record

UNIT_FLAGS = ["ethnic_minority_area", "border", "island", "religious", "remote_area"]

admin.site.site_header = _("Quản trị Cổng Dân vận")
admin.site.site_title = _("Cổng Dân vận")
admin.site.index_title = _("Quản trị hệ thống")


class ScopedAdminMixin:
    """Admin lists and change pages show only rows in the administrator's subtree, and the
    pickers for a row's unit or agency offer only units and agencies inside it too."""

    scope_unit_field = "unit"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit_scope_q(request.user, self.scope_unit_field))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is AdministrativeUnit:
            kwargs["queryset"] = AdministrativeUnit.objects.filter(unit_scope_q(request.user, ""))
        elif db_field.related_model is Agency and db_field.name == "agency":
            # Staff are placed only in agencies of the own subtree; a parent agency may lie above it.
            kwargs["queryset"] = Agency.objects.visible_to(request.user)
        elif db_field.related_model is User:
            kwargs["queryset"] = User.objects.visible_to(request.user)  # e.g. an agency's head
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AuditedAdminMixin:
    """Changes made in the admin land in the audit trail like any other change."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            verb=f"{obj._meta.model_name}.{'changed' if change else 'created'}",
            target=obj,
            unit=_unit_of(obj),
            payload={"fields": sorted(form.changed_data), "via": "admin"},
        )


def _unit_of(obj):
    if isinstance(obj, AdministrativeUnit):
        return obj
    if isinstance(obj, Agency):
        return obj.unit
    if isinstance(obj, User):
        return obj.scope_unit
    agency = getattr(obj, "agency", None)  # e.g. a reception schedule entry
    return agency.unit if isinstance(agency, Agency) else None


class UnitStatusInline(admin.TabularInline):
    """The unit's statuses, oldest first: history, read only (a new decision is a new row, added below)."""

    model = UnitStatus
    fields = ["valid_from", "valid_to", "region", *UNIT_FLAGS, "decision_number", "decision_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class UnitStatusForm(forms.ModelForm):
    class Meta:
        model = UnitStatus
        fields = [
            "unit",
            "valid_from",
            "region",
            *UNIT_FLAGS,
            "decision_number",
            "decision_date",
            "note",
        ]

    def clean(self):
        from portal.unit_status import unit_status_problem

        cleaned = super().clean()
        if cleaned.get("unit") and cleaned.get("valid_from"):
            problem = unit_status_problem(
                unit=cleaned["unit"],
                valid_from=cleaned["valid_from"],
                region=cleaned.get("region", ""),
                decision_date=cleaned.get("decision_date"),
            )
            if problem:
                raise forms.ValidationError(problem)
        return cleaned

    def validate_unique(self):
        pass  # the service's own check (above) says it in words; the constraint stays the last guard


@admin.register(UnitStatus)
class UnitStatusAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A decision on a unit's region and areas, saved through portal.unit_status (history, audit, deadlines)."""

    form = UnitStatusForm
    list_display = ["unit", "valid_from", "valid_to", "region", "remote_area", "decision_number"]
    list_filter = ["region", "remote_area", "ethnic_minority_area", "border", "island", "religious"]
    search_fields = ["unit__search_name", "unit__code", "decision_number"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    date_hierarchy = "valid_from"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # a correction is a new decision

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from portal.services import DomainError
        from portal.unit_status import unit_status_record

        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = unit_status_record(actor=request.user, **fields)
        except DomainError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = saved.pk


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
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
        "remote_area",  # set by the unit's status in force (below), recorded from a decision
    ]
    fields = readonly_fields
    inlines = [UnitStatusInline]
    list_select_related = ["parent"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # units come from the official list (load_units), never typed in by hand

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name"):  # an autocomplete picker on another form: offer the own subtree only
            queryset = queryset.filter(unit_scope_q(request.user, ""))
        return queryset, may_have_duplicates

    def has_change_permission(self, request, obj=None):
        # Everyone reads the whole map; an administrator edits only units of their own subtree.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or unit_in_scope(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "partial"]
    list_filter = ["partial", "predecessor__level"]
    search_fields = ["predecessor__search_name", "successor__search_name", "predecessor__code"]
    raw_id_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]


class AgencyAdminForm(forms.ModelForm):
    """The head sees denouncers' identities and decides on cases: an administrator cannot make himself
    head, and the head must work in the agency."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "unit", "parent", "address", "phone", "is_active", "head"]

    def clean(self):
        cleaned = super().clean()
        head, actor = cleaned.get("head"), self.actor
        if self.instance.pk and head != self.instance.head and not actor.is_superuser:
            if not _strictly_below(actor, self.instance.unit):
                raise forms.ValidationError(
                    _("Thủ trưởng cơ quan do quản trị cấp trên (hoặc quản trị hệ thống) thay đổi.")
                )
            if head is not None and head.pk == actor.pk:
                raise forms.ValidationError(_("Không thể tự đặt mình làm thủ trưởng cơ quan."))
            if head is not None and head.agency_id != self.instance.pk:
                raise forms.ValidationError(_("Thủ trưởng phải là cán bộ của chính cơ quan này."))
        return cleaned


def _strictly_below(actor, unit) -> bool:
    """Whether `unit` lies under the actor's own unit (not the unit itself): the level above decides there."""
    scope = actor.scope_unit
    return scope is not None and unit is not None and unit.pk != scope.pk and unit_in_scope(actor, unit)


def _decides_on_cases(official) -> bool:
    """Heads and designated deputies see denouncers' identities and assign cases."""
    return official.headed_agencies.exists() or registry.has_case_authority(official)


class ApproverFilter(admin.SimpleListFilter):
    """Agencies with nobody of their own to decide some step: no active head, and no active deputy
    designated for that step.

    Their proposals go to the People's Committee of the unit (or of a unit above), and nobody may assign
    their cases; this list shows the administrators whom to appoint. Deputies are designated per step by
    an app above the foundation, which answers through `registry.approver_gaps`.
    """

    title = _("người duyệt tờ trình")
    parameter_name = "approver"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Cơ quan chưa có người duyệt")),
            ("head", _("Có thủ trưởng")),
        ]

    def queryset(self, request, queryset):
        no_head = Q(head__isnull=True) | Q(head__is_active=False)
        if self.value() == "head":
            return queryset.exclude(no_head)
        if self.value() != "none":
            return queryset
        gaps = registry.approver_gaps(queryset)
        return queryset.filter(no_head) if gaps is None else queryset.filter(pk__in=gaps)


@admin.register(Agency)
class AgencyAdmin(ScopedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = AgencyAdminForm
    list_display = ["name", "short_name", "kind", "unit", "head", "is_active"]
    list_filter = [ApproverFilter, "kind", "is_active", "unit__level"]
    search_fields = ["name", "search_name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    list_select_related = ["unit", "head"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form


@admin.register(User)
class OfficialAdmin(ScopedAdminMixin, AuditedAdminMixin, UserAdmin):
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

    def user_change_password(self, request, id, form_url=""):
        """A password reset lets its author sign in as that official: it is audited, and the password of a
        head or a designated deputy is reset only by the level above (or the system administrator)."""
        official = self.get_object(request, id)
        if (
            official is not None
            and not request.user.is_superuser
            and _decides_on_cases(official)
            and not _strictly_below(request.user, official.scope_unit)
        ):
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and official is not None:
            audit_record(
                actor=request.user,
                verb="user.password_changed",
                target=official,
                unit=official.scope_unit,
                payload={"via": "admin"},
            )
        return response

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser can make superusers; a provincial administrator manages officials.
        return [] if request.user.is_superuser else ["is_superuser", "last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # Roles are the role groups only; no administrator can invent a group with wider rights.
            from django.contrib.auth.models import Group

            from portal.choices import Role

            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Swapped days off and make-up working days that the national calendar does not know yet."""

    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_delete_permission = lambda self, request, obj=None: request.user.is_superuser

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recompute_after_calendar_change()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recompute_after_calendar_change()


def _recompute_after_calendar_change():
    # Deadlines move with the working-day calendar: the apps that keep them listen (petitions recomputes
    # its open petitions' deadlines after this transaction commits).
    registry.calendar_changed()


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Officials' notifications, within the administrator's subtree, read-only."""

    scope_unit_field = "recipient__agency__unit"
    list_display = ["created_at", "recipient", "message", "read_at"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CatalogEntry)
class CatalogEntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Shared lists with their dates in force; retire an entry (valid_to) instead of deleting it."""

    list_display = ["label", "catalog", "code", "parent", "valid_from", "valid_to", "is_active"]
    list_filter = ["catalog", "is_active"]
    search_fields = ["label", "code"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.has_perm("portal.change_catalogentry")

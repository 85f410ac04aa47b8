"""Snapshots and export jobs in the admin: read-only lists, scoped, for support ("why does the dashboard say…")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin import ScopedAdminMixin
from reports.models import ExportJob, ReportSnapshot


class ReadOnlyListAdminMixin:
    """Figures are computed and files built by tasks; the admin only lists them (no add, edit or delete)."""

    list_display_links = None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a signed-off snapshot is evidence; a rebuilt one comes from the refresh

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_view_permission(request, obj)


@admin.display(description=_("đơn vị"), ordering="unit__path")
def unit_shown(row) -> str:
    return str(row.unit)


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ScopedAdminMixin, ReadOnlyListAdminMixin, admin.ModelAdmin):
    list_display = ["kind", unit_shown, "period_key", "computed_at", "locked_at"]
    list_filter = ["kind"]
    search_fields = ["unit__name", "period_key"]
    list_select_related = ["unit"]


@admin.register(ExportJob)
class ExportJobAdmin(ScopedAdminMixin, ReadOnlyListAdminMixin, admin.ModelAdmin):
    list_display = ["kind", unit_shown, "requester", "status", "progress_shown", "requested_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["unit", "requested_by"]

    @admin.display(description=_("người yêu cầu"))
    def requester(self, job: ExportJob) -> str:
        return str(job.requested_by)

    @admin.display(description=_("tiến độ (%)"))
    def progress_shown(self, job: ExportJob) -> int:
        return job.progress

    @admin.display(description=_("lúc yêu cầu"), ordering="created_at")
    def requested_at(self, job: ExportJob):
        return job.created_at

"""Exports: an official asks, a task builds the file, a permission-checked view hands it over.

Every step is logged (who asked for what, when, and who downloaded it). Exports never contain a
denouncer's identity: official forms hold only counts; list exports leave denouncers out.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.choices import Kind
from portal.models import AdministrativeUnit, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, audit_record
from portal.xlsx import safe_row
from reports import registry
from reports.models import ExportJob, ExportStatus
from reports.periods import parse_period, period_asked

LIST_EXPORT = "petition-list"  # the keys of the lists the petitions and reception families export
RECEPTION_LIST_EXPORT = "reception-list"
MAX_LIST_ROWS = 200_000


@transaction.atomic
def export_request(*, actor: User, unit: AdministrativeUnit, kind: str, params: dict) -> ExportJob:
    """Queue an export of an official form (for unit and period) or of a filtered list, as a family declared it."""
    ensure_in_scope(actor, unit, missing=_("Đơn vị nằm ngoài phạm vi của bạn."))
    export = registry.export(kind)
    if export is None:
        raise DomainError(_("Không có mẫu báo cáo này."))
    if export.per_period:
        period_asked(period=params.get("period"), date_from=params.get("from"), date_to=params.get("to"))
    job = ExportJob.objects.create(requested_by=actor, unit=unit, kind=kind, params=params)
    audit_record(actor=actor, verb="export.requested", target=job, unit=unit, payload={"kind": kind, **params})
    from reports.tasks import build_export_task

    build_export_task.delay_on_commit(job.pk)
    return job


def export_build(*, job_id: int) -> ExportJob:
    """Build the file of a pending job; a job already done is left alone (safe to repeat)."""
    claimed = ExportJob.objects.filter(pk=job_id, status__in=[ExportStatus.PENDING, ExportStatus.FAILED]).update(
        status=ExportStatus.RUNNING, progress=5
    )
    job = ExportJob.objects.select_related("unit", "requested_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        export = registry.export(job.kind)
        if export is None:
            raise LookupError(_("Mẫu xuất này không còn trong hệ thống."))  # its family is no longer installed
        if export.per_period:
            period = parse_period(
                period=job.params.get("period"), date_from=job.params.get("from"), date_to=job.params.get("to")
            )
            content = export.build(job.unit, period.start, period.end)
            stem = export.filename.removesuffix(".xlsx") or export.label.replace(
                "/", "-"
            )  # 01-KQGQ, or the file's name
            name = f"{stem}-{job.unit.code}-{period.key.replace('..', '_')}.xlsx"
        else:
            content, name = export.build(job), export.filename
        job.file.save(name, ContentFile(content), save=False)
        job.status, job.progress, job.finished_at = ExportStatus.DONE, 100, timezone.now()
        job.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as error:
        ExportJob.objects.filter(pk=job_id).update(status=ExportStatus.FAILED, error=str(error)[:500])
        raise
    return job


def petition_list(job: ExportJob) -> bytes:
    """The petitions list as filtered on the page (same FilterSet), for the requester's scope."""
    from openpyxl import Workbook

    from petitions.filtersets import PetitionFilterSet
    from petitions.selectors import petitions_visible

    class _Request:  # the FilterSet reads the user from its request
        user = job.requested_by

    query = QueryDict(job.params.get("querystring", ""))
    filterset = PetitionFilterSet(query or None, queryset=petitions_visible(job.requested_by), request=_Request())
    rows = filterset.qs.prefetch_related("petitioners")[:MAX_LIST_ROWS]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đơn")
    sheet.append(
        [
            "Số đăng ký",
            "Vụ việc",
            "Loại",
            "Lần",
            "Ngày nhận",
            "Người gửi",
            "Tóm tắt",
            "Lĩnh vực",
            "Trạng thái",
            "Ngày thụ lý",
            "Hạn hiện tại",
            "Ngày giải quyết",
            "Đơn vị",
        ]
    )
    for petition in rows.iterator(chunk_size=2000):
        # A denouncer is never written into a file that leaves the portal.
        who = (
            petition.pseudonym
            if petition.kind == Kind.DENUNCIATION
            else ", ".join(p.full_name for p in petition.petitioners.all())
        )
        sheet.append(
            safe_row(
                sheet,
                [
                    petition.register_number,
                    petition.case.code,
                    petition.get_kind_display(),
                    petition.round,
                    petition.received_on,
                    who,
                    petition.summary,
                    petition.get_field_display(),
                    petition.get_status_display(),
                    petition.accepted_on,
                    petition.deadline,
                    petition.settled_on,
                    petition.unit.name,
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def reception_list(job: ExportJob) -> bytes:
    """The reception register as filtered on the page, one row per visit; denouncers are not named."""
    from openpyxl import Workbook

    from reception.filtersets import SessionFilterSet, visits_matching
    from reception.models import ReceptionVisit
    from reception.selectors import sessions_visible

    class _Request:
        user = job.requested_by

    query = QueryDict(job.params.get("querystring", ""))
    filterset = SessionFilterSet(query or None, queryset=sessions_visible(job.requested_by), request=_Request())
    visits = ReceptionVisit.objects.filter(session__in=filterset.qs.values("pk"))
    # A list opened from the ethnicity breakdown holds only the matching visits of its sessions, as the page counts.
    cleaned = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    matching = visits_matching(visits, cleaned, job.requested_by)
    visits = visits if matching is None else matching
    visits = (
        visits.select_related("session__agency", "petition")
        .prefetch_related("citizens")
        .order_by("session__date", "session_id", "id")
    )[:MAX_LIST_ROWS]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ tiếp công dân")
    sheet.append(
        [
            "Ngày",
            "Cơ quan",
            "Hình thức",
            "Người tiếp",
            "Công dân",
            "Số người",
            "Đoàn đông người",
            "Lần đầu",
            "Loại việc",
            "Nội dung",
            "Kết quả",
            "Số đơn",
        ]
    )
    for visit in visits.iterator(chunk_size=2000):
        session = visit.session
        who = "—" if visit.kind == Kind.DENUNCIATION else ", ".join(c.full_name for c in visit.citizens.all())
        sheet.append(
            safe_row(
                sheet,
                [
                    session.date,
                    session.agency.name,
                    session.get_kind_display(),
                    session.receiver_name,
                    who,
                    visit.people_count,
                    "x" if visit.is_delegation else "",
                    "x" if visit.first_visit else "",
                    visit.get_kind_display(),
                    visit.content,
                    visit.get_action_display(),
                    visit.petition.register_number if visit.petition else "",
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_downloaded(*, actor: User, job: ExportJob) -> None:
    audit_record(actor=actor, verb="export.downloaded", target=job, unit=job.unit, payload={"kind": job.kind})

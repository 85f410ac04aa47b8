"""Excel import of an agency's support activities: new rows are added, rows imported before (same key) updated.

All or nothing per file, as the other imports (portal.sheet_import): every cell is checked first, then every row
goes through `activity_record` (the service the page uses, with its rules: the date within the assignment, the
commune's confirmation) in one transaction kept only if every row passes; a dry run writes and rolls back.

A row names the commune (code or name) among the communes the officer's agency is assigned to, and its key
("Mã dòng"), unique within the agency: importing a corrected file again updates the activities still being
drafted or returned, leaves identical ones alone, and refuses to change one the commune has confirmed or is
confirming (that is corrected on its page, by the commune returning it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.import_jobs import ImportReport, import_job_execute, import_job_store
from portal.import_jobs import import_job_report as _stored_report
from portal.models import AdministrativeUnit, User
from portal.services import DomainError, NotPermitted, audit_record
from portal.sheet_import import (
    Cells,
    Column,
    Layout,
    Progress,
    bold_font,
    finish,
    help_sheet,
    offer_list,
    saved,
    sheet_ref,
    stop,
    template_start,
    validated,
)
from portal.sheets import MAX_ERRORS, ImportFileError
from portal.text import fold
from support.choices import EDITABLE_STATUSES
from support.models import Activity, ActivityType, Assignment, SupportImportJob
from support.scoping import REPORT_PERMISSION
from support.services import ActivityData

READING_SHARE = 50  # percent of the progress bar for reading and checking; writing takes the rest
MAX_AMOUNT = 10**15  # đồng: far above any support, below what the column holds
MAX_PEOPLE = 10_000_000
MAX_QUANTITY = Decimal("9999999999.99")  # Activity.quantity holds 12 digits, 2 after the point

ACTIVITIES = Layout(
    (
        Column(
            "key",
            gettext_lazy("Mã dòng"),
            gettext_lazy("Mã riêng của dòng do cơ quan tự đặt; nhập lại tệp đã sửa thì dòng cùng mã được cập nhật."),
            gettext_lazy("Tối đa 60 ký tự; không trùng trong tệp"),
            required=True,
        ),
        Column(
            "commune",
            gettext_lazy("Xã"),
            gettext_lazy("Xã nhận hỗ trợ: mã xã (5 số) hoặc tên xã, như ở trang “Danh mục”."),
            gettext_lazy("Một xã cơ quan được phân công phụ trách vào ngày thực hiện"),
            required=True,
        ),
        Column(
            "date",
            gettext_lazy("Ngày thực hiện"),
            gettext_lazy("Ngày thực hiện hoạt động."),
            gettext_lazy("dd/mm/yyyy, hoặc ô ngày của Excel; không sau hôm nay"),
            required=True,
        ),
        Column(
            "activity_type",
            gettext_lazy("Loại hỗ trợ"),
            gettext_lazy("Tên hoặc mã loại hỗ trợ, như ở trang “Danh mục”."),
            gettext_lazy("Một loại đang áp dụng"),
            required=True,
        ),
        Column(
            "description",
            gettext_lazy("Nội dung"),
            gettext_lazy("Việc đã làm."),
            gettext_lazy("Tối đa 4000 ký tự"),
            required=True,
        ),
        Column(
            "money_vnd",
            gettext_lazy("Tiền mặt (đồng)"),
            gettext_lazy("Số tiền đã trao."),
            gettext_lazy("Số nguyên không âm, ví dụ 15000000 hoặc 15.000.000; để trống: 0"),
        ),
        Column(
            "in_kind_vnd",
            gettext_lazy("Hiện vật quy đổi (đồng)"),
            gettext_lazy("Giá trị quy đổi của hiện vật, công trình, ngày công."),
            gettext_lazy("Số nguyên không âm; để trống: 0"),
        ),
        Column(
            "quantity",
            gettext_lazy("Số lượng"),
            gettext_lazy("Số nhà, km đường, lượt người khám… theo đơn vị tính của loại hỗ trợ."),
            gettext_lazy("Số không âm, tối đa 2 chữ số thập phân"),
        ),
        Column(
            "beneficiaries",
            gettext_lazy("Số người hưởng lợi"),
            gettext_lazy("Số người được hỗ trợ, nếu biết."),
            gettext_lazy("Số nguyên không âm"),
        ),
        Column(
            "beneficiaries_female",
            gettext_lazy("Trong đó nữ"),
            gettext_lazy("Số người hưởng lợi là nữ."),
            gettext_lazy("Không lớn hơn số người hưởng lợi"),
        ),
        Column(
            "beneficiaries_ethnic_minority",
            gettext_lazy("Trong đó người dân tộc thiểu số"),
            gettext_lazy("Số người hưởng lợi là người dân tộc thiểu số."),
            gettext_lazy("Không lớn hơn số người hưởng lợi"),
        ),
    )
)


@dataclass
class ActivityImportReport(ImportReport):
    """ImportReport with the rows that updated an activity imported before."""

    updated: int = 0

    def as_json(self) -> dict:
        return {**super().as_json(), "updated": self.updated}

    @classmethod
    def from_json(cls, data: dict) -> ActivityImportReport:
        base = ImportReport.from_json(data)
        return cls(**vars(base), updated=data.get("updated", 0))


@dataclass
class ActivityRow:
    """A checked row: its key and commune, and the activity as the page's form would give it."""

    line: int
    key: str
    commune: AdministrativeUnit
    data: ActivityData

    @property
    def date(self) -> dt.date:
        return self.data.date


def assignments_of(actor: User) -> list[Assignment]:
    """The assignments the officer reports for: their agency's (a file names only these communes)."""
    if not actor.agency_id:
        return []
    return list(
        Assignment.objects.filter(agency_id=actor.agency_id)
        .select_related("commune", "agency")
        .order_by("-year", "commune__path", "starts_on")
    )


def import_checked(actor: User) -> list[Assignment]:
    """The officer's assignments, if they may import activities at all."""
    assignments = assignments_of(actor) if actor.has_perm(REPORT_PERMISSION) else []
    if not assignments:
        raise NotPermitted(_("Chỉ cán bộ của cơ quan được phân công hỗ trợ xã mới nhập được hoạt động hỗ trợ."))
    return assignments


def _commune_names(commune: AdministrativeUnit) -> set[str]:
    name = fold(commune.name)
    bare = name.removeprefix("xa ").removeprefix("phuong ").removeprefix("thi tran ").removeprefix("dac khu ")
    return {name, bare, commune.code, commune.code.lstrip("0")}


class ActivityParser(Cells):
    layout = ACTIVITIES

    def __init__(self, header, errors, *, actor: User, assignments: list[Assignment]):
        super().__init__(header, errors, actor=actor)
        self.communes: dict[str, list[AdministrativeUnit]] = {}
        for commune in {a.commune_id: a.commune for a in assignments}.values():
            for name in _commune_names(commune):
                self.communes.setdefault(name, []).append(commune)
        self.types: dict[str, ActivityType] = {}
        for kind in ActivityType.objects.filter(is_active=True):
            self.types[kind.code] = kind
            self.types[fold(kind.name)] = kind
        self.keys: dict[str, int] = {}

    def parse(self, line: int, cells: tuple) -> ActivityRow | None:
        before = len(self.errors)
        key = self.limited(line, "key", self.text(cells, "key"), 60)
        if not key:
            self.error(line, "key", _("Nhập mã dòng."))
        elif key in self.keys:
            self.error(line, "key", _("Mã dòng đã có ở dòng %(row)s của tệp.") % {"row": self.keys[key]})
        else:
            self.keys[key] = line
        commune = self._commune(line, self.text(cells, "commune"))
        date = self.date(line, "date", self.raw(cells, "date")) if self.text(cells, "date") else None
        if date is None and not self.text(cells, "date"):
            self.error(line, "date", _("Nhập ngày thực hiện."))
        kind_text = self.text(cells, "activity_type")
        kind = self.types.get(fold(kind_text))
        if kind is None:
            self.error(
                line,
                "activity_type",
                _("Không có loại hỗ trợ “%(value)s” đang áp dụng; xem trang “Danh mục”.") % {"value": kind_text}
                if kind_text
                else _("Nhập loại hỗ trợ."),
            )
        description = self.limited(line, "description", self.text(cells, "description"), 4000)
        if not description:
            self.error(line, "description", _("Nhập nội dung hoạt động."))
        amount_message = _("Số tiền phải là số nguyên không âm (đồng).")
        money = self.amount(line, "money_vnd", self.raw(cells, "money_vnd"), largest=MAX_AMOUNT, message=amount_message)
        in_kind = self.amount(
            line, "in_kind_vnd", self.raw(cells, "in_kind_vnd"), largest=MAX_AMOUNT, message=amount_message
        )
        quantity = self.decimal(
            line,
            "quantity",
            self.raw(cells, "quantity"),
            largest=MAX_QUANTITY,
            message=_("Số lượng phải là số không âm, tối đa 2 chữ số thập phân."),
        )
        people = {
            name: self.whole(
                line,
                name,
                self.raw(cells, name),
                smallest=0,
                largest=MAX_PEOPLE,
                message=_("Số người phải là số nguyên không âm."),
            )
            for name in ("beneficiaries", "beneficiaries_female", "beneficiaries_ethnic_minority")
        }
        for part in ("beneficiaries_female", "beneficiaries_ethnic_minority"):
            total = people["beneficiaries"]
            if people[part] is not None and total is not None and people[part] > total:
                self.error(line, part, _("Không được lớn hơn số người hưởng lợi (%(total)s).") % {"total": total})
        if len(self.errors) > before:
            return None
        data = ActivityData(
            activity_type=kind,
            date=date,
            description=description,
            money_vnd=money,
            in_kind_vnd=in_kind,
            quantity=quantity,
            import_key=key,
            **people,
        )
        return ActivityRow(line=line, key=key, commune=commune, data=data)

    def _commune(self, line: int, text: str) -> AdministrativeUnit | None:
        if not text:
            self.error(line, "commune", _("Nhập mã hoặc tên xã."))
            return None
        folded = fold(text)
        found = self.communes.get(folded) or self.communes.get(folded.lstrip("0")) or []
        if len(found) == 1:
            return found[0]
        if found:
            self.error(line, "commune", _("Có nhiều xã tên “%(value)s”; hãy ghi mã xã.") % {"value": text})
        else:
            self.error(
                line,
                "commune",
                _("Cơ quan của bạn không được phân công phụ trách xã “%(value)s”; xem trang “Danh mục”.")
                % {"value": text},
            )
        return None


def _assignment_on(assignments: list[Assignment], commune: AdministrativeUnit, day: dt.date) -> Assignment | None:
    for assignment in assignments:
        if assignment.commune_id == commune.pk and assignment.starts_on <= day:
            if assignment.ends_on is None or day <= assignment.ends_on:
                return assignment
    return None


def _same(activity: Activity, row: ActivityRow) -> bool:
    data = dict(vars(row.data))
    data.pop("plan_item")  # set on the page only; a file neither names nor clears it
    return all(getattr(activity, name) == value for name, value in data.items())


def activities_import(
    *,
    source,
    filename: str,
    actor: User,
    dry_run: bool = False,
    submit: bool = False,
    progress: Progress | None = None,
) -> ActivityImportReport:
    """Add or update the agency's activities from a workbook, or nothing; `submit` sends them to the communes."""
    from support.services import activity_record

    assignments = import_checked(actor)
    report = ActivityImportReport(dry_run=dry_run)
    try:
        rows = validated(
            source,
            filename,
            report,
            ACTIVITIES,
            lambda header, errors: ActivityParser(header, errors, actor=actor, assignments=assignments),
            progress,
        )
    except ImportFileError as exc:
        report.errors[:] = [(0, "", str(exc))]
        rows = []
    errors = report.errors
    key_header = ACTIVITIES.header_of("key")
    if rows:
        existing = {
            activity.import_key: activity
            for activity in Activity.objects.filter(
                assignment__agency_id=actor.agency_id, import_key__in=[row.key for row in rows]
            ).select_related("assignment__commune")
        }
        with transaction.atomic():
            for index, row in enumerate(rows):
                if len(errors) >= MAX_ERRORS:
                    stop(errors)
                    break
                if progress is not None and index % 500 == 0:
                    progress(index, None)
                assignment = _assignment_on(assignments, row.commune, row.date)
                if assignment is None:
                    errors.append(
                        (
                            row.line,
                            ACTIVITIES.header_of("date"),
                            _("Ngày %(date)s cơ quan của bạn không phụ trách %(commune)s.")
                            % {"date": f"{row.date:%d/%m/%Y}", "commune": row.commune.name},
                        )
                    )
                    continue
                before = existing.get(row.key)
                if before is not None and before.assignment.commune_id != row.commune.pk:
                    errors.append(
                        (
                            row.line,
                            key_header,
                            _("Mã dòng “%(key)s” đã dùng cho một hoạt động ở %(commune)s.")
                            % {"key": row.key, "commune": before.assignment.commune.name},
                        )
                    )
                    continue
                if before is not None and before.status not in EDITABLE_STATUSES:
                    if not _same(before, row):
                        errors.append(
                            (
                                row.line,
                                key_header,
                                _(
                                    "Hoạt động mã “%(key)s” đã gửi xã (%(status)s): không sửa bằng tệp được; "
                                    "xã trả lại thì mới sửa."
                                )
                                % {"key": row.key, "status": before.get_status_display()},
                            )
                        )
                    else:
                        report.unchanged += 1
                    continue
                if before is not None and _same(before, row) and not submit:
                    report.unchanged += 1
                    continue
                data = dataclasses.replace(row.data)
                if before is not None:
                    data.plan_item = before.plan_item
                try:
                    activity_record(
                        actor=actor,
                        assignment=before.assignment_id if before else assignment.pk,
                        data=data,
                        activity=before.pk if before else None,
                        submit=submit,
                    )
                except DomainError as error:
                    errors.append((row.line, "", str(error)))
                    continue
                if before is None:
                    report.created += 1
                else:
                    report.updated += 1
            if not errors:
                audit_record(
                    actor=actor,
                    verb="support.activities_imported",
                    unit=actor.scope_unit,
                    payload={
                        "file": filename,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "submitted": submit,
                    },
                )
            if errors or dry_run:
                transaction.set_rollback(True)
    finish(report, ACTIVITIES)
    if report.errors:
        report.updated = 0
    return report


# --- the template ----------------------------------------------------------------------------------------


def activities_template(*, user: User) -> bytes:
    """The template: the officer's assigned communes and the kinds of support in "Danh mục", a sample row."""
    with translation.override("vi"):
        assignments = assignments_of(user)
        kinds = list(ActivityType.objects.filter(is_active=True).order_by("order", "name"))
        first = assignments[0] if assignments else None
        sample = {
            "key": "HD-001",
            "commune": first.commune.code if first else "",
            "date": timezone.localdate(),
            "activity_type": kinds[0].name if kinds else "",
            "description": _("Tập huấn kỹ thuật trồng cây ăn quả cho hộ nghèo"),
            "money_vnd": 0,
            "in_kind_vnd": 5000000,
            "quantity": 2,
            "beneficiaries": 40,
            "beneficiaries_female": 22,
            "beneficiaries_ethnic_minority": 35,
        }
        workbook, sheet, lists = template_start(
            _("Hoạt động"),
            ACTIVITIES,
            sample,
            text_columns=("key", "commune"),
            widths={"description": 60, "activity_type": 36, "commune": 22},
        )
        bold = bold_font()
        lists.append([_("Xã được phân công"), "", "", "", _("Loại hỗ trợ"), "", _("Đơn vị tính")])
        lists.append([_("Mã xã"), _("Tên xã"), _("Năm"), _("Phụ trách"), _("Tên"), _("Mã"), ""])
        for row in lists.iter_rows(min_row=1, max_row=2):
            for cell in row:
                cell.font = bold
        seen = set()
        communes = []
        for assignment in assignments:
            key = (assignment.commune_id, assignment.year)
            if key in seen:
                continue
            seen.add(key)
            ends = f"{assignment.ends_on:%d/%m/%Y}" if assignment.ends_on else ""
            span = f"{assignment.starts_on:%d/%m/%Y}" + (f" – {ends}" if ends else "")
            communes.append([assignment.commune.code, assignment.commune.name, assignment.year, span])
        for offset in range(max(len(communes), len(kinds))):
            values: list[Any] = communes[offset] if offset < len(communes) else ["", "", "", ""]
            kind = kinds[offset] if offset < len(kinds) else None
            named = [kind.name, kind.code, kind.quantity_unit] if kind else ["", "", ""]
            lists.append([*values, *named])
        for letter, width in zip("ABCDEFG", (10, 28, 8, 24, 50, 20, 14), strict=True):
            lists.column_dimensions[letter].width = width
        if kinds:
            offer_list(sheet, ACTIVITIES, "activity_type", f"{sheet_ref(lists.title)}!$E$3:$E${len(kinds) + 2}")
        help_sheet(
            workbook,
            ACTIVITIES,
            (
                _("Dòng 1 là dòng tiêu đề; mỗi dòng dưới là một hoạt động. Xóa dòng ví dụ trước khi nhập."),
                _(
                    "Cả tệp được nhập hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê từng dòng, từng cột "
                    "để sửa. Nhập lại tệp đã sửa: dòng cùng mã được cập nhật, dòng không đổi được giữ nguyên."
                ),
                _(
                    "Hoạt động chỉ được tính khi xã xác nhận; hoạt động đã gửi hoặc đã được xã xác nhận không sửa "
                    "bằng tệp được."
                ),
            ),
        )
        return saved(workbook)


# --- upload jobs -----------------------------------------------------------------------------------------


def import_job_create(*, actor: User, upload, dry_run: bool, submit: bool = False) -> SupportImportJob:
    """Store an uploaded workbook and queue its import (the agency's officers only)."""
    from support.tasks import import_support_task

    import_checked(actor)
    return import_job_store(
        job_model=SupportImportJob,
        fields={"submit": submit},
        actor=actor,
        upload=upload,
        dry_run=dry_run,
        verb="support.import_requested",
        task=import_support_task,
    )


def import_run(job_id: int) -> SupportImportJob:
    """Run a waiting or failed job, as the officer who uploaded it (a repeated task does nothing)."""
    submit = SupportImportJob.objects.values_list("submit", flat=True).get(pk=job_id)

    def run(**kwargs) -> ImportReport:
        try:
            return activities_import(**kwargs, submit=submit)
        except DomainError as error:  # e.g. the officer's agency lost its assignments: the report says so
            return ActivityImportReport(dry_run=kwargs.get("dry_run", False), errors=[(0, "", str(error))])

    return import_job_execute(job_model=SupportImportJob, job_id=job_id, run=run, reading_share=READING_SHARE)


def import_job_report(job: SupportImportJob) -> ActivityImportReport | None:
    return _stored_report(job, ActivityImportReport)

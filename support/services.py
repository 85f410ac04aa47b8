"""Support for disadvantaged communes: assigning agencies, their plans, and activities the commune confirms.

Every change goes through these functions (pages, API, imports, admin): each checks who may make it,
locks what it changes, writes the audit trail and announces the change to the reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.changes import record_changes
from portal.choices import Level
from portal.concurrency import ensure_current
from portal.models import AdministrativeUnit, Agency, User
from portal.services import DomainError, NotFound, NotPermitted, audit_record, required_text
from portal.uploads import document_checked
from support.choices import EDITABLE_STATUSES, ActivityStatus, FileKind
from support.models import Activity, ActivityFile, ActivityType, Assignment, PlanItem
from support.scoping import confirms_for, manages_assignments, reports_for


def today() -> dt.date:
    return timezone.localdate()


def _assignment_missing() -> str:
    return _("Không tìm thấy phân công.")


def _activity_missing() -> str:
    return _("Không tìm thấy hoạt động hỗ trợ.")


def _announce(activity_or_assignment, *days: dt.date) -> None:
    """The support figures of the commune around these days may have moved."""
    commune_id = getattr(activity_or_assignment, "commune_id", None) or activity_or_assignment.assignment.commune_id
    record_changes({(commune_id, day) for day in days if day is not None})


# --- assignments -----------------------------------------------------------------------------------------


def _ensure_manages(actor: User | None, commune: AdministrativeUnit) -> None:
    if actor is not None and not manages_assignments(actor, commune):
        raise NotPermitted(_("Chỉ cơ quan cấp trên của xã (Ủy ban nhân dân, Ban Dân vận…) mới phân công hỗ trợ xã."))


def _assignment_checked(*, agency: Agency, commune: AdministrativeUnit, year: int, starts_on: dt.date) -> None:
    if commune.level != Level.COMMUNE:
        raise DomainError(_("Chỉ phân công hỗ trợ cho đơn vị cấp xã."))
    if not agency.is_active:
        raise DomainError(_("Cơ quan %(agency)s đã ngừng hoạt động.") % {"agency": agency})
    if agency.unit_id == commune.pk:
        raise DomainError(_("Cơ quan được phân công phải là cơ quan ngoài xã được hỗ trợ."))
    if starts_on.year != year:
        raise DomainError(_("Ngày bắt đầu phụ trách phải trong năm %(year)s.") % {"year": year})


@transaction.atomic
def assignment_create(
    *,
    actor: User | None,
    year: int,
    agency: Agency,
    communes: Iterable[AdministrativeUnit],
    decision_number: str,
    decision_date: dt.date,
    starts_on: dt.date | None = None,
    note: str = "",
) -> list[Assignment]:
    """Put `agency` in charge of supporting each of `communes` for `year`, by one decision."""
    communes = list(communes)
    if not communes:
        raise DomainError(_("Chọn ít nhất một xã được hỗ trợ."))
    decision_number = required_text(decision_number, _("Nhập số quyết định phân công."))
    if decision_date > today():
        raise DomainError(_("Ngày quyết định không được sau ngày hôm nay."))
    starts_on = starts_on or max(decision_date, dt.date(year, 1, 1))
    created = []
    for commune in communes:
        _ensure_manages(actor, commune)
        _assignment_checked(agency=agency, commune=commune, year=year, starts_on=starts_on)
        if Assignment.objects.filter(year=year, agency=agency, commune=commune, ends_on__isnull=True).exists():
            raise DomainError(
                _("%(agency)s đã được phân công hỗ trợ %(commune)s năm %(year)s.")
                % {"agency": agency, "commune": commune, "year": year}
            )
        assignment = Assignment.objects.create(
            year=year,
            agency=agency,
            commune=commune,
            decision_number=decision_number,
            decision_date=decision_date,
            starts_on=starts_on,
            note=note.strip(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            verb="support.assignment_created",
            target=assignment,
            unit=commune,
            after=decision_number,
            payload={"decision_number": decision_number, "starts_on": starts_on.isoformat()},
        )
        created.append(assignment)
    return created


def lock_assignment(assignment: Assignment | int, actor: User | None, *, version: int | None = None) -> Assignment:
    pk = assignment.pk if isinstance(assignment, Assignment) else assignment
    try:
        locked = Assignment.objects.select_for_update(of=("self",)).select_related("agency", "commune").get(pk=pk)
    except Assignment.DoesNotExist as exc:
        raise NotFound(_assignment_missing()) from exc
    if actor is not None and not Assignment.objects.visible_to(actor).filter(pk=pk).exists():
        raise NotFound(_assignment_missing())
    ensure_current(
        locked, version, message=_("Phân công vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
    )
    return locked


def _end(assignment: Assignment, *, on: dt.date, reason: str) -> None:
    if assignment.ends_on is not None:
        raise DomainError(_("Phân công này đã kết thúc."))
    if on < assignment.starts_on:
        raise DomainError(_("Ngày kết thúc không được trước ngày bắt đầu phụ trách."))
    assignment.ends_on = on
    assignment.end_reason = reason
    assignment.version = F("version") + 1
    assignment.save(update_fields=["ends_on", "end_reason", "version", "updated_at"])
    assignment.refresh_from_db(fields=["version"])


@transaction.atomic
def assignment_end(
    *, actor: User | None, assignment: Assignment | int, on: dt.date, reason: str, version: int | None = None
) -> Assignment:
    """The agency stops supporting the commune from the day after `on`; its activities stay counted."""
    assignment = lock_assignment(assignment, actor, version=version)
    _ensure_manages(actor, assignment.commune)
    reason = required_text(reason, _("Nhập lý do kết thúc phân công."))
    _end(assignment, on=on, reason=reason)
    audit_record(
        actor=actor,
        verb="support.assignment_ended",
        target=assignment,
        unit=assignment.commune,
        payload={"ends_on": on.isoformat(), "reason": reason},
    )
    _announce(assignment, on)
    return assignment


@transaction.atomic
def assignment_reassign(
    *,
    actor: User | None,
    assignment: Assignment | int,
    agency: Agency,
    starts_on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    version: int | None = None,
) -> Assignment:
    """Another agency takes the commune over from `starts_on`: the old assignment ends the day before and is kept."""
    old = lock_assignment(assignment, actor, version=version)
    _ensure_manages(actor, old.commune)
    if agency.pk == old.agency_id:
        raise DomainError(_("Cơ quan mới trùng với cơ quan đang phụ trách."))
    decision_number = required_text(decision_number, _("Nhập số quyết định phân công."))
    if decision_date > today():
        raise DomainError(_("Ngày quyết định không được sau ngày hôm nay."))
    _assignment_checked(agency=agency, commune=old.commune, year=old.year, starts_on=starts_on)
    if starts_on <= old.starts_on:
        raise DomainError(_("Ngày phân công lại phải sau ngày bắt đầu của phân công cũ."))
    _end(
        old,
        on=starts_on - dt.timedelta(days=1),
        reason=_("Phân công lại theo quyết định %(number)s") % {"number": decision_number},
    )
    new = Assignment.objects.create(
        year=old.year,
        agency=agency,
        commune=old.commune,
        decision_number=decision_number,
        decision_date=decision_date,
        starts_on=starts_on,
        previous=old,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        verb="support.assignment_reassigned",
        target=new,
        unit=old.commune,
        before=str(old.agency),
        after=str(new.agency),
        payload={"previous": old.pk, "starts_on": starts_on.isoformat(), "decision_number": decision_number},
    )
    _announce(new, starts_on)
    return new


# --- the yearly plan -------------------------------------------------------------------------------------


@transaction.atomic
def plan_item_save(
    *,
    actor: User | None,
    assignment: Assignment | int,
    activity_type: ActivityType,
    target: str,
    planned_value_vnd: int = 0,
    planned_quantity: Decimal | None = None,
    people_to_reach: int | None = None,
    item: PlanItem | None = None,
) -> PlanItem:
    """Add (or change) a line of the assignment's support plan; the assigned agency writes its own plan."""
    assignment = lock_assignment(assignment, actor)
    if not reports_for(actor, assignment):
        raise NotPermitted(_("Chỉ cơ quan được phân công mới lập kế hoạch hỗ trợ của mình."))
    if assignment.ends_on is not None and assignment.ends_on < today():
        raise DomainError(_("Phân công đã kết thúc: không sửa kế hoạch nữa."))
    if not activity_type.is_active:
        raise DomainError(_("Loại hỗ trợ này không còn áp dụng."))
    if planned_value_vnd < 0 or (planned_quantity is not None and planned_quantity < 0):
        raise DomainError(_("Giá trị và số lượng dự kiến không được âm."))
    target = required_text(target, _("Nhập nội dung kế hoạch hỗ trợ."))
    if item is None:
        item = PlanItem(assignment=assignment, order=assignment.plan_items.count() + 1)
    elif item.assignment_id != assignment.pk:
        raise NotFound(_("Không tìm thấy nội dung kế hoạch."))
    item.activity_type = activity_type
    item.target = target
    item.planned_value_vnd = planned_value_vnd
    item.planned_quantity = planned_quantity
    item.people_to_reach = people_to_reach
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        verb="support.plan_item_saved",
        target=assignment,
        unit=assignment.commune,
        after=target,
        payload={"item": item.pk, "type": activity_type.code, "planned_value_vnd": planned_value_vnd},
    )
    return item


# --- activities ------------------------------------------------------------------------------------------


@dataclass
class ActivityData:
    activity_type: ActivityType
    date: dt.date
    description: str
    money_vnd: int = 0
    in_kind_vnd: int = 0
    quantity: Decimal | None = None
    beneficiaries: int | None = None
    beneficiaries_female: int | None = None
    beneficiaries_ethnic_minority: int | None = None
    plan_item: PlanItem | None = None
    import_key: str = ""


def _activity_checked(assignment: Assignment, data: ActivityData) -> None:
    if data.date > today():
        raise DomainError(_("Ngày thực hiện không được sau ngày hôm nay."))
    if data.date < assignment.starts_on or (assignment.ends_on and data.date > assignment.ends_on):
        raise DomainError(
            _("Ngày thực hiện phải trong thời gian cơ quan phụ trách xã (từ %(start)s%(end)s).")
            % {
                "start": f"{assignment.starts_on:%d/%m/%Y}",
                "end": (_(" đến %(day)s") % {"day": f"{assignment.ends_on:%d/%m/%Y}"}) if assignment.ends_on else "",
            }
        )
    if not data.activity_type.is_active:
        raise DomainError(_("Loại hỗ trợ này không còn áp dụng."))
    if data.plan_item is not None and data.plan_item.assignment_id != assignment.pk:
        raise DomainError(_("Nội dung kế hoạch không thuộc phân công này."))
    if min(data.money_vnd, data.in_kind_vnd) < 0 or (data.quantity is not None and data.quantity < 0):
        raise DomainError(_("Giá trị và số lượng không được âm."))
    people = data.beneficiaries
    for part, label in (
        (data.beneficiaries_female, _("Số người hưởng lợi là nữ")),
        (data.beneficiaries_ethnic_minority, _("Số người hưởng lợi là người dân tộc thiểu số")),
    ):
        if part is not None and people is not None and part > people:
            raise DomainError(_("%(what)s không được lớn hơn tổng số người hưởng lợi.") % {"what": label})


def lock_activity(activity: Activity | int, actor: User | None, *, version: int | None = None) -> Activity:
    pk = activity.pk if isinstance(activity, Activity) else activity
    try:
        locked = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("assignment__agency", "assignment__commune", "activity_type")
            .get(pk=pk)
        )
    except Activity.DoesNotExist as exc:
        raise NotFound(_activity_missing()) from exc
    if actor is not None and not Activity.objects.visible_to(actor).filter(pk=pk).exists():
        raise NotFound(_activity_missing())
    ensure_current(
        locked, version, message=_("Hoạt động vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
    )
    return locked


def _save(activity: Activity, *, actor: User | None, verb: str, payload: dict | None = None) -> Activity:
    if activity.pk:
        activity.version = F("version") + 1
    activity.save()
    activity.refresh_from_db(fields=["version"])
    audit_record(
        actor=actor,
        verb=verb,
        target=activity,
        unit=activity.assignment.commune,
        after=activity.get_status_display(),
        payload=payload or {},
    )
    return activity


@transaction.atomic
def activity_record(
    *,
    actor: User | None,
    assignment: Assignment | int,
    data: ActivityData,
    activity: Activity | int | None = None,
    version: int | None = None,
    photos: Iterable = (),
    documents: Iterable = (),
    submit: bool = False,
) -> Activity:
    """Write (or rewrite, while a draft or returned) what the agency delivered; `submit` sends it to the commune."""
    assignment = lock_assignment(assignment, actor)
    if not reports_for(actor, assignment):
        raise NotPermitted(_("Chỉ cán bộ của cơ quan được phân công mới báo cáo hoạt động hỗ trợ xã này."))
    data.description = required_text(data.description, _("Nhập nội dung hoạt động hỗ trợ."))
    _activity_checked(assignment, data)
    if activity is None:
        activity = Activity(assignment=assignment, created_by=actor if actor and actor.is_authenticated else None)
        before_date = None
    else:
        activity = lock_activity(activity, actor, version=version)
        if activity.assignment_id != assignment.pk:
            raise NotFound(_activity_missing())
        if activity.status not in EDITABLE_STATUSES:
            raise DomainError(_("Hoạt động đã gửi xã xác nhận: không sửa được nữa."))
        before_date = activity.date
    for name, value in vars(data).items():
        setattr(activity, name, value)
    activity.assignment = assignment
    _save(activity, actor=actor, verb="support.activity_saved", payload={"date": data.date.isoformat()})
    for kind, uploads in ((FileKind.PHOTO, photos), (FileKind.DOCUMENT, documents)):
        for upload in uploads:
            attach_file(activity, upload, kind=kind, actor=actor)
    if submit:
        activity = activity_submit(actor=actor, activity=activity, version=activity.version)
    _announce(activity, before_date)  # an edit of a returned activity cannot move figures, but a moved date can
    return activity


def attach_file(activity: Activity, upload, *, kind: str, actor: User | None) -> ActivityFile:
    checked = document_checked(upload)
    if kind == FileKind.PHOTO and not checked.content_type.startswith("image/"):
        raise DomainError(_("Ảnh phải là tệp JPG, PNG hoặc TIFF."))
    upload.name = checked.name
    return ActivityFile.objects.create(
        activity=activity,
        kind=kind,
        file=upload,
        filename=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def activity_submit(*, actor: User | None, activity: Activity | int, version: int | None = None) -> Activity:
    """Send the activity to the commune for confirmation."""
    activity = lock_activity(activity, actor, version=version)
    if not reports_for(actor, activity.assignment):
        raise NotPermitted(_("Chỉ cán bộ của cơ quan được phân công mới gửi hoạt động này."))
    if activity.status not in EDITABLE_STATUSES:
        raise DomainError(_("Hoạt động đã được gửi xã xác nhận."))
    activity.status = ActivityStatus.SUBMITTED
    activity.submitted_at = timezone.now()
    activity.return_reason = ""
    return _save(activity, actor=actor, verb="support.activity_submitted")


def _ensure_confirms(actor: User | None, activity: Activity) -> None:
    if not confirms_for(actor, activity.assignment):
        raise NotPermitted(_("Chỉ cán bộ của xã nhận hỗ trợ mới xác nhận hoạt động này."))
    if activity.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Hoạt động không ở trạng thái chờ xã xác nhận."))


@transaction.atomic
def activity_confirm(*, actor: User | None, activity: Activity | int, version: int | None = None) -> Activity:
    """The commune confirms it received the support: from now on it counts in every figure."""
    activity = lock_activity(activity, actor, version=version)
    _ensure_confirms(actor, activity)
    activity.status = ActivityStatus.CONFIRMED
    activity.decided_by = actor if actor is not None and actor.is_authenticated else None
    activity.decided_at = timezone.now()
    _save(activity, actor=actor, verb="support.activity_confirmed")
    _announce(activity, activity.date)
    return activity


@transaction.atomic
def activity_return(
    *, actor: User | None, activity: Activity | int, reason: str, version: int | None = None
) -> Activity:
    """The commune sends the report back (wrong figures, not received): the agency corrects and resubmits."""
    activity = lock_activity(activity, actor, version=version)
    _ensure_confirms(actor, activity)
    reason = required_text(reason, _("Nhập lý do trả lại."))
    activity.status = ActivityStatus.RETURNED
    activity.return_reason = reason
    activity.decided_by = actor if actor is not None and actor.is_authenticated else None
    activity.decided_at = timezone.now()
    return _save(activity, actor=actor, verb="support.activity_returned", payload={"reason": reason})

"""Setting up a round: its launch and registration window, its criteria, its council, and who scores what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from models_registry.choices import DISTRICT_LEVEL_ENDS, AppliesTo, CouncilRole, RecognitionLevel, Status
from models_registry.defaults import default_criteria
from models_registry.models import (
    Assignment,
    CouncilMember,
    Criterion,
    CriterionGroup,
    MobilizationModel,
    Phase,
    Programme,
    Round,
    Score,
    SelfAssessment,
)
from models_registry.scoping import runs_movement
from models_registry.services.common import ensure_runs_round
from portal.changes import record_changed
from portal.choices import Level
from portal.concurrency import ensure_current, version_bump
from portal.models import AdministrativeUnit, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotPermitted, audit_record, validated

LEVEL_OF_UNIT = {
    RecognitionLevel.COMMUNE: Level.COMMUNE,
    RecognitionLevel.DISTRICT: Level.DISTRICT,
    RecognitionLevel.PROVINCE: Level.PROVINCE,
}
# What round_update may change (criteria go through criteria_set; the programme, unit and year stay).
UPDATABLE_FIELDS = frozenset(
    {
        "name",
        "phase",
        "launch_number",
        "launch_date",
        "launch_issuer",
        "registration_opens",
        "registration_closes",
        "recognition_level",
        "aggregation",
        "pass_threshold",
        "spread_threshold",
    }
)
# Changing these after sheets came in changes every model's council result.
RESULT_FIELDS = frozenset({"aggregation", "pass_threshold", "spread_threshold"})


def _check_level(round_: Round) -> None:
    if round_.recognition_level == RecognitionLevel.DISTRICT and round_.registration_opens >= DISTRICT_LEVEL_ENDS:
        raise DomainError(_("Từ ngày 01/7/2025 không còn cấp huyện: chỉ công nhận ở cấp xã hoặc cấp tỉnh."))
    if LEVEL_OF_UNIT[RecognitionLevel(round_.recognition_level)] != round_.unit.level:
        raise DomainError(_("Cấp công nhận phải đúng cấp của đơn vị phát động."))


def _phase_of(programme: Programme, year: int) -> Phase | None:
    return programme.phases.filter(start_year__lte=year, end_year__gte=year).first()


def scoring_started(round_: Round) -> bool:
    return Score.objects.filter(criterion__round=round_).exists()


def sheets_submitted(round_: Round) -> bool:
    return Assignment.objects.filter(model__round=round_, submitted_at__isnull=False).exists()


def _ensure_not_district(round_: Round) -> None:
    # District rounds predate 01/7/2025, when the district level ended: kept for the record, never set up again.
    if round_.recognition_level == RecognitionLevel.DISTRICT:
        raise DomainError(
            _("Đợt công nhận cấp huyện (trước ngày 01/7/2025) chỉ được lưu để tra cứu, không thay đổi được nữa.")
        )


@transaction.atomic
def round_create(
    *,
    actor: User | None,
    programme: Programme,
    unit: AdministrativeUnit,
    year: int,
    name: str,
    registration_opens: dt.date,
    registration_closes: dt.date,
    recognition_level: str,
    pass_threshold: Decimal,
    spread_threshold: Decimal,
    aggregation: str = "mean",
    phase: Phase | None = None,
    launch_number: str = "",
    launch_date: dt.date | None = None,
    launch_issuer: str = "",
    criteria: list[dict] | None = None,
) -> Round:
    """Launch a round at `unit`; without `criteria` it gets the programme's default set."""
    if actor is not None and not runs_movement(actor):
        raise NotPermitted(_("Chỉ cơ quan thường trực phong trào (Ban Dân vận) mới phát động đợt đăng ký."))
    ensure_in_scope(actor, unit, missing=_("Không tìm thấy đơn vị phát động."))
    if phase is not None and phase.programme_id != programme.pk:
        raise DomainError(_("Giai đoạn không thuộc phong trào đã chọn."))
    round_ = Round(
        programme=programme,
        phase=phase or _phase_of(programme, year),
        unit=unit,
        year=year,
        name=(name or "").strip(),
        launch_number=(launch_number or "").strip(),
        launch_date=launch_date,
        launch_issuer=(launch_issuer or "").strip(),
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        recognition_level=recognition_level,
        aggregation=aggregation,
        pass_threshold=pass_threshold,
        spread_threshold=spread_threshold,
        created_by=actor,
    )
    validated(round_)
    _check_level(round_)
    round_.save()
    _criteria_write(round_, default_criteria(programme.code) if criteria is None else criteria)
    audit_record(
        actor=actor,
        verb="round.created",
        target=round_,
        unit=unit,
        payload={"criteria": round_.criteria.count(), "level": recognition_level},
    )
    record_changed(unit_id=unit.pk, on=registration_opens)
    return round_


def _round_stale() -> str:
    return _("Đợt này vừa được người khác cập nhật. Hãy tải lại trang rồi sửa lại.")


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update(of=("self",)).select_related("unit", "programme").get(pk=round_.pk)


@transaction.atomic
def round_update(*, actor: User | None, round: Round, version: int | None = None, **fields) -> Round:  # noqa: A002 - the contract's name
    """Change a round's window, thresholds or launch; `criteria=[...]` replaces its criteria (before scoring).

    With `version` (the one the editor loaded), a round saved by someone else since is refused, not overwritten."""
    ensure_runs_round(actor, round)
    round_ = _lock_round(round)
    ensure_current(round_, version, message=_round_stale())
    _ensure_not_district(round_)
    criteria = fields.pop("criteria", None)
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"not round fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(round_, name) != value]
    if RESULT_FIELDS & set(changed) and sheets_submitted(round_):
        raise DomainError(
            _(
                "Hội đồng đã nộp phiếu chấm điểm: không thay đổi ngưỡng điểm, cách tổng hợp điểm "
                "hay độ lệch cho phép được nữa."
            )
        )
    for name in changed:
        setattr(round_, name, fields[name])
    if round_.phase_id is not None and round_.phase.programme_id != round_.programme_id:
        raise DomainError(_("Giai đoạn không thuộc phong trào đã chọn."))
    validated(round_)
    _check_level(round_)
    round_.save()
    version_bump(round_)
    if criteria is not None:
        _criteria_replace(round_, criteria)
        changed.append("criteria")
    if RESULT_FIELDS & set(changed):
        from models_registry.services.scoring import council_result_update

        # Only models still under evaluation: a decided model keeps the result its decision was made on.
        for model in round_.models.filter(status=Status.EVALUATING, assignments__submitted_at__isnull=False).distinct():
            council_result_update(model)
    audit_record(actor=actor, verb="round.updated", target=round_, unit=round_.unit, payload={"fields": changed})
    record_changed(unit_id=round_.unit_id, on=round_.registration_opens)
    return round_


def _points(value, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise DomainError(_("%(label)s không phải là số.") % {"label": label}) from exc


def _criteria_write(round_: Round, criteria: Iterable[dict], existing: dict[int, Criterion] | None = None) -> list:
    """Write the criteria in the given order; a dict with the "id" of an existing criterion updates it."""
    existing = existing or {}
    groups: dict[str, CriterionGroup] = {group.name: group for group in round_.criterion_groups.all()}
    written = []
    for order, row in enumerate(criteria, start=1):
        text = (str(row.get("text") or "")).strip()
        if not text:
            raise DomainError(_("Tiêu chí thứ %(n)s chưa có nội dung.") % {"n": order})
        group_name = (str(row.get("group") or "")).strip()
        group = None
        if group_name:
            group = groups.get(group_name)
            if group is None:
                group = groups[group_name] = CriterionGroup.objects.create(
                    round=round_, name=group_name, order=len(groups) + 1
                )
        criterion = existing.get(row.get("id")) or Criterion(round=round_)
        criterion.group = group
        criterion.order = order
        criterion.text = text
        criterion.guidance = (str(row.get("guidance") or "")).strip()
        criterion.max_points = _points(row.get("max_points"), _("Điểm tối đa"))
        criterion.mandatory = bool(row.get("mandatory"))
        criterion.min_points = _points(row.get("min_points"), _("Điểm tối thiểu"))
        criterion.applies_to = row.get("applies_to") or AppliesTo.BOTH
        validated(criterion)
        if criterion.min_points is not None and criterion.min_points > criterion.max_points:
            raise DomainError(_("Tiêu chí “%(text)s”: điểm tối thiểu không được lớn hơn điểm tối đa.") % {"text": text})
        criterion.save()
        written.append(criterion)
    used = {criterion.group_id for criterion in written if criterion.group_id is not None}
    round_.criterion_groups.exclude(pk__in=used).delete()
    return written


def _criteria_replace(round_: Round, criteria: list[dict]) -> list[Criterion]:
    if scoring_started(round_):
        raise DomainError(_("Hội đồng đã bắt đầu chấm điểm: không thay đổi bộ tiêu chí được nữa."))
    existing = {criterion.pk: criterion for criterion in round_.criteria.all()}
    written = _criteria_write(round_, criteria, existing)
    dropped = set(existing) - {criterion.pk for criterion in written}
    # A registrant's statements on a dropped criterion go with it: it no longer counts.
    SelfAssessment.objects.filter(criterion_id__in=dropped).delete()
    Criterion.objects.filter(pk__in=dropped).delete()
    return written


@transaction.atomic
def criteria_set(
    *,
    actor: User | None,
    round: Round,  # noqa: A002 - the contract's name
    criteria: list[dict],
    version: int | None = None,
) -> list[Criterion]:
    """Replace the round's criteria (refused once scoring started); a dict with an "id" keeps that criterion.

    With `version` (the round's, as the editor loaded it), a round saved by someone else since is refused."""
    ensure_runs_round(actor, round)
    round_ = _lock_round(round)
    ensure_current(round_, version, message=_round_stale())
    _ensure_not_district(round_)
    written = _criteria_replace(round_, criteria)
    version_bump(round_)
    audit_record(
        actor=actor,
        verb="round.updated",
        target=round_,
        unit=round_.unit,
        payload={"fields": ["criteria"], "criteria": len(written)},
    )
    return written


SEAT_PERMISSIONS = ("score_models", "view_mobilizationmodel", "view_round")


def _seat_permissions_sync(users) -> None:
    """A council member reads the models assigned to him whatever his role: seated officials hold the seat's
    permissions as their own (rows still come through the scope), and lose them with their last seat."""
    from django.contrib.auth.models import Permission

    permissions = list(
        Permission.objects.filter(content_type__app_label="models_registry", codename__in=SEAT_PERMISSIONS)
    )
    seated = set(CouncilMember.objects.filter(user__in=users).values_list("user_id", flat=True))
    for user in users:
        if user.pk in seated:
            user.user_permissions.add(*permissions)
        else:
            user.user_permissions.remove(*permissions)
        for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
            user.__dict__.pop(cache, None)


@transaction.atomic
def council_set(
    *,
    actor: User | None,
    round: Round,  # noqa: A002 - the contract's name
    members: list[tuple[User, str]],
    version: int | None = None,
) -> list[CouncilMember]:
    """Set the round's council: exactly one chair, every member an active official of the launching unit's tree.

    With `version` (the round's, as the editor loaded it), a round saved by someone else since is refused."""
    ensure_runs_round(actor, round)
    round_ = _lock_round(round)
    ensure_current(round_, version, message=_round_stale())
    _ensure_not_district(round_)
    seen: set[int] = set()
    for user, role in members:
        if role not in CouncilRole.values:
            raise ValueError(f"not a council role: {role}")
        if user.pk in seen:
            raise DomainError(_("%(name)s có tên hai lần trong hội đồng.") % {"name": user})
        seen.add(user.pk)
        if not user.is_active or user.agency_id is None or not user.agency.unit.path.startswith(round_.unit.path):
            raise DomainError(
                _("%(name)s không phải cán bộ đang công tác trên địa bàn của đơn vị phát động.") % {"name": user}
            )
    if sum(1 for _user, role in members if role == CouncilRole.CHAIR) != 1:
        raise DomainError(_("Hội đồng phải có đúng một Chủ tịch hội đồng."))
    current = {member.user_id: member for member in round_.council.all()}
    leaving = [member for user_id, member in current.items() if user_id not in seen]
    if Assignment.objects.filter(member__in=leaving, submitted_at__isnull=False).exists():
        raise DomainError(_("Không bỏ khỏi hội đồng thành viên đã nộp phiếu chấm điểm."))
    CouncilMember.objects.filter(pk__in=[member.pk for member in leaving]).delete()
    council = []
    for user, role in members:
        member = current.get(user.pk)
        if member is None:
            member = CouncilMember.objects.create(round=round_, user=user, role=role)
        elif member.role != role:
            member.role = role
            member.save(update_fields=["role"])
        council.append(member)
    _seat_permissions_sync({member.user for member in leaving} | {user for user, _role in members})
    version_bump(round_)
    audit_record(
        actor=actor,
        verb="round.council_set",
        target=round_,
        unit=round_.unit,
        payload={"members": [[user.pk, role] for user, role in members]},
    )
    return council


def recusal_reason(member: CouncilMember, model: MobilizationModel, round_: Round) -> str:
    """Why the member must not score the model ("" when they may): their agency's own model, or its unit's."""
    agency = member.user.agency
    if agency is None:
        return ""
    if round_.unit.level == Level.COMMUNE and agency.unit_id == round_.unit_id:
        # A commune's council sits in the one People's Committee that registers most of its models: only the
        # official who drew up the registration stands aside, or no one could score them.
        if model.created_by_id == member.user_id:
            return _("Thành viên là người lập hồ sơ đăng ký mô hình.")
        return ""
    if agency.pk == model.registering_agency_id:
        return _("Thành viên công tác tại cơ quan đăng ký mô hình.")
    if agency.pk == model.owner_agency_id:
        return _("Thành viên công tác tại cơ quan là chủ thể mô hình.")
    if model.unit_id != round_.unit_id and agency.unit_id == model.unit_id:
        return _("Thành viên công tác trên địa bàn thực hiện mô hình.")
    return ""


@transaction.atomic
def assignments_make(
    *,
    actor: User | None,
    round: Round,  # noqa: A002 - the contract's name
    models: Iterable[MobilizationModel] | None = None,
    members: Iterable[CouncilMember] | None = None,
) -> list[Assignment]:
    """Give every model under evaluation (or those given) to every council member (or those given) to score.

    A member of the model's own agency or unit is recorded as recused instead. Safe to repeat.
    """
    ensure_runs_round(actor, round)
    round_ = _lock_round(round)
    _ensure_not_district(round_)
    queryset = round_.models.filter(status=Status.EVALUATING)
    if models is not None:
        wanted = {model.pk for model in models}
        chosen = list(round_.models.filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise DomainError(_("Có mô hình không thuộc đợt đăng ký này."))
        if any(model.status != Status.EVALUATING for model in chosen):
            raise DomainError(_("Chỉ phân công chấm điểm mô hình đang thẩm định."))
    else:
        chosen = list(queryset)
    council = list(round_.council.select_related("user__agency"))
    if members is not None:
        wanted_members = {member.pk for member in members}
        council = [member for member in council if member.pk in wanted_members]
        if len(council) != len(wanted_members):
            raise DomainError(_("Có người không phải thành viên hội đồng của đợt này."))
    if not council:
        raise DomainError(_("Đợt đăng ký chưa có hội đồng thẩm định."))
    existing = {
        (assignment.model_id, assignment.member_id): assignment
        for assignment in Assignment.objects.filter(model__in=chosen, member__in=council)
    }
    result, created = [], []
    for model in chosen:
        for member in council:
            assignment = existing.get((model.pk, member.pk))
            if assignment is None:
                reason = recusal_reason(member, model, round_)
                assignment = Assignment.objects.create(
                    model=model, member=member, recused=bool(reason), recusal_reason=reason
                )
                created.append(assignment)
                if reason:
                    audit_record(
                        actor=actor,
                        verb="score.recused",
                        target=model,
                        unit=model.unit,
                        payload={"member": member.user_id, "reason": reason},
                    )
            result.append(assignment)
    if created:
        audit_record(
            actor=actor,
            verb="round.assigned",
            target=round_,
            unit=round_.unit,
            payload={"assignments": len(created), "recused": sum(1 for a in created if a.recused)},
        )
    return result

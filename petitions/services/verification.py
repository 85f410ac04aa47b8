"""Verification (xác minh): assign a verifying agency or team, record its steps, conclude with a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions import workflow
from petitions.authority import VERIFICATION_STEP, may_decide
from petitions.choices import Status
from petitions.models import Petition, Verification, VerificationStep
from petitions.services import petition_start_verification
from portal.models import Agency, CatalogEntry, User
from portal.scoping import ensure_in_scope, unit_in_scope
from portal.services import DomainError, NotPermitted, audit_record
from portal.uploads import document_checked


def ensure_may_assign_verification(actor: User, petition: Petition) -> None:
    """Only the settling head (or a deputy designated for it) assigns verification: asked before the form too, so
    that whoever may not is told so rather than what the form lacks."""
    if not may_decide(actor, petition, VERIFICATION_STEP):
        raise NotPermitted(_("Chỉ thủ trưởng cơ quan giải quyết (hoặc cấp phó được ủy quyền) mới được giao xác minh."))


@transaction.atomic
def verification_assign(
    *, actor: User, petition: Petition, agency: Agency, lead: User, members: Iterable[User], due_on: dt.date
) -> Verification:
    """Give the case to a verifying team; its deadline must fall inside the settlement deadline.

    Only the settling head (or a deputy designated for it) assigns verification, and the team is made of
    officials of the verifying agency or officials the head chooses within the head's own scope: the team
    joins the case and may see a denouncer's identity.
    """
    petition = Petition.objects.select_for_update().select_related("handling_agency__unit", "unit").get(pk=petition.pk)
    ensure_may_assign_verification(actor, petition)
    # The head's own agencies, or an agency of a level above the case (e.g. the district inspectorate).
    if not (agency.is_active and (unit_in_scope(actor, agency.unit) or agency.unit.contains(petition.unit))):
        raise DomainError(
            _(
                "Cơ quan xác minh phải thuộc phạm vi quản lý của người giao "
                "hoặc là cơ quan cấp trên của địa bàn vụ việc."
            )
        )
    members = list(members)
    team = [lead, *members]
    strangers = [
        official
        for official in team
        if not official.is_active
        or official.agency_id is None
        or not (official.agency_id == agency.pk or unit_in_scope(actor, official.agency.unit))
    ]
    if strangers:
        raise DomainError(
            _(
                "Thành viên đoàn xác minh phải là cán bộ của cơ quan xác minh "
                "hoặc thuộc phạm vi quản lý của người giao: %(names)s."
            )
            % {"names": ", ".join(str(o) for o in strangers)}
        )
    reason = workflow.verification_refusal(petition)
    if reason:
        raise DomainError(reason)
    if petition.settlement_due and due_on > petition.settlement_due:
        raise DomainError(
            _("Hạn xác minh phải trước hạn giải quyết (%(due)s).")
            % {"due": petition.settlement_due.strftime("%d/%m/%Y")}
        )
    if due_on < timezone.localdate():
        raise DomainError(_("Hạn xác minh không thể ở quá khứ."))
    members = [m for m in members if m.pk != lead.pk]
    before = sorted(petition.assignees.values_list("username", flat=True))
    verification = Verification.objects.create(
        petition=petition, agency=agency, lead=lead, assigned_on=timezone.localdate(), due_on=due_on, created_by=actor
    )
    verification.members.set(members)
    # The team works with the parties, so it is assigned to the case (and may see a denouncer's identity).
    petition.assignees.add(lead, *members)
    if petition.status == Status.ACCEPTED:
        petition_start_verification(actor=actor, petition_id=petition.pk, expected_version=None)
    audit_record(
        actor=actor,
        verb="petition.verification_assigned",
        target=petition,
        unit=petition.unit,
        payload={
            "agency": agency.name,
            "lead": lead.username,
            "members": sorted(m.username for m in members),
            "due_on": due_on.isoformat(),
            "assignees_before": before,
        },
    )
    return verification


@transaction.atomic
def verification_step_record(
    *, actor: User, verification: Verification, step_code: str, happened_on: dt.date, minutes: str = "", document=None
) -> VerificationStep:
    ensure_in_scope(actor, verification.petition.unit, missing=_("Không tìm thấy đơn."))
    if verification.concluded_on:
        raise DomainError(_("Cuộc xác minh đã kết thúc."))
    step = CatalogEntry.objects.in_force("verification_step", happened_on).filter(code=step_code).first()
    if step is None:
        raise DomainError(_("Bước xác minh không có trong danh mục đang áp dụng."))
    if happened_on > timezone.localdate() or happened_on < verification.assigned_on:
        raise DomainError(_("Ngày của bước xác minh phải trong thời gian xác minh."))
    if document:
        document.name = document_checked(document).name
    record = VerificationStep.objects.create(
        verification=verification,
        step=step,
        happened_on=happened_on,
        minutes=minutes.strip(),
        document=document or "",
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        verb="petition.verification_step",
        target=verification.petition,
        unit=verification.petition.unit,
        payload={"step": step_code},
    )
    return record


@transaction.atomic
def verification_conclude(*, actor: User, petition: Petition, conclusion: str, concluded_on: dt.date) -> Petition:
    """The verification report: it feeds the settlement decision (an approval step)."""
    ensure_in_scope(actor, petition.unit, missing=_("Không tìm thấy đơn."))
    workflow.ensure("conclude_verification", petition)
    verification = workflow.open_verification(petition)
    if not conclusion.strip():
        raise DomainError(_("Hãy nhập kết quả xác minh."))
    verification.conclusion, verification.concluded_on = conclusion.strip(), concluded_on
    verification.save(update_fields=["conclusion", "concluded_on"])
    audit_record(
        actor=actor,
        verb="petition.verification_concluded",
        target=petition,
        unit=petition.unit,
        payload={"concluded_on": concluded_on.isoformat(), "late": concluded_on > verification.due_on},
    )
    return petition

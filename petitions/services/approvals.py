"""Propose and approve (trình – duyệt): an officer proposes a step, the head or a designated deputy decides.

Steps that issue a document to the citizen or bind the agency need approval: the processing outcome,
acceptance (and its notice), an extension, the settlement decision and the closing of a withdrawn case.
An approver who takes a step directly needs no proposal. Approving runs the step's own service with the
proposed input, as the approver; the audit trail keeps both the proposal and the decision.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.actions import ACTIONS
from petitions.authority import Decider, decider_of, deciding_q, may_decide
from petitions.models import Petition, Proposal, ProposalStatus
from petitions.workflow import APPROVAL_STEPS
from portal.catalogs import label_of
from portal.models import Notification, User
from portal.services import DomainError, NotPermitted, audit_record
from portal.uploads import document_checked


def may_approve(user: User, petition: Petition, step: str) -> bool:
    return may_decide(user, petition, step)


def needs_approval(user: User, petition: Petition, step: str) -> bool:
    return step in APPROVAL_STEPS and not may_approve(user, petition, step)


def proposal_decider(petition: Petition, step: str) -> Decider:
    """Who a proposal of `step` on this petition goes to: the rule the queue and the decision check use."""
    return decider_of(petition, step)


def _raw(value) -> str:
    """A cleaned form value back to the text a form accepts (so approval can re-validate it)."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.date | Decimal | int):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


@transaction.atomic
def proposal_submit(
    *, actor: User, petition: Petition, step: str, cleaned: dict, note: str = "", draft=None
) -> Proposal:
    """Record the proposal and tell the approvers; the step itself waits for their decision."""
    if step not in APPROVAL_STEPS:
        raise DomainError(_("Bước này không cần trình duyệt."))
    if cleaned.get("version") is not None and cleaned["version"] != petition.version:
        from petitions.services import ConcurrentEdit

        raise ConcurrentEdit(
            _("Đơn này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thao tác lại.")
        )
    if Proposal.objects.filter(petition=petition, step=step, status=ProposalStatus.SUBMITTED).exists():
        raise DomainError(_("Bước này đã được trình và đang chờ duyệt."))
    decider = proposal_decider(petition, step)
    if not decider.approvers:
        # Nobody would see it while the legal clock runs: refuse rather than file it into a void.
        raise DomainError(
            _(
                "Chưa có ai có thẩm quyền duyệt “%(step)s” cho %(agency)s: cơ quan và Ủy ban nhân dân các cấp "
                "quản lý địa bàn %(unit)s chưa có thủ trưởng hoặc người được ủy quyền. Hãy báo quản trị hệ thống."
            )
            % {"step": ACTIONS[step].label, "agency": petition.handling_agency.name, "unit": petition.unit.name}
        )
    if draft:
        draft.name = document_checked(draft).name
    data = {key: _raw(value) for key, value in cleaned.items() if key != "version"}
    proposal = Proposal.objects.create(
        petition=petition, step=step, data=data, note=note.strip(), draft=draft or "", submitted_by=actor
    )
    audit_record(
        actor=actor,
        verb="petition.proposal_submitted",
        target=petition,
        unit=petition.unit,
        payload={
            "step": step,
            "proposal": proposal.pk,
            "deciding_agency": decider.agency.name,
            "approvers": sorted(decider.ids),
        },
    )
    if decider.is_fallback:
        message = _(
            "Đơn %(number)s: có tờ trình “%(step)s” chờ duyệt (thay %(agency)s, cơ quan chưa có người duyệt)."
        ) % {"number": petition.register_number, "step": ACTIONS[step].label, "agency": petition.handling_agency.name}
    else:
        message = _("Đơn %(number)s: có tờ trình “%(step)s” chờ duyệt.") % {
            "number": petition.register_number,
            "step": ACTIONS[step].label,
        }
    for user_id in sorted(decider.ids):
        Notification.objects.get_or_create(
            recipient_id=user_id,
            dedupe_key=f"proposal:{proposal.pk}",
            defaults={"verb": "petition.proposal_submitted", "message": message, "url": "/petitions/approvals/"},
        )
    return proposal


class ProposalNotFound(DomainError):
    """No such proposal, or one outside the approver's scope (the two look alike)."""


def _decide(actor: User, proposal_id: int) -> Proposal:
    """Lock a proposal the actor may see and decide; every decision path (page, API, batch) comes here."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("petition__handling_agency__unit", "petition__unit")
        .filter(pk=proposal_id, petition__in=Petition.objects.visible_to(actor))
        .first()
    )
    if proposal is None:
        raise ProposalNotFound(_("Không tìm thấy tờ trình."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise DomainError(_("Tờ trình này đã được xử lý."))
    if not may_approve(actor, proposal.petition, proposal.step):
        raise NotPermitted(_("Bạn không có thẩm quyền duyệt bước này."))
    return proposal


@transaction.atomic
def proposal_approve(*, actor: User, proposal_id: int, comments: str = "") -> Proposal:
    """Approve: run the proposed step now, as the approver, with the deadline the petition has today."""
    proposal = _decide(actor, proposal_id)
    petition = Petition.objects.get(pk=proposal.petition_id)
    spec = ACTIONS[proposal.step]
    form = spec.form(data={**proposal.data, "version": petition.version})
    if spec.prepare:
        spec.prepare(form, petition)
    if not form.is_valid():
        raise DomainError(_("Nội dung trình không còn hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
    if not spec.applies(petition):
        raise DomainError(_("Đơn đã thay đổi trạng thái; bước “%(step)s” không còn áp dụng.") % {"step": spec.label})
    spec.run(actor, petition, form.cleaned_data)
    return _close(proposal, actor, ProposalStatus.APPROVED, comments)


@transaction.atomic
def proposal_return(*, actor: User, proposal_id: int, comments: str) -> Proposal:
    """Send back to the officer with comments; it reappears in their work list."""
    proposal = _decide(actor, proposal_id)  # first: outside the scope, the answer is "not found" whatever was sent
    if not comments.strip():
        raise DomainError(_("Trả lại tờ trình phải có ý kiến."))
    return _close(proposal, actor, ProposalStatus.RETURNED, comments)


@transaction.atomic
def proposal_reject(*, actor: User, proposal_id: int, comments: str) -> Proposal:
    proposal = _decide(actor, proposal_id)
    if not comments.strip():
        raise DomainError(_("Không duyệt phải nêu lý do."))
    return _close(proposal, actor, ProposalStatus.REJECTED, comments)


COMMENTS_MAX_LENGTH = 1000  # Proposal.comments


def _close(proposal: Proposal, actor: User, status: str, comments: str) -> Proposal:
    if len(comments.strip()) > COMMENTS_MAX_LENGTH:
        raise DomainError(
            _("Ý kiến tối đa %(limit)s ký tự, bạn đã nhập %(count)s ký tự.")
            % {"limit": COMMENTS_MAX_LENGTH, "count": len(comments.strip())}
        )
    proposal.status, proposal.decided_by, proposal.decided_at = status, actor, timezone.now()
    proposal.comments = comments.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "comments"])
    petition = proposal.petition
    audit_record(
        actor=actor,
        verb=f"petition.proposal_{status}",
        target=petition,
        unit=petition.unit,
        payload={"step": proposal.step, "proposal": proposal.pk, "comments": proposal.comments},
    )
    # The proposer learns every decision (approved, returned, rejected), who made it and what they said.
    values = {
        "number": petition.register_number,
        "step": ACTIONS[proposal.step].label,
        "status": ProposalStatus(status).label.lower(),
        "approver": actor,
        "comments": proposal.comments,
    }
    if proposal.comments:
        message = _("Đơn %(number)s: tờ trình “%(step)s” %(status)s (%(approver)s). Ý kiến: %(comments)s") % values
    else:
        message = _("Đơn %(number)s: tờ trình “%(step)s” %(status)s (%(approver)s).") % values
    Notification.objects.get_or_create(
        recipient=proposal.submitted_by,
        dedupe_key=f"proposal-decided:{proposal.pk}",
        defaults={
            "verb": f"petition.proposal_{status}",
            "url": f"/petitions/{petition.pk}/",
            "message": message[:500],  # Notification.message; the whole comment is on the proposal
        },
    )
    return proposal


def proposals_approve_batch(*, actor: User, proposal_ids: list[int]) -> tuple[int, list[str]]:
    """Approve several routine proposals; each one on its own, so one failure stops none of the others."""
    approved, errors = 0, []
    for proposal_id in proposal_ids:
        try:
            proposal_approve(actor=actor, proposal_id=proposal_id)
            approved += 1
        except ProposalNotFound as error:
            errors.append(str(error))  # never name a petition the approver may not see
        except DomainError as error:
            number = Proposal.objects.filter(pk=proposal_id).values_list("petition__register_number", flat=True).first()
            errors.append(f"{number}: {error}")
    return approved, errors


def proposals_to_decide(user: User) -> QuerySet[Proposal]:
    """Proposals waiting for this user's decision: the rule of a decision (`Authority.decider`) in SQL,
    with proposals that fall back to a People's Committee the user decides for. One query lists or
    counts them."""
    return Proposal.objects.visible_to(user).filter(status=ProposalStatus.SUBMITTED).filter(deciding_q(user))


def approval_queue(user: User) -> list[Proposal]:
    """Proposals this user may decide, most urgent first (the petition's current deadline)."""
    return list(
        proposals_to_decide(user)
        .select_related("petition__handling_agency__unit", "petition__unit", "submitted_by")
        .order_by("petition__deadline", "submitted_at")
    )


def _shown(field: forms.Field, value: str, catalog: str | None, objects: dict[str, str]) -> str | None:
    """One proposed value as the approver reads it, or None when there is nothing to show."""
    if value in (None, ""):
        return None
    if isinstance(field, forms.ModelChoiceField):
        return objects.get(str(value), str(value))
    if isinstance(field, forms.BooleanField):
        return _("Có") if value == "on" else None
    if isinstance(field, forms.DateField):
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        try:
            return None if Decimal(str(value)) == 0 else str(value)
        except InvalidOperation:
            return str(value)
    if isinstance(field, forms.ChoiceField):
        static = dict(field.choices).get(value, value)
        return label_of(catalog, value, default=str(static)) if catalog else str(static)
    return str(value)


def proposals_with_details(proposals) -> list[Proposal]:
    """Each proposal with `details`: its data as (label, value) pairs, labelled like the step's form.

    Agencies and officials named in the data are read once for all proposals; catalog labels are cached.
    """
    rows = list(proposals)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for proposal in rows:
        for name, field in ACTIONS[proposal.step].form.base_fields.items():
            value = proposal.data.get(name)
            if isinstance(field, forms.ModelChoiceField) and isinstance(value, str) and value.isdigit():
                wanted[field.queryset.model].add(value)
    objects: dict[type[models.Model], dict[str, str]] = {
        model: {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=pks)}
        for model, pks in wanted.items()
    }
    for proposal in rows:
        form_class = ACTIONS[proposal.step].form
        catalogs = {name: catalog for name, (catalog, _codes) in getattr(form_class, "catalog_fields", {}).items()}
        details = []
        for name, field in form_class.base_fields.items():
            if name == "version" or isinstance(field.widget, forms.HiddenInput) or name not in proposal.data:
                continue
            model = field.queryset.model if isinstance(field, forms.ModelChoiceField) else None
            shown = _shown(field, proposal.data[name], catalogs.get(name), objects.get(model, {}))
            if shown is not None:
                details.append((str(field.label or name), shown))
        proposal.details = details
    return rows

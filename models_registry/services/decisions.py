"""The standing body's decisions: recognition, naming typical models, corrections, and commendations.

An issued decision is never edited: a correction is a new decision that refers to it and overrides the
outcomes of the models it names. A decision may depart from the council's proposal only with a recorded
reason, and never recognises a model that fails a mandatory criterion.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from models_registry import workflow
from models_registry.choices import Outcome, Status
from models_registry.models import (
    Commendation,
    Decision,
    DecisionEntry,
    MobilizationModel,
    Phase,
    Round,
)
from models_registry.services.common import ensure_runs_round, lock_model, save_model, today
from models_registry.services.scoring import council_proposal
from portal.changes import record_changed
from portal.models import User
from portal.services import DomainError, NotFound, audit_record, required_text, validated

# Which step each outcome takes the model through (from evaluation, or from recognition for typical).
OUTCOME_STEP = {
    Outcome.RECOGNIZED: "recognize",
    Outcome.NOT_RECOGNIZED: "not_recognize",
    Outcome.TYPICAL: "make_typical",
}


def _as_recognition(outcome: str | None) -> str | None:
    """Naming a model typical recognises it: against the council's proposal the two count the same."""
    return Outcome.RECOGNIZED if outcome == Outcome.TYPICAL else outcome


def _entries_locked(round_: Round, entries: list[dict], actor: User | None) -> list[tuple[MobilizationModel, dict]]:
    if not entries:
        raise DomainError(_("Quyết định phải có ít nhất một mô hình."))
    by_pk: dict[int, dict] = {}
    for entry in entries:
        model = entry["model"]
        pk = model.pk if isinstance(model, MobilizationModel) else int(model)
        if pk in by_pk:
            raise DomainError(_("Một mô hình có tên hai lần trong quyết định."))
        if entry.get("outcome") not in Outcome.values:
            raise DomainError(_("Hãy chọn kết quả cho từng mô hình."))
        by_pk[pk] = entry
    locked = []
    for pk in sorted(by_pk):  # in id order, so two decisions on the same models cannot deadlock
        model = lock_model(pk, actor)
        if model.round_id != round_.pk:
            raise DomainError(_("%(name)s: mô hình không thuộc đợt đăng ký này.") % {"name": model.name})
        locked.append((model, by_pk[pk]))
    return locked


def _decided_entry(model: MobilizationModel, entry: dict, *, fallback_reason: str = "") -> DecisionEntry:
    """Check one model's outcome against the mandatory criteria and the council's proposal."""
    outcome = entry["outcome"]
    if outcome in (Outcome.RECOGNIZED, Outcome.TYPICAL) and model.mandatory_failed:
        raise DomainError(
            _("%(name)s không đạt tiêu chí bắt buộc nên không thể công nhận, dù tổng điểm bao nhiêu.")
            % {"name": model.name}
        )
    # No proposal until the council handed in every sheet: any outcome then needs a reason.
    proposal = council_proposal(model)
    departs = proposal is None or _as_recognition(outcome) != proposal
    reason = (entry.get("departure_reason") or "").strip()
    if departs and not reason:
        reason = fallback_reason
    if departs and not reason:
        raise DomainError(_("%(name)s: Quyết định khác đề nghị của hội đồng phải ghi lý do.") % {"name": model.name})
    return DecisionEntry(
        model=model, outcome=outcome, departs_from_council=departs, departure_reason=reason if departs else ""
    )


def _apply(model: MobilizationModel, outcome: str, issued_on: dt.date) -> None:
    """Set the model's status and dates to what the decision says of it."""
    if outcome == Outcome.NOT_RECOGNIZED:
        model.status = Status.NOT_RECOGNIZED
        model.recognized_on = model.typical_on = None
        model.is_published, model.published_at = False, None
    elif outcome == Outcome.RECOGNIZED:
        model.recognized_on = model.recognized_on or issued_on  # typical named back to recognised keeps its day
        model.status = Status.RECOGNIZED
        model.typical_on = None
        model.is_published, model.published_at = False, None
    else:
        model.recognized_on = model.recognized_on or issued_on
        model.typical_on = issued_on if model.status != Status.TYPICAL else model.typical_on
        model.status = Status.TYPICAL


def _decision_new(
    *,
    actor: User | None,
    round_: Round,
    number: str,
    issued_on: dt.date,
    signer: str,
    signer_position: str = "",
    note: str = "",
    corrects: Decision | None = None,
    correction_reason: str = "",
) -> Decision:
    if issued_on > today():
        raise DomainError(_("Ngày ký quyết định không được sau ngày hôm nay."))
    decision = Decision(
        round=round_,
        unit=round_.unit,
        number=required_text(number, _("Hãy nhập số quyết định.")),
        issued_on=issued_on,
        signer=required_text(signer, _("Hãy nhập người ký quyết định.")),
        signer_position=(signer_position or "").strip(),
        note=(note or "").strip(),
        corrects=corrects,
        correction_reason=correction_reason,
        created_by=actor,
    )
    validated(decision)
    decision.save()
    return decision


def _record(
    decision: Decision,
    decided: list[tuple[MobilizationModel, DecisionEntry]],
    *,
    actor: User | None,
    verb: str,
) -> None:
    for _model, entry in decided:
        entry.decision = decision
    DecisionEntry.objects.bulk_create([entry for _model, entry in decided])
    changes = set()
    for model, entry in decided:
        before = model.status
        dates_before = (model.recognized_on, model.typical_on)
        _apply(model, entry.outcome, decision.issued_on)
        save_model(
            model,
            actor=actor,
            verb=verb,
            before=before,
            payload={"decision": decision.pk, "number": decision.number, "outcome": entry.outcome},
            on=decision.issued_on,
            bump_version=False,
        )
        changes.update((model.unit_id, day) for day in dates_before if day is not None)
    for unit_id, day in changes:  # a correction moves the models out of the periods they were counted in
        record_changed(unit_id=unit_id, on=day)
    audit_record(
        actor=actor,
        verb=verb,
        target=decision,
        unit=decision.unit,
        payload={
            "models": len(decided),
            "departures": sum(1 for _model, entry in decided if entry.departs_from_council),
            "corrects": decision.corrects_id,
        },
    )


@transaction.atomic
def decision_issue(
    *,
    actor: User | None,
    round: Round,  # noqa: A002 - the contract's name
    number: str,
    issued_on: dt.date,
    signer: str,
    signer_position: str = "",
    entries: list[dict],
    note: str = "",
) -> Decision:
    """Issue the decision recognising (or not) the round's models under evaluation and naming typical ones.

    Each entry is {"model", "outcome", "departure_reason"}; an outcome other than the council's proposal
    needs its reason, and a model failing a mandatory criterion is never recognised.
    """
    ensure_runs_round(actor, round)
    decided = []
    for model, entry in _entries_locked(round, entries, actor):
        try:
            workflow.ensure(OUTCOME_STEP[entry["outcome"]], model)
        except DomainError as error:
            raise DomainError(f"{model.name}: {error}") from error
        decided.append((model, _decided_entry(model, entry)))
    decision = _decision_new(
        actor=actor,
        round_=round,
        number=number,
        issued_on=issued_on,
        signer=signer,
        signer_position=signer_position,
        note=note,
    )
    _record(decision, decided, actor=actor, verb="decision.issued")
    return decision


@transaction.atomic
def decision_correct(
    *,
    actor: User | None,
    original: Decision,
    number: str,
    issued_on: dt.date,
    signer: str,
    reason: str,
    entries: list[dict],
    signer_position: str = "",
) -> Decision:
    """Issue a correction of `original`: a new decision overriding the outcomes of the models it names.

    The original decision and its entries are left exactly as they were issued.
    """
    queryset = Decision.objects.select_related("round__unit", "round__programme")
    try:
        original = (queryset.visible_to(actor) if actor is not None else queryset).get(pk=original.pk)
    except Decision.DoesNotExist as exc:
        raise NotFound(_("Không tìm thấy quyết định.")) from exc
    round_ = original.round
    ensure_runs_round(actor, round_)
    reason = required_text(reason, _("Hãy ghi lý do đính chính quyết định."))
    named = set(
        DecisionEntry.objects.filter(decision__in=_correction_chain(original)).values_list("model_id", flat=True)
    )
    decided = []
    for model, entry in _entries_locked(round_, entries, actor):
        if model.pk not in named:
            raise DomainError(_("%(name)s không có trong quyết định được đính chính.") % {"name": model.name})
        try:
            workflow.ensure("correct", model)
        except DomainError as error:
            raise DomainError(f"{model.name}: {error}") from error
        decided.append((model, _decided_entry(model, entry, fallback_reason=reason)))
    if issued_on < original.issued_on:
        raise DomainError(_("Quyết định đính chính không thể ký trước quyết định được đính chính."))
    decision = _decision_new(
        actor=actor,
        round_=round_,
        number=number,
        issued_on=issued_on,
        signer=signer,
        signer_position=signer_position,
        corrects=original,
        correction_reason=reason,
    )
    _record(decision, decided, actor=actor, verb="decision.corrected")
    return decision


def _correction_chain(decision: Decision) -> list[Decision]:
    """The decision and those it corrects, back to the first (a correction may itself be corrected)."""
    chain, seen = [], set()
    while decision is not None and decision.pk not in seen:
        chain.append(decision)
        seen.add(decision.pk)
        decision = decision.corrects
    return chain


@transaction.atomic
def commendation_record(
    *,
    actor: User | None,
    model: MobilizationModel,
    phase: Phase,
    form: str,
    issuer: str,
    decision_number: str,
    decided_on: dt.date,
) -> Commendation:
    """Record a commendation of a recognised model over a phase (its own step, after recognition)."""
    model = lock_model(model, actor)
    ensure_runs_round(actor, model.round)
    workflow.ensure("commend", model)
    if phase.programme_id != model.round.programme_id:
        raise DomainError(_("Giai đoạn không thuộc phong trào của mô hình."))
    if not phase.start_year <= model.round.year <= phase.end_year:
        raise DomainError(
            _("Mô hình thuộc đợt năm %(year)s, không nằm trong giai đoạn %(phase)s.")
            % {"year": model.round.year, "phase": phase.name}
        )
    if decided_on > today():
        raise DomainError(_("Ngày quyết định khen thưởng không được sau ngày hôm nay."))
    commendation = Commendation(
        model=model,
        phase=phase,
        form=form,
        issuer=required_text(issuer, _("Hãy nhập cấp khen thưởng.")),
        decision_number=required_text(decision_number, _("Hãy nhập số quyết định khen thưởng.")),
        decided_on=decided_on,
        created_by=actor,
    )
    validated(commendation)
    commendation.save()
    audit_record(
        actor=actor,
        verb="commendation.recorded",
        target=model,
        unit=model.unit,
        payload={"commendation": commendation.pk, "form": form, "number": commendation.decision_number},
    )
    record_changed(unit_id=model.unit_id, on=decided_on)
    return commendation

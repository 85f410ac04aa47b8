"""Publishing complaint decisions (DOMAIN R2.11) without personal data (R7.3): preview, publish, correct, withdraw.

The text the public reads is made by one function, `redact`: the preview shows its result and publishing
stores that result, so what the official saw is what is published. Each change checks, here and not in the
page, that the official works for the settling unit, holds the permission and can see the case.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.choices import Kind, SettlementForm, Status
from petitions.models import Case, Petition, Petitioner
from petitions.services import petition_publish
from portal.concurrency import ConcurrentEdit
from portal.models import User
from portal.services import DomainError, NotFound, NotPermitted, audit_record, required_text, validated
from portal.text import fold
from transparency.choices import MIN_ONLINE_DAYS, REDACTED, State
from transparency.models import PublishedDecision, PublishedDecisionVersion

PUBLISH_PERMISSION = "transparency.add_publisheddecision"
CHANGE_PERMISSION = "transparency.change_publisheddecision"
TITLE_MAX_LENGTH = PublishedDecision._meta.get_field("title").max_length

# --- Redaction ------------------------------------------------------------------------------------------


def normalized(text: str) -> str:
    """The text as it is stored: NFC, Unix line ends, no surrounding blank space (a browser sends CRLF)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def redaction_terms(redactions: Iterable[str]) -> list[str]:
    """The marked strings, stripped, without blanks or repeats (one per line in the form)."""
    seen, terms = set(), []
    for term in redactions or ():
        term = " ".join((term or "").split())
        if term and fold(term) not in seen:
            seen.add(fold(term))
            terms.append(term)
    return terms


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text (portal.text.fold, one character at a time, spaces kept) and, for each of its
    characters, the index of the character of `text` it came from."""
    chars, origins = [], []
    for index, char in enumerate(text):
        for out in char if char.isspace() else fold(char):
            chars.append(out)
            origins.append(index)
    return "".join(chars), origins


def _pattern(term: str) -> re.Pattern | None:
    # Whole words only ("An" must not eat the middle of "Ban"); any run of spaces or a line break between words.
    words = fold(term).split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)")


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where in `text` each term occurs, ignoring case, accents and Unicode form, merged where they overlap."""
    folded, origins = _folded_with_origins(text)
    found = []
    for term in terms:
        pattern = _pattern(term)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            start, end = origins[match.start()], origins[match.end() - 1] + 1
            while end < len(text) and unicodedata.category(text[end]) == "Mn":
                end += 1  # a decomposed accent belongs to the letter before it
            found.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str, redactions: Iterable[str]) -> str:
    """`text` with every occurrence of every marked string replaced by "[đã che]".

    "Nông Văn Dũng" also hides "NÔNG VĂN DŨNG", "nong van dung" and the same name typed in decomposed
    Unicode (NFD), across a line break too.
    """
    text = normalized(text)
    for start, end in reversed(_spans(text, redaction_terms(redactions))):
        text = text[:start] + REDACTED + text[end:]
    return unicodedata.normalize("NFC", text)


def redacted_title(title: str, redactions: Iterable[str]) -> str:
    """The title as published: redacted like the text, cut to the column's length."""
    return redact(title, redactions)[:TITLE_MAX_LENGTH]


def preview_hash(*parts: str) -> str:
    """A fingerprint of what a preview showed (title and text, or text and note), carried by the form:
    publishing refuses anything other than what was previewed. Keyed with the site's secret, so that it cannot
    be computed without previewing."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("transparency.preview", "\x00".join(parts), algorithm="sha256").hexdigest()


def identity_terms(case: Case) -> list[str]:
    """The complainants' names, addresses, ID numbers and phones recorded on the case's petitions."""
    rows = Petitioner.objects.filter(petition__case=case).values_list("full_name", "address", "id_number", "phone")
    return redaction_terms(value for row in rows for value in row if value)


DIGIT_RUN = re.compile(r"\d[\d .\-]{4,}\d")  # "0912.345.678", "006 012 345 678": a number typed with separators


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def identity_leaks(case: Case, *texts: str) -> list[str]:
    """Which of the complainants' names or numbers still appear in the texts (the safety net before publishing);
    an ID or phone number is found however it is grouped."""
    terms = identity_terms(case)
    runs = {_digits(run) for text in texts for run in DIGIT_RUN.findall(text)}
    leaks = []
    for term in terms:
        digits = _digits(term)
        numeric = len(digits) >= 6 and len(digits) >= len(term.replace(" ", "")) - 2
        if any(_spans(text, [term]) for text in texts) or (numeric and any(digits in run for run in runs)):
            leaks.append(term)
    return leaks


# --- Who may publish ------------------------------------------------------------------------------------


def _lead_petition(case: Case) -> Petition | None:
    petitions = Petition.objects.filter(case=case).select_related("handling_agency__unit")
    if case.lead_petition_id:
        return petitions.filter(pk=case.lead_petition_id).first()
    return petitions.order_by("received_on", "id").first()


def ensure_may_publish(actor: User | None, case: Case, permission: str) -> Petition:
    """The case's settled lead petition, if `actor` may publish its decision; else the refusal.

    Out of the official's scope the case does not exist (NotFound); an official who sees it but lacks the
    permission, or works elsewhere than the settling unit (a district reading a commune's case), is refused.
    """
    if actor is not None and not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise NotFound(_("Không tìm thấy vụ việc."))
    if actor is not None and not actor.has_perm(permission):
        raise NotPermitted(_("Bạn không có quyền công khai quyết định giải quyết khiếu nại."))
    if case.kind != Kind.COMPLAINT or Petition.objects.filter(case=case).exclude(kind=Kind.COMPLAINT).exists():
        raise DomainError(_("Chỉ công khai quyết định giải quyết khiếu nại; không công khai đơn tố cáo, kiến nghị."))
    lead = _lead_petition(case)
    settling_unit = lead.handling_agency.unit_id if lead is not None else None
    if actor is not None and not actor.is_superuser and not (actor.agency_id and actor.agency.unit_id == settling_unit):
        raise NotPermitted(_("Chỉ cán bộ của đơn vị giải quyết vụ việc mới được công khai quyết định."))
    if (
        lead is None
        or lead.settlement_form != SettlementForm.DECISION
        or not lead.settled_on
        or not lead.settlement_decision_no
    ):
        raise DomainError(_("Vụ việc chưa có quyết định giải quyết khiếu nại để công khai."))
    return lead


def _ensure_safe(case: Case, *texts: str) -> None:
    leaks = identity_leaks(case, *texts)
    if leaks:
        raise DomainError(
            _("Văn bản vẫn còn thông tin của người khiếu nại: %(found)s. Hãy thêm vào danh sách cần che rồi xem lại.")
            % {"found": ", ".join(f"“{term}”" for term in leaks)}
        )


def _ensure_previewed(parts: tuple[str, ...], expected_hash: str | None) -> None:
    if expected_hash is not None and preview_hash(*parts) != expected_hash:
        raise DomainError(_("Nội dung đã thay đổi sau khi xem trước. Hãy bấm “Xem trước” lại rồi mới công bố."))


def _actor(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


# --- Services -------------------------------------------------------------------------------------------


def redaction_preview(*, actor: User | None, case: Case, text: str, redactions: Iterable[str]) -> str:
    """The text as it would be published: every marked string hidden (the same function publishes it)."""
    ensure_may_publish(actor, case, PUBLISH_PERMISSION)
    return redact(text, redactions)


@transaction.atomic
def decision_publish(
    *,
    actor: User | None,
    case: Case,
    text: str,
    redactions: Iterable[str],
    title: str = "",
    expected_hash: str | None = None,
) -> PublishedDecision:
    """Publish a settled complaint's decision: exactly the preview of `text`, as version 1 (DOMAIN R2.11)."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # two officials publishing at once: one wins
    terms = redaction_terms(redactions)
    published = redaction_preview(actor=actor, case=case, text=text, redactions=terms)
    lead = _lead_petition(case)
    required_text(published, _("Hãy nhập nội dung quyết định."))
    title = redacted_title(title or case.title, terms)
    _ensure_previewed((title, published), expected_hash)
    if PublishedDecision.objects.filter(case=case).exists():
        raise DomainError(_("Quyết định của vụ việc này đã được công khai; nếu cần sửa, hãy đính chính."))
    _ensure_safe(case, published, title)
    now = timezone.now()
    decision = PublishedDecision(
        case=case,
        unit=lead.handling_agency.unit,
        agency=lead.handling_agency,
        number=lead.settlement_decision_no,
        decided_on=lead.settled_on,
        field=lead.field,
        title=title,
        published_on=timezone.localdate(now),
    )
    validated(decision)
    decision.save()
    _version_add(actor=actor, decision=decision, number=1, text=published, at=now)
    audit_record(
        actor=actor,
        verb="decision.published",
        target=decision,
        unit=decision.unit,
        after=State.PUBLISHED,
        payload={"case": case.code, "version": 1, "redactions": len(terms)},  # never the marked names
    )
    if lead.status == Status.SETTLED:  # the petition's own workflow: published on the website
        petition_publish(
            actor=actor,
            petition_id=lead.pk,
            expected_version=None,
            published_on=decision.published_on,
            how=_("Đăng trên Cổng Dân vận"),
        )
    return decision


def _version_add(
    *, actor: User | None, decision: PublishedDecision, number: int, text: str, at: dt.datetime, note: str = ""
) -> PublishedDecisionVersion:
    version = PublishedDecisionVersion(
        decision=decision, number=number, text=text, published_at=at, published_by=_actor(actor), note=note
    )
    validated(version, exclude=["decision"])
    version.save()
    return version


def _locked(actor: User | None, decision: PublishedDecision) -> PublishedDecision:
    """The decision, locked for the change, if `actor` may see it (out of scope it does not exist)."""
    missing = _("Không tìm thấy quyết định đã công khai.")
    queryset = PublishedDecision.objects.select_for_update().select_related("case", "unit")
    if actor is not None:
        queryset = queryset.visible_to(actor)
    try:
        return queryset.get(pk=decision.pk)
    except PublishedDecision.DoesNotExist as error:
        raise NotFound(missing) from error


def correction_preview(*, actor: User | None, decision: PublishedDecision, text: str, redactions: Iterable[str]) -> str:
    """The corrected text as it would be published (the same `redact` as a first publication)."""
    decision = _decision_for(actor, decision)
    ensure_may_publish(actor, decision.case, CHANGE_PERMISSION)
    return redact(text, redactions)


def _decision_for(actor: User | None, decision: PublishedDecision) -> PublishedDecision:
    queryset = PublishedDecision.objects.select_related("case")
    if actor is not None:
        queryset = queryset.visible_to(actor)
    found = queryset.filter(pk=decision.pk).first()
    if found is None:
        raise NotFound(_("Không tìm thấy quyết định đã công khai."))
    return found


@transaction.atomic
def decision_correct(
    *,
    actor: User | None,
    decision: PublishedDecision,
    text: str,
    redactions: Iterable[str],
    note: str,
    expected_hash: str | None = None,
    expected_version: int | None = None,
) -> PublishedDecisionVersion:
    """Publish a corrected text as the next version; the public then reads it and the date of each correction.

    `expected_version` is the number of the text the official corrected: when another correction was
    published since, this one is refused rather than silently replacing it."""
    decision = _locked(actor, decision)
    ensure_may_publish(actor, decision.case, CHANGE_PERMISSION)
    if decision.withdrawn_at:
        raise DomainError(_("Quyết định đã được gỡ; không đính chính được."))
    terms = redaction_terms(redactions)
    # The public reads the note beside the date of the correction: it is redacted and checked like the text.
    note = required_text(redact(note, terms), _("Hãy ghi lý do đính chính."))
    published = required_text(redact(text, terms), _("Hãy nhập nội dung quyết định."))
    _ensure_previewed((published, note), expected_hash)
    _ensure_safe(decision.case, published, note)
    last = decision.versions.order_by("-number").values_list("number", "text").first()
    if expected_version is not None and (last[0] if last else 0) != expected_version:
        raise ConcurrentEdit(
            _("Quyết định vừa được người khác đính chính. Hãy tải lại trang để xem bản mới rồi đính chính lại.")
        )
    if last is not None and last[1] == published:
        raise DomainError(_("Nội dung đính chính giống hệt bản đang công khai."))
    number = (last[0] if last else 0) + 1
    version = _version_add(actor=actor, decision=decision, number=number, text=published, at=timezone.now(), note=note)
    audit_record(
        actor=actor,
        verb="decision.corrected",
        target=decision,
        unit=decision.unit,
        before=str(number - 1),
        after=str(number),
        payload={"version": number, "note": note, "redactions": len(terms)},
    )
    return version


@transaction.atomic
def decision_withdraw(*, actor: User | None, decision: PublishedDecision, reason: str) -> PublishedDecision:
    """Take a decision off the public pages, once it has been online the 15 days the law requires."""
    decision = _locked(actor, decision)
    ensure_may_publish(actor, decision.case, CHANGE_PERMISSION)
    if decision.withdrawn_at:
        raise DomainError(_("Quyết định này đã được gỡ."))
    reason = required_text(reason, _("Hãy ghi lý do gỡ quyết định."))
    today = timezone.localdate()
    if today <= decision.online_until:
        raise DomainError(
            _(
                "Quyết định phải được công khai ít nhất %(days)s ngày liên tục (đến hết ngày %(until)s); "
                "chỉ gỡ được từ ngày %(from)s."
            )
            % {
                "days": MIN_ONLINE_DAYS,
                "until": decision.online_until.strftime("%d/%m/%Y"),
                "from": (decision.online_until + dt.timedelta(days=1)).strftime("%d/%m/%Y"),
            }
        )
    decision.withdrawn_at, decision.withdrawn_by, decision.withdrawal_reason = timezone.now(), _actor(actor), reason
    validated(decision)
    decision.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit_record(
        actor=actor,
        verb="decision.withdrawn",
        target=decision,
        unit=decision.unit,
        before=State.PUBLISHED,
        after=State.WITHDRAWN,
        payload={"reason": reason, "days_online": (today - decision.published_on).days},
    )
    return decision

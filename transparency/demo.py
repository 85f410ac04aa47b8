"""Demo published decisions: the latest settled complaints of the demo province, published with the complainants'
names redacted, so that the public decision list and the units' public pages show live records."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from petitions.choices import Kind, SettlementForm, Status
from petitions.models import Petition
from portal.services import DomainError
from transparency.models import PublishedDecision
from transparency.services import decision_publish

DEMO_DECISIONS = 6
RECENT_DAYS = 60  # settled within this many days: still within (or near) the 15 days to publish


def _text(petition: Petition, names: list[str]) -> str:
    complainant = names[0] if names else "người khiếu nại"
    return (
        f"QUYẾT ĐỊNH số {petition.settlement_decision_no} về việc giải quyết khiếu nại (lần {petition.round})\n"
        f"Xét đơn khiếu nại của ông (bà) {complainant} nhận ngày {petition.received_on:%d/%m/%Y} "
        f"về việc: {petition.summary}.\n"
        f"Căn cứ kết quả xác minh và đối thoại, {petition.handling_agency.name} quyết định:\n"
        f"Điều 1. Khiếu nại của ông (bà) {complainant} là {petition.get_result_display() or 'đã được xem xét'}.\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký; các cơ quan, cá nhân liên quan chịu trách nhiệm thi hành."
    )


def seed_published_decisions(*, as_of: dt.date) -> int:
    """Publish a few of the recently settled complaints; published ones are left alone (idempotent)."""
    if PublishedDecision.objects.exists():
        return 0
    settled = (
        Petition.objects.filter(
            kind=Kind.COMPLAINT,
            status=Status.SETTLED,
            settlement_form=SettlementForm.DECISION,
            case__lead_petition_id__isnull=False,
            settled_on__gte=as_of - dt.timedelta(days=RECENT_DAYS),
            settled_on__lte=as_of,
        )
        .select_related("case", "handling_agency__unit")
        .prefetch_related("petitioners")
        .order_by("-settled_on", "-pk")
    )
    published = 0
    seen_cases = set()
    for petition in settled[: DEMO_DECISIONS * 3]:
        if published == DEMO_DECISIONS:
            break
        if petition.case_id in seen_cases or petition.case.lead_petition_id != petition.pk:
            continue
        seen_cases.add(petition.case_id)
        if not petition.settlement_decision_no:  # the demo register records settlement without its number
            number = f"{100 + petition.pk % 900}/QĐ-UBND"
            Petition.objects.filter(pk=petition.pk).update(settlement_decision_no=number)
            petition.settlement_decision_no = number
        people = list(petition.petitioners.all())
        names = [p.full_name for p in people if p.full_name]
        redactions = [*names, *(p.id_number for p in people), *(p.address for p in people), *(p.phone for p in people)]
        try:
            with transaction.atomic():
                decision_publish(actor=None, case=petition.case, text=_text(petition, names), redactions=redactions)
        except DomainError:  # a case the rules keep off the public page (e.g. a mixed case): skip it
            continue
        published += 1
    return published

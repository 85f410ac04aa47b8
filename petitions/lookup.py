"""A citizen follows a petition with its receipt's register number and look-up code, without signing in.

The receipt carries both and a QR code of the look-up address. What the look-up shows is decided here and
nowhere else (`public_status`): the received date, the receiving agency, the current stage and its legal
deadline, and the published result — never a name, an address, the content or an internal note. A closed
petition that was not settled (withdrawn, stored) is never shown as settled, and a denunciation shows only its
stage and deadline (DOMAIN R7.3: nothing that could reveal the denouncer).

A wrong code and an unknown number get the same answer from the same single query; codes are 8 random characters
of 31 (31^8 ≈ 8.5 × 10^11), which the per-address rate limit makes impossible to enumerate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from petitions.choices import Kind, Outcome, SettlementForm, Status
from portal.throttling import address_bucket, counted

logger = logging.getLogger("petitions.lookup")

# No 0/O, 1/I/L: a code read off paper or typed on a phone is not mistaken.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
NUMBER_MAX_LENGTH = 40


def new_lookup_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalized_code(text: str) -> str:
    """What the citizen typed, as stored: case, spaces and dashes do not matter ("abcd-efgh" is "ABCDEFGH")."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def petition_found(register_number: str, code: str):
    """The petition with this number and code, or None: one indexed query whether the number exists or not."""
    from petitions.models import Petition

    number = (register_number or "").strip()[:NUMBER_MAX_LENGTH]
    code = normalized_code(code)
    if not number or len(code) != CODE_LENGTH:
        return None  # a code of the wrong length matches nothing: the same answer as a wrong code
    return (
        Petition.objects.filter(register_number=number, lookup_code=code)
        .select_related("receiving_agency", "transferred_to")
        .order_by("pk")
        .first()
    )


@dataclass(frozen=True)
class PublicStatus:
    """Exactly what anyone holding the receipt may read (the page and the API show these fields, no others)."""

    register_number: str
    stage: str
    stage_label: str
    deadline: dt.date | None
    received_on: dt.date | None = None
    receiving_agency: str | None = None
    result: str | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("deadline", "received_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


TOO_MANY = _("Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.")

STAGES = {
    "received": _("Đã tiếp nhận"),
    "classifying": _("Đang phân loại, xử lý đơn"),
    "accepted": _("Đã thụ lý, đang giải quyết"),
    "verifying": _("Đang xác minh"),
    "paused": _("Tạm đình chỉ giải quyết"),
    "settled": _("Đã giải quyết"),
    "withdrawn": _("Kết thúc do người gửi đơn rút đơn"),
    "closed_unsettled": _("Kết thúc, không giải quyết (lưu đơn)"),
    "urged": _("Đã đôn đốc cơ quan có thẩm quyền giải quyết"),
    "transferred": _("Đã chuyển đơn"),
    "guided": _("Đã hướng dẫn người gửi đơn"),
}


def _stage(petition) -> str:
    status = petition.status
    if status == Status.RECEIVED:
        return "received"
    if status == Status.CLASSIFIED:
        return "classifying"
    if status == Status.ACCEPTED:
        return "accepted"
    if status == Status.VERIFYING:
        return "verifying"
    if status == Status.PAUSED:
        return "paused"
    if petition.settlement_form == SettlementForm.WITHDRAWN:
        return "withdrawn"  # counted as settled in the reports (DOMAIN section 0), never shown as resolved
    if status in (Status.SETTLED, Status.PUBLISHED):
        return "settled"
    # Processed without acceptance, or closed: what happened to it, never "settled" unless it was.
    if petition.outcome == Outcome.TRANSFERRED:
        return "transferred"
    if petition.outcome == Outcome.GUIDED:
        return "guided"
    if petition.outcome == Outcome.URGED:
        return "urged"
    if status == Status.CLOSED and petition.settled_on:
        return "settled"
    return "closed_unsettled"


def public_status(petition) -> PublicStatus:
    """The look-up's answer for one petition."""
    stage = _stage(petition)
    label = str(STAGES[stage])
    # Where a denunciation went would say who handles it: a denunciation shows only its stage and deadline.
    if stage == "transferred" and petition.transferred_to_id and petition.kind != Kind.DENUNCIATION:
        label = gettext("Đã chuyển đơn đến %(agency)s") % {"agency": petition.transferred_to.name}
    open_stage = petition.status in (Status.RECEIVED, Status.CLASSIFIED, Status.ACCEPTED, Status.VERIFYING)
    deadline = petition.deadline if open_stage else None
    if petition.kind == Kind.DENUNCIATION:
        return PublicStatus(register_number=petition.register_number, stage=stage, stage_label=label, deadline=deadline)
    result = None
    if stage == "settled" and petition.published_on and petition.settlement_decision_no:
        result = gettext("Quyết định giải quyết số %(number)s, công khai ngày %(date)s") % {
            "number": petition.settlement_decision_no,
            "date": f"{petition.published_on:%d/%m/%Y}",
        }
    elif stage == "settled" and petition.settled_on:
        result = gettext("Đã có kết quả giải quyết ngày %(date)s") % {"date": f"{petition.settled_on:%d/%m/%Y}"}
    return PublicStatus(
        register_number=petition.register_number,
        stage=stage,
        stage_label=label,
        deadline=deadline,
        received_on=petition.received_on,
        receiving_agency=petition.receiving_agency.name,
        result=result,
    )


# --- rate limit and log --------------------------------------------------------------------------------


def _key(kind: str, value: str) -> str:
    return f"lookup:{kind}:" + hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def lookup_wait(address: str, register_number: str) -> int | None:
    """Count one look-up; None when it may go on, else the seconds to wait. Two limits: per address
    (LOOKUPS_PER_ADDRESS per LOOKUP_WINDOW_SECONDS) and per register number, counted whether the number exists
    or not (LOOKUPS_PER_NUMBER per hour), so that guessing one receipt's code from many addresses stops too."""
    per_address, wait = counted(_key("address", address_bucket(address)), settings.LOOKUP_WINDOW_SECONDS)
    number = (register_number or "").strip().upper()[:NUMBER_MAX_LENGTH]
    per_number, number_wait = counted(_key("number", number), 3600) if number else (0, 0)
    if per_address > settings.LOOKUPS_PER_ADDRESS:
        return wait
    if per_number > settings.LOOKUPS_PER_NUMBER:
        return number_wait
    return None


def lookup_logged(address: str, petition, *, channel: str) -> None:
    """One line per look-up: which petition was found (its id, or none) and a keyed hash of the address."""
    logger.info(
        "public petition look-up via %s: %s from %s",
        channel,
        f"petition {petition.pk}" if petition is not None else "not found",
        _key("address", address_bucket(address)).rsplit(":", 1)[-1][:12],
    )


def lookup_url(request, petition) -> str:
    """The look-up address the receipt prints and its QR code holds."""
    from django.urls import reverse
    from django.utils.http import urlencode

    query = urlencode({"so": petition.register_number, "ma": petition.lookup_code})
    path = f"{reverse('public-petition-lookup')}?{query}"
    # Printed from an office intranet, the request's own host may be one citizens cannot reach.
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def qr_svg(text: str) -> str:
    """A QR code of `text` as inline SVG markup (a path, no script, no style), drawn by the app."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    markup = image.to_string(encoding="unicode")
    return markup[markup.index("<svg") :]  # without the XML declaration

"""Publishing a complaint decision: the preview is what is published, personal data never goes out, denunciations
never do, a decision stays online 15 days, corrections are new versions, and only the settling unit publishes."""

import datetime as dt
import unicodedata

import pytest
import time_machine

from petitions.choices import Kind, Status
from petitions.models import Petition
from portal.models import AuditEvent, User
from portal.services import DomainError, NotFound, NotPermitted
from tests.transparency.conftest import ADDRESS, ID_NUMBER, NAME, REDACTIONS, TEXT
from transparency.models import PublishedDecision
from transparency.selectors import public_decision
from transparency.services import (
    decision_correct,
    decision_publish,
    decision_withdraw,
    preview_hash,
    redact,
    redaction_preview,
)

pytestmark = pytest.mark.django_db


def test_the_published_text_is_the_preview_byte_for_byte(settled_case, commune_officer_a):
    preview = redaction_preview(actor=commune_officer_a, case=settled_case, text=TEXT, redactions=REDACTIONS)

    decision = decision_publish(actor=commune_officer_a, case=settled_case, text=TEXT, redactions=REDACTIONS)

    published = decision.versions.get().text
    assert published.encode() == preview.encode()
    assert decision.number == "15/QĐ-UBND" and decision.decided_on == dt.date(2026, 11, 16)
    assert decision.published_on == dt.date(2026, 11, 20) and decision.field == "land_housing"


@pytest.mark.parametrize(
    "written",
    [
        NAME,
        NAME.upper(),
        "nong van dung",
        "NONG VAN DUNG",
        unicodedata.normalize("NFD", NAME),
        unicodedata.normalize("NFD", NAME.upper()),
        "Nông Văn\nDũng",
    ],
)
def test_redaction_hides_the_name_however_it_is_written(written):
    assert redact(f"Ông {written}, trú tại thôn Bản Vàng.", [NAME]) == "Ông [đã che], trú tại thôn Bản Vàng."


def test_redaction_hides_every_marked_item_everywhere_and_keeps_other_words(settled_case):
    text = redact(TEXT, REDACTIONS)

    assert text.count("[đã che]") == 6  # the name four ways, the number, the address
    for private in ("Nông", "NÔNG", "nong", "Dũng", ID_NUMBER, "Bản Vàng"):
        assert private not in unicodedata.normalize("NFC", text)
    assert "xã Đồng Phúc" in text and "Điều 1. Khiếu nại của ông [đã che] là đúng một phần." in text
    # a short item hides whole words only: "An" does not eat into "Ban quản lý"
    assert redact("Ông An gặp Ban quản lý.", ["An"]) == "Ông [đã che] gặp Ban quản lý."


def test_a_denunciation_cannot_be_published(settle, commune_officer_a):
    case = settle(kind=Kind.DENUNCIATION)

    for attempt in (redaction_preview, decision_publish):
        with pytest.raises(DomainError, match="không công khai đơn tố cáo"):
            attempt(actor=commune_officer_a, case=case, text="Kết luận nội dung tố cáo", redactions=[])
    assert not PublishedDecision.objects.exists()


def test_a_case_not_settled_by_a_decision_cannot_be_published(accepted, commune_officer_a):
    case = accepted().case

    with pytest.raises(DomainError, match="chưa có quyết định"):
        decision_publish(actor=commune_officer_a, case=case, text="Quyết định", redactions=[])


def test_publishing_is_refused_while_a_complainants_name_or_number_is_left_in_the_text(settled_case, commune_officer_a):
    with pytest.raises(DomainError, match="Nông Văn Dũng"):
        decision_publish(actor=commune_officer_a, case=settled_case, text=TEXT, redactions=[ID_NUMBER, ADDRESS])
    with pytest.raises(DomainError, match=ID_NUMBER):
        decision_publish(actor=commune_officer_a, case=settled_case, text=TEXT, redactions=[NAME, ADDRESS])
    with pytest.raises(DomainError, match="Nông Văn Dũng"):  # the title is published too
        decision_publish(
            actor=commune_officer_a,
            case=settled_case,
            title=f"Khiếu nại của ông {NAME}",
            text="Quyết định",
            redactions=[],
        )
    assert not PublishedDecision.objects.exists()


def test_publishing_refuses_a_text_other_than_the_one_previewed(settled_case, commune_officer_a):
    title = "Giải quyết khiếu nại"
    previewed = redaction_preview(actor=commune_officer_a, case=settled_case, text=TEXT, redactions=REDACTIONS)
    fingerprint = preview_hash(title, previewed)

    with pytest.raises(DomainError, match="Xem trước"):
        decision_publish(
            actor=commune_officer_a,
            case=settled_case,
            title=title,
            text=TEXT + "\nĐiều 3. Thêm sau khi xem trước.",
            redactions=REDACTIONS,
            expected_hash=fingerprint,
        )
    decision = decision_publish(
        actor=commune_officer_a,
        case=settled_case,
        title=title,
        text=TEXT,
        redactions=REDACTIONS,
        expected_hash=fingerprint,
    )
    assert decision.versions.get().text == previewed


def test_publishing_records_it_on_the_petition_and_in_the_audit_trail(published):
    petition = Petition.objects.get(case=published.case)

    assert petition.status == Status.PUBLISHED and petition.published_on == dt.date(2026, 11, 20)
    event = AuditEvent.objects.get(verb="decision.published")
    assert event.actor.username == "xa.xulydon" and event.unit == published.unit
    assert NAME not in str(event.payload) and ID_NUMBER not in str(event.payload)


def test_a_case_is_published_once(published, commune_officer_a):
    with pytest.raises(DomainError, match="đính chính"):
        decision_publish(actor=commune_officer_a, case=published.case, text="Quyết định khác", redactions=[])


def test_withdrawing_before_15_days_online_is_refused_and_allowed_after(published, commune_officer_a):
    # Published on 20 Nov 2026: online 21 Nov … 5 Dec (15 days); 6 Dec is the first day it may come down.
    with time_machine.travel(dt.datetime(2026, 12, 5, 16, 0, tzinfo=dt.UTC), tick=False):  # 23:00 in Hà Nội
        with pytest.raises(DomainError, match="ít nhất 15 ngày liên tục"):
            decision_withdraw(actor=commune_officer_a, decision=published, reason="Hết thời hạn công khai")
    assert public_decision(published.pk)

    with time_machine.travel(dt.datetime(2026, 12, 5, 17, 30, tzinfo=dt.UTC), tick=False):  # 00:30 on 6 Dec
        decision_withdraw(actor=commune_officer_a, decision=published, reason="Hết thời hạn công khai")

    published.refresh_from_db()
    assert published.withdrawn_at is not None and published.withdrawn_by == commune_officer_a
    assert not PublishedDecision.objects.online().exists()
    assert AuditEvent.objects.filter(verb="decision.withdrawn", target_id=str(published.pk)).exists()


def test_a_correction_is_a_new_version_and_the_public_reads_the_latest_with_the_dates(published, commune_officer_a):
    with time_machine.travel(dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC), tick=False):
        decision_correct(
            actor=commune_officer_a,
            decision=published,
            text=TEXT.replace("10 ngày", "15 ngày"),
            redactions=REDACTIONS,
            note="Sửa thời hạn trả lời tại Điều 2",
        )

    found = public_decision(published.pk)
    assert found.current.number == 2 and "trong 15 ngày" in found.current.text
    assert [(v.number, v.published_at.date(), v.note) for v in found.corrections] == [
        (2, dt.date(2026, 11, 23), "Sửa thời hạn trả lời tại Điều 2")
    ]
    assert published.versions.count() == 2 and "trong 10 ngày" in published.versions.get(number=1).text


def test_a_correction_needs_a_reason_and_keeps_names_out_of_it(published, commune_officer_a):
    with pytest.raises(DomainError, match="lý do"):
        decision_correct(actor=commune_officer_a, decision=published, text="Bản mới", redactions=[], note=" ")
    with pytest.raises(DomainError, match="Nông Văn Dũng"):
        decision_correct(
            actor=commune_officer_a, decision=published, text="Bản mới", redactions=[], note=f"Theo đơn của {NAME}"
        )
    assert published.versions.count() == 1


def test_a_neighbouring_communes_official_cannot_publish_and_learns_nothing(settled_case, commune_officer_b):
    with pytest.raises(NotFound):
        redaction_preview(actor=commune_officer_b, case=settled_case, text=TEXT, redactions=REDACTIONS)
    with pytest.raises(NotFound):
        decision_publish(actor=commune_officer_b, case=settled_case, text=TEXT, redactions=REDACTIONS)
    assert not PublishedDecision.objects.exists()


def test_only_the_settling_units_officials_with_the_permission_publish(settled_case, district_officer):
    reception_officer = User.objects.get(username="xa.tiepdan")  # of the commune, without the permission
    with pytest.raises(NotPermitted):
        decision_publish(actor=reception_officer, case=settled_case, text=TEXT, redactions=REDACTIONS)
    with pytest.raises(NotPermitted, match="đơn vị giải quyết"):  # the district sees the case; the commune settled it
        decision_publish(actor=district_officer, case=settled_case, text=TEXT, redactions=REDACTIONS)


def test_a_neighbouring_communes_official_cannot_correct_or_withdraw(published, commune_officer_b):
    with pytest.raises(NotFound):
        decision_correct(actor=commune_officer_b, decision=published, text="Bản mới", redactions=[], note="Sửa")
    with time_machine.travel(dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(NotFound):
            decision_withdraw(actor=commune_officer_b, decision=published, reason="Gỡ")
    assert published.versions.count() == 1

"""A citizen follows a petition with the receipt's register number and look-up code, signed out: the stage and its
deadline, never a name; a wrong code and an unknown number are the same answer; look-ups are rate-limited."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from petitions.choices import Kind, Outcome
from petitions.lookup import ALPHABET, CODE_LENGTH
from petitions.services import petition_lookup_code_renew, petition_process, petition_settle, petition_withdraw
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/public/petitions/"
HOST = {"HTTP_HOST": "localhost"}


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def look_up(client, number, code, **extra):
    return client.get(PAGE, {"so": number, "ma": code}, **HOST, **extra)


def api(client, number, code):
    return client.get(f"/api/v1/public/petitions/{number}", {"code": code}, **HOST)


def test_every_petition_gets_its_own_code_of_eight_unambiguous_characters(receive):
    codes = {receive().lookup_code for _ in range(5)}

    assert len(codes) == 5
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)


def test_the_look_up_shows_the_stage_deadline_and_receiving_agency_and_no_name(client, accepted):
    petition = accepted()

    page = look_up(client, petition.register_number, petition.lookup_code.lower())

    body = page.content.decode()
    assert page.status_code == 200
    assert "Đã thụ lý, đang giải quyết" in body
    assert petition.settlement_due.strftime("%d/%m/%Y") in body
    assert petition.receiving_agency.name in body and "02/11/2026" in body
    for private in ("Nông Văn Dũng", "Bản Vàng", "006012345678", "0912345678", "bồi thường giải phóng mặt bằng"):
        assert private not in body
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"


def test_the_api_answers_exactly_the_allowed_fields(client, accepted):
    petition = accepted()

    response = api(client, petition.register_number, petition.lookup_code)

    assert response.status_code == 200
    assert response.json() == {
        "register_number": petition.register_number,
        "stage": "accepted",
        "stage_label": "Đã thụ lý, đang giải quyết",
        "deadline": petition.settlement_due.isoformat(),
        "received_on": "2026-11-02",
        "receiving_agency": petition.receiving_agency.name,
        "result": None,
    }


def test_a_denunciation_shows_only_its_stage_and_deadline(client, receive):
    petition = receive(kind=Kind.DENUNCIATION, name="Hà Thị Tố")

    body = api(client, petition.register_number, petition.lookup_code).json()
    page = look_up(client, petition.register_number, petition.lookup_code).content.decode()

    assert body["received_on"] is None and body["receiving_agency"] is None and body["result"] is None
    assert body["stage"] == "received" and body["deadline"] == petition.deadline.isoformat()
    assert petition.receiving_agency.name not in page and "Hà Thị Tố" not in page


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(client, receive):
    petition = receive()
    wrong = "A" * CODE_LENGTH if petition.lookup_code != "A" * CODE_LENGTH else "B" * CODE_LENGTH

    answers = [
        look_up(client, petition.register_number, wrong),
        look_up(client, "99999-2026-999999", petition.lookup_code),
        look_up(client, petition.register_number, "short"),
    ]
    apis = [
        api(client, petition.register_number, wrong),
        api(client, "99999-2026-999999", petition.lookup_code),
    ]

    def shape(response):
        # The CSRF token of the page's language switch is masked afresh on every response, found or not.
        body = re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", response.content)
        # Each answer's request id is new (portal/logs.py), found or not.
        varying = ("date", "content-length", "set-cookie", "x-request-id")
        headers = {k: v for k, v in response.items() if k.lower() not in varying}
        return response.status_code, headers, body

    assert shape(answers[0]) == shape(answers[1]) == shape(answers[2])
    assert "Không tìm thấy đơn" in answers[0].content.decode()
    assert petition.register_number not in answers[0].content.decode()  # not even the number typed is echoed
    assert shape(apis[0]) == shape(apis[1]) and apis[0].status_code == 404


def test_look_ups_are_rate_limited_per_address_with_a_vietnamese_message(client, receive, settings):
    settings.LOOKUPS_PER_ADDRESS = 3
    petition = receive()

    statuses = [look_up(client, petition.register_number, petition.lookup_code).status_code for _ in range(3)]
    limited = look_up(client, petition.register_number, petition.lookup_code)
    limited_api = api(client, petition.register_number, petition.lookup_code)
    other_address = look_up(client, petition.register_number, petition.lookup_code, REMOTE_ADDR="10.0.0.9")

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429 and "quá nhiều lần" in limited.content.decode()
    assert 590 <= int(limited["Retry-After"]) <= 600
    assert limited_api.status_code == 429 and "quá nhiều" in limited_api.json()["detail"]
    assert 590 <= int(limited_api["Retry-After"]) <= 600
    assert other_address.status_code == 200


def test_one_ipv6_client_cannot_rotate_addresses_within_its_64(client, receive, settings):
    settings.LOOKUPS_PER_ADDRESS = 2
    petition = receive()

    answers = [
        look_up(client, petition.register_number, "ZZZZ2222", REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code
        for n in range(1, 4)
    ]

    assert answers == [200, 200, 429]


def test_guessing_one_receipts_code_from_many_addresses_stops(client, receive, settings):
    settings.LOOKUPS_PER_NUMBER = 3
    petition = receive()

    answers = [api(client, petition.register_number, "ZZZZ2222").status_code if n < 3 else None for n in range(3)]
    from_elsewhere = client.get(
        f"/api/v1/public/petitions/{petition.register_number}",
        {"code": petition.lookup_code},
        **HOST,
        REMOTE_ADDR="10.9.9.9",
    )
    unknown = [api(client, "99999-2026-000001", "ZZZZ2222").status_code for _ in range(4)]

    assert answers == [404, 404, 404] and from_elsewhere.status_code == 429
    assert unknown == [404, 404, 404, 429]  # an unknown number is counted the same: the limit tells nothing


def test_the_receipt_prints_the_public_address_when_one_is_set(client_for, receive, commune_officer_a, settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.backan.gov.vn/"
    petition = receive()

    body = client_for(commune_officer_a).get(reverse("petitions:print-receipt", args=[petition.pk]), **HOST)

    assert 'data-lookup-url="https://dichvucong.backan.gov.vn/public/petitions/?so=' in body.content.decode()


def test_a_transferred_denunciation_does_not_say_where_it_went(client, receive, commune_officer_a):
    from petitions.services import petition_classify
    from portal.models import Agency

    petition = receive(kind=Kind.DENUNCIATION, name="Hà Thị Tố")
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=False,
    )
    target = Agency.objects.exclude(pk=commune_officer_a.agency_id).first()
    petition_process(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        outcome=Outcome.TRANSFERRED,
        processed_on=dt.date(2026, 11, 10),
        transferred_to=target,
    )

    body = api(client, petition.register_number, petition.lookup_code).json()

    assert body["stage"] == "transferred" and body["stage_label"] == "Đã chuyển đơn"
    assert target.name not in str(body)


def test_a_new_code_revokes_the_old_one_and_is_audited(client, receive, commune_officer_a):
    petition = receive()
    old = petition.lookup_code

    renewed = petition_lookup_code_renew(actor=commune_officer_a, petition_id=petition.pk)

    assert renewed.lookup_code != old
    assert api(client, petition.register_number, old).status_code == 404
    assert api(client, petition.register_number, renewed.lookup_code).status_code == 200
    event = AuditEvent.objects.get(verb="petition.lookup_code_renewed")
    assert old not in str(event.payload) and renewed.lookup_code not in str(event.payload)


def test_an_official_renews_the_code_from_the_petition_page(client_for, receive, commune_officer_a):
    petition = receive()
    client = client_for(commune_officer_a)
    detail = reverse("petitions:detail", args=[petition.pk])
    assert petition.lookup_code in client.get(detail, **HOST).content.decode()

    response = client.post(reverse("petitions:lookup-code-renew", args=[petition.pk]), **HOST)

    petition.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail, **HOST).content.decode()
    assert petition.lookup_code in page and "Đã cấp mã tra cứu mới" in page


def test_a_neighbouring_commune_cannot_renew_the_code(client_for, receive, commune_officer_b):
    petition = receive()

    response = client_for(commune_officer_b).post(reverse("petitions:lookup-code-renew", args=[petition.pk]), **HOST)

    assert response.status_code == 404


def test_a_withdrawn_petition_is_never_shown_as_settled(client, accepted, commune_officer_a):
    petition = accepted()
    petition_withdraw(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        withdrawn_on=dt.date(2026, 11, 18),
    )

    body = api(client, petition.register_number, petition.lookup_code).json()

    assert body["stage"] == "withdrawn" and body["stage_label"] == "Kết thúc do người gửi đơn rút đơn"
    assert body["result"] is None and body["deadline"] is None


def test_a_stored_petition_is_closed_without_settlement_and_a_transferred_one_names_where(
    client, receive, commune_officer_a
):
    from petitions.services import petition_classify
    from portal.models import Agency

    stored, transferred = receive(), receive(summary="Phản ánh đường liên thôn hư hỏng", kind=Kind.REFLECTION)
    target = Agency.objects.exclude(pk=commune_officer_a.agency_id).first()
    for petition, outcome in ((stored, Outcome.STORED), (transferred, Outcome.TRANSFERRED)):
        petition = petition_classify(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=False,
        )
        petition_process(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            outcome=outcome,
            processed_on=dt.date(2026, 11, 10),
            transferred_to=target if outcome == Outcome.TRANSFERRED else None,
        )

    assert api(client, stored.register_number, stored.lookup_code).json()["stage"] == "closed_unsettled"
    moved = api(client, transferred.register_number, transferred.lookup_code).json()
    assert moved["stage"] == "transferred" and moved["stage_label"] == f"Đã chuyển đơn đến {target.name}"


def test_a_settled_complaint_shows_its_result_date(client, accepted, commune_officer_a):
    petition = accepted()
    petition_settle(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        settled_on=dt.date(2026, 11, 19),
        decision_no="45/QĐ-UBND",
        result="right",
    )

    body = api(client, petition.register_number, petition.lookup_code).json()

    assert body["stage"] == "settled" and body["result"] == "Đã có kết quả giải quyết ngày 19/11/2026"


def test_the_receipt_prints_the_code_and_a_qr_code_of_the_look_up_address(client_for, receive, commune_officer_a):
    petition = receive()

    page = client_for(commune_officer_a).get(reverse("petitions:print-receipt", args=[petition.pk]), **HOST)

    body = page.content.decode()
    address = f"http://localhost/public/petitions/?so={petition.register_number}&ma={petition.lookup_code}"
    assert petition.lookup_code in body
    assert f'data-lookup-url="{address.replace("&", "&amp;")}"' in body
    assert scanned(body[body.index("<svg") : body.index("</svg>") + 6]) == address  # what a phone reads from it


def scanned(svg: str, scale: int = 4) -> str:
    """What a QR reader (zxing-cpp) reads from the receipt's SVG, drawn square by square onto a bitmap."""
    import zxingcpp

    side = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    squares = [tuple(map(float, m)) for m in re.findall(r"M([\d.]+),([\d.]+)H[\d.]+V[\d.]+H[\d.]+z", svg)]
    module = float(re.search(r"M[\d.]+,[\d.]+H([\d.]+)", svg).group(1)) - squares[0][0]
    size = round(side / module) * scale
    pixels = bytearray([255]) * (size * size)
    for x, y in squares:
        left, top = round(x / module) * scale, round(y / module) * scale
        for row in range(top, top + scale):
            pixels[row * size + left : row * size + left + scale] = bytes(scale)
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (size, size)))
    return found.text if found else ""


def test_the_look_up_page_costs_a_fixed_handful_of_queries(client, accepted, django_assert_max_num_queries):
    petition = accepted()
    with django_assert_max_num_queries(3):
        look_up(client, petition.register_number, petition.lookup_code)

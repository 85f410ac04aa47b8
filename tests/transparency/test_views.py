"""The officials' pages (preview then publish exactly that, correct, withdraw) and the public's pages (no sign-in,
filters, cheap and cacheable, nothing but the decision's fields and its redacted text)."""

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from petitions.choices import Field
from portal.models import AdministrativeUnit
from tests.transparency.conftest import ADDRESS, ID_NUMBER, NAME, REDACTIONS, TEXT
from transparency.models import PublishedDecision
from transparency.services import decision_correct, decision_publish

pytestmark = pytest.mark.django_db

PUBLIC_LIST = "/public/decisions/"
PRIVATE = (NAME, "NÔNG VĂN DŨNG", "nong van dung", ID_NUMBER, ADDRESS, "0912345678")


def form_data(**overrides):
    return {
        "title": "Giải quyết khiếu nại về bồi thường",
        "text": TEXT,
        "redactions": "\r\n".join(REDACTIONS),
    } | overrides


def shown_preview(response) -> str:
    """The redacted text of the preview card, as the official reads it."""
    card = re.search(r'<section class="card"[^>]*id="preview">(.*?)</section>', response.content.decode(), re.S)
    paragraphs = re.search(r'<div class="decision-text">(.*?)</div>', card.group(1), re.S).group(1)
    return unescape(re.sub(r"<br>|</p>\s*<p>", "\n", paragraphs).removeprefix("<p>").removesuffix("</p>"))


def test_the_official_previews_then_publishes_exactly_what_was_shown(client_for, commune_officer_a, settled_case):
    client = client_for(commune_officer_a)
    url = reverse("transparency:publish", args=[settled_case.pk])
    assert "Xem trước" in client.get(url).content.decode()

    preview = client.post(url, {**form_data(), "step": "preview"})
    body = preview.content.decode()
    assert preview.status_code == 200 and "[đã che]" in body and "Công bố" in body
    assert not any(private in shown_preview(preview) for private in PRIVATE)
    fingerprint = re.search(r'name="preview_hash" value="([0-9a-f]+)"', body).group(1)

    done = client.post(url, {**form_data(), "preview_hash": fingerprint, "step": "publish"})

    decision = PublishedDecision.objects.get(case=settled_case)
    assert done.status_code == 302 and done.url == reverse("transparency:decision", args=[decision.pk])
    assert decision.versions.get().text == shown_preview(preview)


def test_publishing_without_a_fresh_preview_is_refused(client_for, commune_officer_a, settled_case):
    client = client_for(commune_officer_a)
    url = reverse("transparency:publish", args=[settled_case.pk])
    preview = client.post(url, {**form_data(), "step": "preview"})
    fingerprint = re.search(r'name="preview_hash" value="([0-9a-f]+)"', preview.content.decode()).group(1)

    changed = client.post(url, {**form_data(text=TEXT + "\nĐiều 3."), "preview_hash": fingerprint, "step": "publish"})
    unpreviewed = client.post(url, {**form_data(), "step": "publish"})

    assert "đã thay đổi sau khi xem trước" in changed.content.decode()
    assert "Hãy bấm “Xem trước”" in unpreviewed.content.decode()
    assert not PublishedDecision.objects.exists()


def test_the_preview_warns_and_offers_no_publishing_while_the_name_is_left(client_for, commune_officer_a, settled_case):
    client = client_for(commune_officer_a)
    url = reverse("transparency:publish", args=[settled_case.pk])

    preview = client.post(url, {**form_data(redactions=ID_NUMBER), "step": "preview"})

    body = preview.content.decode()
    assert "vẫn còn thông tin của người khiếu nại" in body and NAME in body
    assert 'value="publish"' not in body


def test_a_neighbouring_communes_official_gets_404_on_every_page_of_the_decision(
    client_for, commune_officer_b, published, settled_case
):
    client = client_for(commune_officer_b)
    for url in (
        reverse("transparency:publish", args=[settled_case.pk]),
        reverse("transparency:decision", args=[published.pk]),
        reverse("transparency:correct", args=[published.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**form_data(), "note": "x", "step": "publish"}).status_code == 404, url
    assert client.post(reverse("transparency:withdraw", args=[published.pk]), {"reason": "x"}).status_code == 404
    assert published.versions.count() == 1 and PublishedDecision.objects.online().count() == 1
    listed = client.get(reverse("transparency:manage")).content.decode()
    assert published.number not in listed


def test_the_unit_list_shows_published_decisions_and_settled_complaints_waiting(
    client_for, commune_officer_a, settle, published
):
    waiting = settle(decision_no="21/QĐ-UBND")

    page = client_for(commune_officer_a).get(reverse("transparency:manage")).content.decode()

    assert published.number in page and reverse("transparency:decision", args=[published.pk]) in page
    assert reverse("transparency:publish", args=[waiting.pk]) in page


def test_a_correction_from_the_page_becomes_the_public_version(client_for, commune_officer_a, published, client):
    official = client_for(commune_officer_a)
    url = reverse("transparency:correct", args=[published.pk])
    data = {"text": TEXT.replace("10 ngày", "15 ngày"), "redactions": "\n".join(REDACTIONS), "note": "Sửa thời hạn"}
    preview = official.post(url, {**data, "step": "preview"})
    fingerprint = re.search(r'name="preview_hash" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    assert official.post(url, {**data, "preview_hash": fingerprint, "step": "publish"}).status_code == 302
    official.logout()

    page = client.get(reverse("transparency:public-detail", args=[published.pk])).content.decode()

    assert "trong 15 ngày" in page and "trong 10 ngày" not in page
    assert "Sửa thời hạn" in page and "20/11/2026" in page


def test_withdrawing_early_from_the_page_is_refused_with_the_date_it_may_be(client_for, commune_officer_a, published):
    client = client_for(commune_officer_a)
    url = reverse("transparency:withdraw", args=[published.pk])

    refused = client.post(url, {"reason": "Đã đủ thời hạn"}, follow=True)
    assert "06/12/2026" in refused.content.decode() and PublishedDecision.objects.online().exists()

    with time_machine.travel(dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC), tick=False):
        client = client_for(commune_officer_a)  # a new day, a new session
        assert client.post(url, {"reason": "Đã đủ thời hạn"}).status_code == 302
    assert not PublishedDecision.objects.online().exists()
    assert client.get(reverse("transparency:public-detail", args=[published.pk])).status_code == 404


# --- Public pages ---------------------------------------------------------------------------------------------


def test_the_public_detail_never_contains_a_complainants_detail(client, published):
    response = client.get(reverse("transparency:public-detail", args=[published.pk]))

    body = response.content.decode()
    assert response.status_code == 200 and "15/QĐ-UBND" in body and "[đã che]" in body
    assert "bồi thường giải phóng mặt bằng đường tỉnh 258" in body
    for private in (*PRIVATE, published.case.code):
        assert private not in body, private
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_signed_in_officials_copy_of_a_public_page_is_not_shared(client_for, commune_officer_a, published):
    response = client_for(commune_officer_a).get(PUBLIC_LIST)

    assert response.status_code == 200 and "private" in response["Cache-Control"]


@pytest.fixture
def three_decisions(settle, commune_officer_a):
    """Decisions of 16 Nov (land), 16 Nov (policy) and one settled on 10 Nov (land), all of Xã Đồng Phúc."""

    def publish(case):
        return decision_publish(actor=commune_officer_a, case=case, text="Quyết định giải quyết", redactions=[])

    land = publish(settle(decision_no="15/QĐ-UBND"))
    policy = publish(settle(decision_no="16/QĐ-UBND", field=Field.POLICY))
    early = settle(decision_no="09/QĐ-UBND")
    early_decision = publish(early)
    PublishedDecision.objects.filter(pk=early_decision.pk).update(decided_on=dt.date(2026, 11, 10))
    return land, policy, early_decision


def numbers_on(response) -> set[str]:
    return set(re.findall(r"\d\d/QĐ-UBND", response.content.decode()))


def test_the_public_list_filters_by_unit_date_range_and_field(client, three_decisions, commune_officer_a):
    commune = commune_officer_a.agency.unit
    district = commune.parent
    other_commune = AdministrativeUnit.objects.filter(parent=district).exclude(pk=commune.pk).first()

    assert numbers_on(client.get(PUBLIC_LIST)) == {"15/QĐ-UBND", "16/QĐ-UBND", "09/QĐ-UBND"}
    assert numbers_on(client.get(PUBLIC_LIST, {"field": "policy"})) == {"16/QĐ-UBND"}
    assert numbers_on(client.get(PUBLIC_LIST, {"date_from": "2026-11-12", "date_to": "2026-11-30"})) == {
        "15/QĐ-UBND",
        "16/QĐ-UBND",
    }
    assert numbers_on(client.get(PUBLIC_LIST, {"date_to": "2026-11-10", "field": "land_housing"})) == {"09/QĐ-UBND"}
    assert len(numbers_on(client.get(PUBLIC_LIST, {"unit": district.pk}))) == 3  # the district includes the commune
    assert numbers_on(client.get(PUBLIC_LIST, {"unit": other_commune.pk})) == set()
    assert numbers_on(client.get(PUBLIC_LIST, {"date_from": "not a date"})) == set()  # never more than asked
    offered = client.get(PUBLIC_LIST).content.decode()
    assert f'<option value="{district.pk}">' in offered and f'<option value="{other_commune.pk}">' not in offered


def test_the_public_list_costs_the_same_few_queries_for_many_decisions(
    client, settle, commune_officer_a, django_assert_max_num_queries
):
    def publish(count):
        for number in range(count):
            case = settle(decision_no=f"{PublishedDecision.objects.count() + number + 30}/QĐ-UBND")
            decision = decision_publish(actor=commune_officer_a, case=case, text="Quyết định", redactions=[])
            decision_correct(actor=commune_officer_a, decision=decision, text="Bản sửa", redactions=[], note="Sửa")

    query = {"field": "land_housing", "unit": commune_officer_a.agency.unit_id}
    publish(1)
    with django_assert_max_num_queries(5):  # unit options (2), the unit asked for, count, page
        assert client.get(PUBLIC_LIST, query).status_code == 200
    publish(4)
    with django_assert_max_num_queries(5):  # unit options (2), the unit asked for, count, page
        response = client.get(PUBLIC_LIST, query)
    assert len(numbers_on(response)) == 5


def test_the_public_detail_costs_three_queries_whatever_its_corrections(
    client, published, commune_officer_a, django_assert_max_num_queries
):
    for number in range(3):
        decision_correct(
            actor=commune_officer_a, decision=published, text=f"Bản sửa {number}", redactions=[], note=f"Lần {number}"
        )

    with django_assert_max_num_queries(3):
        response = client.get(reverse("transparency:public-detail", args=[published.pk]))
    body = response.content.decode()
    assert "Bản sửa 2" in body and "Lần 0" in body and "Lần 2" in body and "Bản sửa 1" not in body


def test_an_official_without_the_view_permission_meets_no_decision_anywhere(published, commune_officer_a, client):
    from transparency.selectors import decisions_visible_to

    commune_officer_a.groups.clear()
    commune_officer_a.user_permissions.clear()
    official = type(commune_officer_a).objects.get(pk=commune_officer_a.pk)  # a fresh permission cache
    client.force_login(official)

    assert not decisions_visible_to(official).exists()
    assert client.get(reverse("transparency:decision", args=[published.pk]), HTTP_HOST="localhost").status_code in (
        403,
        404,
    )


def test_a_settled_complaints_page_leads_to_publishing_its_decision_then_to_the_decision(
    settled_case, commune_officer_a, client_for
):
    client = client_for(commune_officer_a)
    petition_page = reverse("petitions:detail", args=[settled_case.lead_petition_id])

    before = client.get(petition_page, HTTP_HOST="localhost").content.decode()
    assert f'href="{reverse("transparency:publish", args=[settled_case.pk])}">Công khai quyết định giải quyết' in before

    found = decision_publish(
        actor=commune_officer_a, case=settled_case, title="Giải quyết khiếu nại", text=TEXT, redactions=REDACTIONS
    )
    after = client.get(petition_page, HTTP_HOST="localhost").content.decode()
    assert f'href="{reverse("transparency:decision", args=[found.pk])}">Xem quyết định đã công khai' in after


def test_a_petition_not_settled_by_decision_offers_no_publishing(accepted, commune_officer_a, client_for):
    petition = accepted()

    page = client_for(commune_officer_a).get(reverse("petitions:detail", args=[petition.pk]), HTTP_HOST="localhost")

    assert "Công khai quyết định giải quyết" not in page.content.decode()

"""The audit trail as inspectors read it (issue 18): filters by what was done, by whom, where and when; only the
events of their own units; a denouncer's identity nowhere on it."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import time_machine
from django.utils.http import urlencode

from petitions.choices import Kind
from petitions.services import PetitionerData
from portal.models import AuditEvent, User
from portal.services import audit_record
from tests.petitions.conftest import accepted, receive  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
DENOUNCER = "Hà Thị Tố Nga"


def rows(response) -> list[str]:
    """The target column of the trail's table, as the reader sees it."""
    return [event.target_repr for event in response.context["page"].object_list]


@pytest.fixture
def trail(commune_officer_a, commune_officer_b, province_admin):
    """Events in Đồng Phúc and in Hoàng Trĩ, by two officials, on two days, of two families."""
    dong_phuc, hoang_tri = commune_officer_a.agency.unit, commune_officer_b.agency.unit
    made = []
    for day, actor, unit, verb, target in [
        (dt.date(2026, 11, 2), commune_officer_a, dong_phuc, "petition.received", "ĐP-01"),
        (dt.date(2026, 11, 3), commune_officer_a, dong_phuc, "reform.task_created", "ĐP-02"),
        (dt.date(2026, 11, 9), province_admin, dong_phuc, "petition.accepted", "ĐP-03"),
        (dt.date(2026, 11, 9), commune_officer_b, hoang_tri, "petition.received", "HT-01"),
    ]:
        with time_machine.travel(dt.datetime.combine(day, dt.time(3, 0), tzinfo=dt.UTC), tick=False):
            event = audit_record(actor=actor, verb=verb, unit=unit)
        AuditEvent.objects.filter(pk=event.pk).update(target_repr=target)
        made.append(event)
    return made


def test_an_inspector_filters_the_trail_by_family_official_place_and_days(client_for, trail, commune_officer_a):
    district_inspector = User.objects.get(username="huyen.thanhtra")
    client = client_for(district_inspector)
    dong_phuc = commune_officer_a.agency.unit

    def shown(**query) -> set[str]:
        response = client.get(f"/audit/?{urlencode(query)}")
        assert response.status_code == 200
        return {t for t in rows(response) if t[:3] in ("ĐP-", "HT-")}

    assert shown() == {"ĐP-01", "ĐP-02", "ĐP-03", "HT-01"}
    assert shown(family="petition") == {"ĐP-01", "ĐP-03", "HT-01"}
    assert shown(actor=commune_officer_a.username) == {"ĐP-01", "ĐP-02"}
    assert shown(unit=dong_phuc.pk) == {"ĐP-01", "ĐP-02", "ĐP-03"}
    assert shown(since="2026-11-03", until="2026-11-09", unit=dong_phuc.pk) == {"ĐP-02", "ĐP-03"}
    assert shown(target="HT-") == {"HT-01"}
    assert shown(verb="reform.") == {"ĐP-02"}


def test_a_commune_inspector_sees_only_the_trail_of_the_commune(client_for, trail, commune_officer_a):
    hoang_tri_inspector = User.objects.get(username="xa2.thanhtra")
    response = client_for(hoang_tri_inspector).get("/audit/")
    shown = {t for t in rows(response) if t[:3] in ("ĐP-", "HT-")}
    assert shown == {"HT-01"}
    # a filter naming another commune's unit finds nothing of it, it does not widen the scope
    dong_phuc = commune_officer_a.agency.unit
    response = client_for(hoang_tri_inspector).get(f"/audit/?unit={dong_phuc.pk}")
    assert not {t for t in rows(response) if t.startswith("ĐP-")}


def test_only_inspectors_and_administrators_open_the_trail(client_for, trail):
    for username, status in [("xa.tiepdan", 403), ("xa.xulydon", 403), ("xa.lanhdao", 403), ("xa.thanhtra", 200)]:
        assert client_for(User.objects.get(username=username)).get("/audit/").status_code == status, username


def test_a_wrong_date_is_told_in_vietnamese_and_shows_no_rows(client_for, trail):
    response = client_for(User.objects.get(username="huyen.thanhtra")).get("/audit/?since=31/02/2026")
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "ngày hợp lệ" in response.content.decode()
    assert rows(response) == []


def test_the_trail_of_a_denunciation_never_names_the_denouncer(client_for, accepted):  # noqa: F811
    denunciation = accepted(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính thu tiền trái phép",
        petitioners=[PetitionerData(full_name=DENOUNCER, id_number="006199001122", phone="0987001122")],
    )
    assert AuditEvent.objects.filter(target_id=str(denunciation.pk)).exists()
    for username in ("huyen.thanhtra", "tinh.thanhtra", "xa.quantri"):
        body = client_for(User.objects.get(username=username)).get("/audit/?family=petition").content.decode()
        assert denunciation.register_number in body, username  # the rows are there, named by their number
        for form in (DENOUNCER, unicodedata.normalize("NFD", DENOUNCER), "006199001122", "0987001122"):
            assert form not in body, (username, form)

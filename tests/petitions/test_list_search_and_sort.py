"""The petition list speaks Vietnamese in its sort choices and finds petitions by their field's name."""

import datetime as dt

import pytest

from petitions.services import PetitionerData, petition_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def land_petition(commune_officer_a):
    return petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="complaint",
        channel="mail",
        received_on=dt.date(2024, 6, 3),
        summary="Khiếu nại việc thu hồi thửa ruộng thôn Nà Làng",
        petitioners=[PetitionerData("Hà Văn Ruộng")],
        field="land_housing",
        subfield="land-dispute",
    )


@pytest.fixture
def policy_petition(commune_officer_a):
    return petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2024, 6, 4),
        summary="Kiến nghị về trợ cấp",
        petitioners=[PetitionerData("Hà Thị Chính")],
        field="policy",
    )


def test_every_sort_choice_of_the_petition_list_is_in_vietnamese(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/petitions/").content.decode()
    assert "Ngày nhận (mới nhất trước)" in page and "Hạn (gần nhất trước)" in page
    assert "descending" not in page


def test_searching_a_field_name_finds_its_petitions(client_for, commune_officer_a, land_petition, policy_petition):
    client = client_for(commune_officer_a)
    page = client.get("/petitions/", {"q": "Đất đai"}).content.decode()
    assert land_petition.register_number in page and policy_petition.register_number not in page
    sub = client.get("/petitions/", {"q": "tranh chap dat"}).content.decode()  # a sub-field, without accents
    assert land_petition.register_number in sub and policy_petition.register_number not in sub
    group = client.get("/petitions/", {"q": "Hành chính"}).content.decode()  # the group above both fields
    assert land_petition.register_number in group and policy_petition.register_number in group


def test_searching_a_register_number_finds_the_petition(client_for, commune_officer_a, land_petition, policy_petition):
    page = client_for(commune_officer_a).get("/petitions/", {"q": land_petition.register_number}).content.decode()
    assert land_petition.register_number in page and policy_petition.register_number not in page

"""The models list's filters (programme, round, year, field, level, status, unit subtree, collective or
individual, text without accents), read from the URL the same way by the page, the API and the export."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from models_registry.filtersets import ModelFilterSet
from models_registry.models import MobilizationModel
from models_registry.selectors import model_list
from models_registry.services import model_create, round_create
from portal.choices import Generation, Level
from portal.models import AdministrativeUnit
from tests.models_registry.conftest import model_data, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def friendly_round(friendly_programme, bac_kan, movement_officer, round_window):
    opens, closes = round_window
    return round_create(
        actor=movement_officer,
        programme=friendly_programme,
        unit=bac_kan,
        year=today().year,
        name="Chính quyền thân thiện cấp tỉnh",
        registration_opens=opens,
        registration_closes=closes,
        recognition_level=RecognitionLevel.PROVINCE,
        pass_threshold=Decimal("60"),
        spread_threshold=Decimal("20"),
    )


@pytest.fixture
def old_round(dvk_programme, bac_kan, movement_officer):
    """Last decade's province round (the office registers into it after its window)."""
    return round_create(
        actor=movement_officer,
        programme=dvk_programme,
        unit=bac_kan,
        year=2023,
        name="Dân vận khéo cấp tỉnh năm 2023",
        registration_opens=dt.date(2023, 2, 1),
        registration_closes=dt.date(2023, 3, 31),
        recognition_level=RecognitionLevel.PROVINCE,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
    )


@pytest.fixture
def models(province_round, friendly_round, old_round, commune_round, movement_officer, commune_movement_officer):
    """Five models across programmes, years, levels, fields, units and owner kinds."""
    office = movement_officer
    made = {
        "online": model_create(actor=office, round=province_round, data=model_data()),
        "tea": model_create(
            actor=office,
            round=province_round,
            data=model_data(
                name="Trồng chè vàng ở Bản Chán",
                field=Field.ECONOMY,
                owner_kind=OwnerKind.INDIVIDUAL,
                collective_kind="",
                owner_name="Hoàng Văn Tam",
            ),
        ),
        "friendly": model_create(
            actor=office, round=friendly_round, data=model_data(name="Bộ phận một cửa thân thiện")
        ),
        "old": model_create(
            actor=office,
            round=old_round,
            data=model_data(name="Câu lạc bộ hát then Pác Nặm", field=Field.CULTURE_SOCIETY),
        ),
        "village": model_create(
            actor=commune_movement_officer,
            round=commune_round,
            data=model_data(name="Chi bộ thôn Nà Dau tuyên truyền", field=Field.DEFENCE_SECURITY),
        ),
    }
    MobilizationModel.objects.filter(pk=made["old"].pk).update(status=Status.RECOGNIZED)
    MobilizationModel.objects.filter(pk=made["online"].pk).update(status=Status.REGISTERED)
    return made


def names(client, query: str) -> set[str]:
    response = client.get(f"/models/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    return {name for name in re.findall(r'<a href="/models/\d+/">([^<]+)</a>', body)}


def named(models, *keys) -> set[str]:
    return {models[key].name for key in keys}


def test_each_filter_narrows_the_list(client_for, movement_officer, models, friendly_programme, province_round):
    client = client_for(movement_officer)
    assert names(client, "") == named(models, "online", "tea", "friendly", "old", "village")
    assert names(client, f"programme={friendly_programme.pk}") == named(models, "friendly")
    assert names(client, f"round={province_round.pk}") == named(models, "online", "tea")
    assert names(client, "year=2023") == named(models, "old")
    assert names(client, "field=economy") == named(models, "tea")
    assert names(client, "level=commune") == named(models, "village")
    assert names(client, "owner_kind=individual") == named(models, "tea")
    assert names(client, "status=registered&status=recognized") == named(models, "online", "old")


def test_the_text_search_needs_no_accents_and_finds_owners(client_for, movement_officer, models):
    client = client_for(movement_officer)
    assert names(client, "q=hat then pac nam") == named(models, "old")
    assert names(client, "q=Hoàng Văn Tam") == named(models, "tea")


def test_the_unit_filter_takes_the_whole_subtree(client_for, movement_officer, models, dong_phuc):
    ba_be = dong_phuc.parent
    other_district = AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.DISTRICT, name="Huyện Pác Nặm"
    )
    client = client_for(movement_officer)
    assert names(client, f"unit={ba_be.pk}") == named(models, "village")
    assert names(client, f"unit={other_district.pk}") == set()


def test_the_unit_filter_offers_the_officials_own_subtree(client_for, commune_movement_officer, models, dong_phuc):
    body = client_for(commune_movement_officer).get("/models/").content.decode()
    unit_select = body.split('name="unit"')[1].split("</select>")[0]
    assert "Xã Đồng Phúc" in unit_select and "Huyện Ba Bể" not in unit_select


def test_the_funnel_counts_follow_the_filters(client_for, movement_officer, models):
    body = client_for(movement_officer).get("/models/?programme=&year=2023").content.decode()
    assert re.search(r'data-funnel="registered">1<', body)
    assert re.search(r'data-funnel="recognized">1<', body)
    assert re.search(r'data-funnel="typical">0<', body)


def test_a_wrong_value_in_the_url_is_shown_as_an_error_not_a_crash(client_for, movement_officer, models):
    response = client_for(movement_officer).get("/models/?year=abc&field=nothing")
    assert response.status_code == 200
    assert "Lựa chọn" in response.content.decode() or "Nhập một số" in response.content.decode()


def test_the_api_and_the_page_read_the_same_query_string(api_for, client_for, movement_officer, models):
    query = "field=economy&owner_kind=individual"
    response = api_for(movement_officer).get(f"/api/v1/models/?{query}")
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == names(client_for(movement_officer), query)


def test_the_filterset_is_the_one_the_selector_applies(movement_officer, models):
    scoped = model_list(movement_officer)
    by_filterset = set(ModelFilterSet({"field": "economy"}, queryset=scoped).qs.values_list("pk", flat=True))
    assert by_filterset == set(model_list(movement_officer, {"field": "economy"}).values_list("pk", flat=True))
    assert by_filterset == {models["tea"].pk}

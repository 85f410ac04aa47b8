"""The leader screen shows every family's tiles (petitions, reception, models, reform) for a unit, and its warm view
runs the same number of queries however many records lie behind the figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from models_registry.models import MobilizationModel, Programme, Round
from portal.models import User
from tests.reform.conftest import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("march_2025")]


def add_models(unit, count: int) -> None:
    programme = Programme.objects.get(code="dan-van-kheo")
    round_, _created = Round.objects.get_or_create(
        programme=programme,
        unit=unit,
        year=2024,
        recognition_level=RecognitionLevel.PROVINCE,
        defaults={
            "name": "Dân vận khéo cấp tỉnh năm 2024",
            "registration_opens": dt.date(2024, 2, 1),
            "registration_closes": dt.date(2024, 3, 31),
            "pass_threshold": Decimal("70"),
            "spread_threshold": Decimal("15"),
        },
    )
    agency = unit.agencies.order_by("pk").first()
    MobilizationModel.objects.bulk_create(
        MobilizationModel(
            round=round_,
            unit=unit,
            registering_agency=agency,
            name=f"Mô hình {n}",
            search_name=f"mo hinh {n}",
            field=Field.values[n % 4],
            owner_kind=OwnerKind.COLLECTIVE,
            owner_name="Chủ thể",
            status=Status.TYPICAL if n % 3 == 0 else Status.RECOGNIZED,
            registered_on=dt.date(2024, 3, 1),
            recognized_on=dt.date(2024, 9, 1),
            typical_on=dt.date(2024, 9, 1) if n % 3 == 0 else None,
        )
        for n in range(count)
    )


def warm_queries(client, url: str) -> int:
    client.get(url)  # computes what is missing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_every_family_has_its_tiles_and_the_warm_screen_costs_the_same_with_more_records(
    plans, bac_kan, justice, client_for
):
    from reports.models import ReportSnapshot

    client = client_for(User.objects.get(username="tinh.lanhdao"))
    url = f"/dashboard/{bac_kan.pk}/?year=2024"
    add_models(bac_kan, 3)
    few, page = warm_queries(client, url)
    for figure in ("models-registered", "models-recognized", "models-typical", "reform-completion"):
        assert f'data-figure="{figure}"' in page
    assert "Tỷ lệ giải quyết" in page and "Thủ trưởng tiếp công dân" in page  # petitions and reception tiles

    add_models(bac_kan, 60)
    for day in range(1, 29):
        make_task(plans["province"], justice, dt.date(2024, 7, day))
    ReportSnapshot.objects.all().delete()  # recomputed on the next view, then read warm
    many, page = warm_queries(client, url)
    assert many == few
    assert few <= 20

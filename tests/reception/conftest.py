import datetime as dt

import pytest
import time_machine

from portal.models import User
from reception.services import CitizenData, VisitData


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def reception_officer(db):
    """The reception officer of Xã Đồng Phúc's People's Committee."""
    return User.objects.select_related("agency__unit").get(username="xa.tiepdan")


def visit(action="answered", kind="recommendation", name="Đinh Văn Sáu", **kwargs) -> VisitData:
    citizens = kwargs.pop("citizens", [CitizenData(full_name=name, id_number="006070000111")])
    return VisitData(
        kind=kind,
        content=kwargs.pop("content", "Kiến nghị sửa cầu treo Nà Làng"),
        action=action,
        citizens=citizens,
        **kwargs,
    )

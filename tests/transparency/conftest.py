"""A complaint of Nông Văn Dũng settled by Xã Đồng Phúc on 16 Nov 2026, and its decision's text that names him."""

import datetime as dt
import unicodedata

import pytest

from petitions.choices import Field, Kind
from petitions.services import PetitionerData, petition_settle
from tests.petitions.conftest import accepted, commune_head, frozen_today, receive  # noqa: F401 (fixtures)
from transparency.services import decision_publish

NAME, ID_NUMBER, ADDRESS = "Nông Văn Dũng", "006012345678", "Thôn Bản Vàng"
REDACTIONS = [NAME, ID_NUMBER, ADDRESS]

# The decision as the official pastes it: the name in capitals, without accents, and typed decomposed (NFD).
TEXT = (
    "QUYẾT ĐỊNH về việc giải quyết khiếu nại của ông NÔNG VĂN DŨNG (lần đầu)\n"
    f"Xét đơn khiếu nại của ông {NAME}, CCCD số {ID_NUMBER}, trú tại {ADDRESS}, xã Đồng Phúc,\n"
    "về việc bồi thường giải phóng mặt bằng đường tỉnh 258.\n"
    "Điều 1. Khiếu nại của ông nong van dung là đúng một phần.\n"
    f"Điều 2. Giao Ban quản lý dự án trả lời ông {unicodedata.normalize('NFD', NAME)} trong 10 ngày."
)


@pytest.fixture
def settle(accepted, commune_officer_a):  # noqa: F811
    """A case of commune A accepted on 5 Nov 2026 and settled by decision 15/QĐ-UBND on 16 Nov 2026."""

    def make(kind=Kind.COMPLAINT, decision_no="15/QĐ-UBND", field=Field.LAND_HOUSING, **kwargs):
        people = [PetitionerData(full_name=NAME, address=ADDRESS, id_number=ID_NUMBER, phone="0912345678")]
        petition = accepted(kind=kind, field=field, petitioners=people, **kwargs)
        petition = petition_settle(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            settled_on=dt.date(2026, 11, 16),
            decision_no=decision_no,
            result="partly_right" if kind == Kind.COMPLAINT else "",
        )
        return petition.case

    return make


@pytest.fixture
def settled_case(settle):
    return settle()


@pytest.fixture
def published(settled_case, commune_officer_a):
    """The decision of the settled complaint, published on 20 Nov 2026 by the commune's petition handler."""
    return decision_publish(
        actor=commune_officer_a,
        case=settled_case,
        title="Giải quyết khiếu nại về bồi thường giải phóng mặt bằng đường tỉnh 258",
        text=TEXT,
        redactions=REDACTIONS,
    )

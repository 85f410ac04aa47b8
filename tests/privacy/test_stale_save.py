"""A category of the record of processing edited by two administrators at once: the second is told to reload."""

import pytest

from privacy.models import ProcessingRecord
from tests.stale_saves import EditPage, stale_page_scenario

PAGES = [
    EditPage(
        route="privacy:record-edit",
        record="denouncers_record",
        official="province_admin",
        field="recipients",
        first="Thanh tra tỉnh (bản sửa thứ nhất)",
        second="Thanh tra tỉnh (bản sửa thứ hai)",
        read=lambda record: record.recipients,
    ),
]


@pytest.fixture
def denouncers_record(db) -> ProcessingRecord:
    return ProcessingRecord.objects.filter(sensitive=True).order_by("order").first()


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_the_second_administrator_saving_a_stale_page_is_told_to_reload(page, request):
    stale_page_scenario(page, request)

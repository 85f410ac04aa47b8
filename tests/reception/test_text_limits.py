"""Reception forms bound their free text like the petition forms do."""

import pytest

from portal.limits import LONG_TEXT_MAX_LENGTH
from reception.models import ReceptionSession
from tests.reception.test_views import form_data

pytestmark = pytest.mark.django_db


def test_too_long_visit_content_and_notes_are_refused_and_kept(client_for, reception_officer):
    content = "Công dân trình bày. " * 1100 + "Hết."  # 22,004 characters
    data = form_data([{"full_name": "Lường Văn Một", "content": content}])
    data["notes"] = "Ghi chú dài. " * 2000 + "Hết."
    response = client_for(reception_officer).post("/reception/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Tối đa {LONG_TEXT_MAX_LENGTH} ký tự, bạn đã nhập {len(content)} ký tự." in page
    assert f"bạn đã nhập {len(data['notes'])} ký tự." in page
    assert content in page
    assert not ReceptionSession.objects.exists()


def test_session_page_tells_the_browser_the_limits(client_for, reception_officer):
    page = client_for(reception_officer).get("/reception/new/").content.decode()
    for tag in page.split("<textarea")[1:]:
        assert f'maxlength="{LONG_TEXT_MAX_LENGTH}"' in tag.split(">")[0]

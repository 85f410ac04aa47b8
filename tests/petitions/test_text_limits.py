"""Free text has a ceiling: the browser is told, the server refuses more, and nothing typed is lost."""

import inspect

import pytest
from django import forms

from petitions import forms as petition_forms
from petitions.models import Petition
from portal.limits import LONG_TEXT_MAX_LENGTH, SUMMARY_MAX_LENGTH
from reception import forms as reception_forms
from tests.petitions.test_views import intake_data

pytestmark = pytest.mark.django_db


def test_too_long_content_is_refused_and_the_typed_text_is_kept(client_for, commune_officer_a):
    content = "Gia đình tôi đề nghị xem xét lại. " * 700 + "Hết."  # 23,804 characters
    assert len(content) > LONG_TEXT_MAX_LENGTH
    response = client_for(commune_officer_a).post("/petitions/new/", intake_data(content=content))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Tối đa {LONG_TEXT_MAX_LENGTH} ký tự, bạn đã nhập {len(content)} ký tự." in page
    assert content in page  # the officer can shorten it instead of typing it again
    assert "Khiếu nại quyết định thu hồi đất ở thôn Nà Phài" in page
    assert not Petition.objects.exists()


def test_content_up_to_the_limit_is_accepted(client_for, commune_officer_a):
    content = "x" * LONG_TEXT_MAX_LENGTH
    client_for(commune_officer_a).post("/petitions/new/", intake_data(content=content))
    assert Petition.objects.get().content == content


def test_too_long_summary_is_refused_in_vietnamese(client_for, commune_officer_a):
    summary = "Khiếu nại " * 30 + "đất"
    page = client_for(commune_officer_a).post("/petitions/new/", intake_data(summary=summary)).content.decode()
    assert f"Tối đa {SUMMARY_MAX_LENGTH} ký tự, bạn đã nhập {len(summary)} ký tự." in page
    assert not Petition.objects.exists()


def test_intake_page_tells_the_browser_every_limit(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/petitions/new/").content.decode()
    assert f'maxlength="{LONG_TEXT_MAX_LENGTH}"' in page  # "Nội dung chi tiết"
    assert f'maxlength="{SUMMARY_MAX_LENGTH}"' in page
    for tag in page.split("<textarea")[1:]:
        assert "maxlength=" in tag.split(">")[0]


def _form_classes():
    for module in (petition_forms, reception_forms):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            own = cls.__module__ == module.__name__ or cls.__module__.startswith(f"{module.__name__}.")  # a package
            if issubclass(cls, forms.Form) and own:
                yield name, cls


def test_the_form_classes_are_all_found():
    assert len([name for name, cls in _form_classes() if cls.__module__.startswith("petitions.")]) >= 20


@pytest.mark.parametrize(("name", "cls"), list(_form_classes()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_free_text_field_has_a_maximum_length(name, cls):
    unbounded = [
        f"{name}.{field_name}"
        for field_name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unbounded == []


def test_the_api_refuses_text_longer_than_the_form_allows(api_for, commune_officer_a):
    response = api_for(commune_officer_a).post(
        "/api/v1/petitions/",
        {
            "kind": "complaint",
            "channel": "mail",
            "received_on": "2026-11-19",
            "summary": "Khiếu nại về bồi thường",
            "content": "x" * (LONG_TEXT_MAX_LENGTH + 1),
            "petitioners": [{"full_name": "Nông Văn Dũng"}],
        },
        format="json",
    )
    assert response.status_code == 400 and "content" in response.json()

"""Classifying keeps what intake recorded: the form starts from the petition's field and sub-field, and a
sub-field can only belong to its field (the form says so, and the service refuses it too)."""

from html.parser import HTMLParser

import pytest

from petitions.choices import Status
from petitions.models import Petition
from petitions.services import petition_classify
from portal.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def land_compensation(receive):
    """A complaint registered as “Đất đai, nhà cửa › Bồi thường, hỗ trợ, tái định cư”."""
    return receive(field="land_housing", subfield="compensation")


class ActionForm(HTMLParser):
    """The values a browser would send for one step's form on the petition page, as the page renders them."""

    def __init__(self, action_path: str):
        super().__init__()
        self.action_path, self.inside, self.values, self.select = action_path, False, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action_path
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("type") in ("hidden", "text", "date", "number"):
            self.values.setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
            self.values[attrs["name"]] = attrs["value"]
        elif tag == "select":
            self.select = attrs["name"]
            self.values.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def classify_form_as_shown(client, petition) -> dict:
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    form = ActionForm(f"/petitions/{petition.pk}/classify/")
    form.feed(page)
    return form.values


def test_the_classify_form_starts_from_the_petitions_field_and_sub_field(
    land_compensation, commune_officer_a, client_for
):
    values = classify_form_as_shown(client_for(commune_officer_a), land_compensation)
    assert values["classify-field"] == "land_housing"
    assert values["classify-subfield"] == "compensation"
    assert values["classify-complexity"] == land_compensation.complexity


def test_classifying_without_touching_the_field_keeps_it(land_compensation, commune_officer_a, client_for):
    client = client_for(commune_officer_a)
    values = classify_form_as_shown(client, land_compensation)
    values.update({"classify-qualified": "yes", "classify-within_authority": "yes"})
    client.post(f"/petitions/{land_compensation.pk}/classify/", values)
    petition = Petition.objects.get(pk=land_compensation.pk)
    assert petition.status == Status.CLASSIFIED
    assert (petition.field, petition.subfield) == ("land_housing", "compensation")
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "Bồi thường, hỗ trợ, tái định cư" in page
    assert "Chế độ, chính sách" not in page.split("<main", 1)[-1].split("Bước tiếp theo")[0]


def test_a_sub_field_of_another_field_is_refused_with_a_clear_message(land_compensation, commune_officer_a, client_for):
    client = client_for(commune_officer_a)
    values = classify_form_as_shown(client, land_compensation)
    values.update(
        {
            "classify-qualified": "yes",
            "classify-within_authority": "yes",
            "classify-field": "policy",
            "classify-subfield": "compensation",
        }
    )
    page = client.post(f"/petitions/{land_compensation.pk}/classify/", values, follow=True).content.decode()
    assert "không thuộc lĩnh vực" in page and "Bồi thường, hỗ trợ, tái định cư" in page
    petition = Petition.objects.get(pk=land_compensation.pk)
    assert petition.status == Status.RECEIVED
    assert (petition.field, petition.subfield) == ("land_housing", "compensation")


def test_changing_the_field_with_a_sub_field_of_that_field_is_accepted(
    land_compensation, commune_officer_a, client_for
):
    client = client_for(commune_officer_a)
    values = classify_form_as_shown(client, land_compensation)
    values.update(
        {
            "classify-qualified": "yes",
            "classify-within_authority": "yes",
            "classify-field": "policy",
            "classify-subfield": "social-support",
        }
    )
    client.post(f"/petitions/{land_compensation.pk}/classify/", values)
    petition = Petition.objects.get(pk=land_compensation.pk)
    assert (petition.status, petition.field, petition.subfield) == (Status.CLASSIFIED, "policy", "social-support")


def test_the_service_refuses_a_sub_field_of_another_field(land_compensation, commune_officer_a):
    with pytest.raises(DomainError, match="không thuộc lĩnh vực"):
        petition_classify(
            actor=commune_officer_a,
            petition_id=land_compensation.pk,
            expected_version=land_compensation.version,
            qualified=True,
            within_authority=True,
            field="policy",
        )
    with pytest.raises(DomainError, match="không thuộc lĩnh vực"):
        petition_classify(
            actor=commune_officer_a,
            petition_id=land_compensation.pk,
            expected_version=land_compensation.version,
            qualified=True,
            within_authority=True,
            field="land_housing",
            subfield="social-support",
        )
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=land_compensation.pk,
        expected_version=land_compensation.version,
        qualified=True,
        within_authority=True,
        field="policy",
        subfield="",
    )
    assert (petition.field, petition.subfield) == ("policy", "")


def test_an_api_classification_that_leaves_out_the_sub_field_keeps_it(land_compensation, commune_officer_a, api_for):
    response = api_for(commune_officer_a).post(
        f"/api/v1/petitions/{land_compensation.pk}/classify/",
        {
            "version": land_compensation.version,
            "qualified": "yes",
            "within_authority": "yes",
            "field": "land_housing",
            "complexity": "normal",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    petition = Petition.objects.get(pk=land_compensation.pk)
    assert (petition.field, petition.subfield) == ("land_housing", "compensation")

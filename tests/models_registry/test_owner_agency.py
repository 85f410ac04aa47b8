"""The owning agency gets the registrant's say over a model, so only an agency the registrant may name can own it."""

import pytest

from models_registry.services import model_create
from portal.models import Agency
from portal.services import NotFound
from tests.models_registry.conftest import model_data


def test_a_commune_cannot_name_a_provincial_department_as_owner_of_its_model(
    commune_round, commune_movement_officer, sokhcn
):
    with pytest.raises(NotFound):
        model_create(actor=commune_movement_officer, round=commune_round, data=model_data(owner_agency=sokhcn))


def test_a_department_names_an_agency_of_its_province_as_owner(province_round, department_officer_sokhcn, bac_kan):
    partner = Agency.objects.filter(unit=bac_kan).exclude(pk=department_officer_sokhcn.agency_id).first()

    model = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(owner_agency=partner))

    assert model.owner_agency == partner

import pytest
from django.core.management import call_command

from portal.choices import Generation, Level
from portal.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db


def count(generation, level):
    return AdministrativeUnit.objects.filter(generation=generation, level=level).count()


def test_current_map_has_34_provinces_and_3321_communes_and_no_districts():
    assert count(Generation.CURRENT, Level.PROVINCE) == 34
    assert count(Generation.CURRENT, Level.COMMUNE) == 3321
    assert count(Generation.CURRENT, Level.DISTRICT) == 0


def test_legacy_map_has_63_provinces_696_districts_10051_communes():
    assert count(Generation.LEGACY, Level.PROVINCE) == 63
    assert count(Generation.LEGACY, Level.DISTRICT) == 696
    assert count(Generation.LEGACY, Level.COMMUNE) == 10051


def test_bac_kan_had_eight_districts():
    bac_kan = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code="06")
    assert bac_kan.name == "Tỉnh Bắc Kạn"
    assert bac_kan.children.count() == 8
    assert "Huyện Ba Bể" in set(bac_kan.children.values_list("name", flat=True))


def test_second_load_changes_nothing(capsys):
    before = set(AdministrativeUnit.objects.values_list("id", "name", "path"))
    links_before = UnitSuccession.objects.count()
    call_command("load_units")
    call_command("load_units", "--legacy")
    out = capsys.readouterr().out
    assert "created 0, updated 0, unchanged 34" in out
    assert "created 0, updated 0, unchanged 10051" in out
    assert set(AdministrativeUnit.objects.values_list("id", "name", "path")) == before
    assert UnitSuccession.objects.count() == links_before


def test_codes_are_zero_padded_official_strings():
    dong_phuc = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code="01933")
    assert dong_phuc.name == "Xã Đồng Phúc"
    assert dong_phuc.parent.code == "061"
    assert dong_phuc.parent.parent.code == "06"
    assert dong_phuc.path == "legacy/06/061/01933/"


def test_bac_kan_is_succeeded_by_thai_nguyen():
    bac_kan = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code="06")
    assert [u.name for u in bac_kan.successors.all()] == ["Tỉnh Thái Nguyên"]
    assert bac_kan.successors.get().code == "19"


def test_old_commune_links_to_the_new_commune_that_took_it_over():
    dong_phuc_old = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code="01933")
    successors = list(dong_phuc_old.successors.all())
    assert [s.code for s in successors] == ["01933"]
    assert successors[0].generation == Generation.CURRENT
    assert successors[0].parent.name == "Tỉnh Thái Nguyên"


def test_communes_split_among_several_new_ones_are_marked_partial():
    split = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE, partial=True)
    assert split.values("predecessor").distinct().count() > 400
    one = split.first().predecessor
    assert one.successors.count() > 1


def test_remote_area_flag_survives_a_reload():
    unit = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code="01933")
    unit.remote_area = True
    unit.save()
    call_command("load_units", "--legacy")
    unit.refresh_from_db()
    assert unit.remote_area is True

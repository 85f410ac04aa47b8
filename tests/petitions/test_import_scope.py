"""Importing stays inside the official's scope: rows of other units are refused, and what exists
elsewhere is never confirmed (issue 9, item 5)."""

import pytest
from django.core.management import CommandError, call_command

from petitions.importer import petitions_import
from petitions.models import Case, Petition
from portal.models import User
from tests.petitions.test_import import NOT_ACCEPTED, register_row, write_csv

pytestmark = pytest.mark.django_db

DONG_PHUC = "01933"  # commune_officer_a's commune
HOANG_TRI = "01930"  # commune_officer_b's commune, next door in Ba Bể
HA_NOI = "01"  # a province far outside Bắc Kạn


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def import_as(user, path, **kwargs):
    return petitions_import(source=path, filename=path.name, actor=user, **kwargs)


def upload(client, path, capture):
    """Upload on the import page as a user would, and read the page of the job it started."""
    with capture(execute=True):  # the job is queued on commit; eager Celery runs it there
        response = client.post("/petitions/import/", {"file": path.open("rb")})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


@pytest.fixture
def reception_officer_b(db):
    """xa2.tiepdan, the reception officer of Xã Hoàng Trĩ from the issue."""
    return User.objects.select_related("agency__unit").get(username="xa2.tiepdan")


@pytest.fixture
def dong_phuc_petition(tmp_path):
    """A petition registered at Xã Đồng Phúc as SO-DP-0001, in case IMP-DP-KN (a complaint)."""
    path = write_csv(tmp_path, [register_row(register_number="SO-DP-0001", case_key="DP-KN")], name="dp.csv")
    assert petitions_import(source=path, filename=path.name).created == 1
    return Petition.objects.get(register_number="SO-DP-0001")


def test_a_commune_officer_cannot_import_into_another_commune_or_another_province(
    tmp_path, client_for, reception_officer_b, django_capture_on_commit_callbacks
):
    rows = [
        register_row(register_number="HT-1", unit_code=HOANG_TRI),
        register_row(register_number="HT-2", unit_code=DONG_PHUC),
        register_row(register_number="HT-3", unit_code=HA_NOI, **NOT_ACCEPTED),
    ]
    before = Petition.objects.count()

    page = upload(
        client_for(reception_officer_b), write_csv(tmp_path, rows), capture=django_capture_on_commit_callbacks
    )

    assert "Xã Đồng Phúc nằm ngoài phạm vi của bạn" in page
    assert "Thành phố Hà Nội nằm ngoài phạm vi của bạn" in page
    assert "Xã Hoàng Trĩ nằm ngoài phạm vi" not in page
    assert Petition.objects.count() == before  # all or nothing: not even the Hoàng Trĩ row


def test_out_of_scope_rows_are_reported_on_their_unit_code(tmp_path, commune_officer_b):
    rows = [
        register_row(register_number="HT-1", unit_code=HOANG_TRI),
        register_row(register_number="HT-2", unit_code=DONG_PHUC),
        register_row(register_number="HT-3", unit_code="061", unit_level="district"),  # Huyện Ba Bể, above her
    ]

    report = import_as(commune_officer_b, write_csv(tmp_path, rows))

    assert not report.ok and report.created == 0
    assert [(row, column) for row, column, _message in report.errors] == [(3, "unit_code"), (4, "unit_code")]


def test_a_dry_run_answers_the_same_for_a_number_used_outside_scope_as_for_a_new_one(
    tmp_path, commune_officer_b, dong_phuc_petition
):
    used_elsewhere = write_csv(
        tmp_path, [register_row(register_number="SO-DP-0001", unit_code=HOANG_TRI)], name="a.csv"
    )
    never_used = write_csv(tmp_path, [register_row(register_number="SO-HT-0001", unit_code=HOANG_TRI)], name="b.csv")

    probe = import_as(commune_officer_b, used_elsewhere, dry_run=True)
    control = import_as(commune_officer_b, never_used, dry_run=True)

    assert (
        (probe.ok, probe.created, probe.unchanged) == (control.ok, control.created, control.unchanged) == (True, 1, 0)
    )


def test_a_dry_run_does_not_reveal_the_kind_of_a_case_outside_scope(tmp_path, commune_officer_b, dong_phuc_petition):
    row = register_row(register_number="SO-HT-0002", unit_code=HOANG_TRI, case_key="DP-KN", kind="recommendation")
    row.update(result="")

    report = import_as(commune_officer_b, write_csv(tmp_path, [row]), dry_run=True)

    assert report.ok, report.error_lines()
    assert "complaint" not in " ".join(report.error_lines())


def test_a_number_used_outside_scope_is_neither_skipped_nor_joined(tmp_path, commune_officer_b, dong_phuc_petition):
    rows = [
        register_row(register_number="SO-DP-0001", unit_code=HOANG_TRI),
        register_row(register_number="SO-HT-0003", unit_code=HOANG_TRI, case_key="DP-KN"),
    ]

    report = import_as(commune_officer_b, write_csv(tmp_path, rows))

    # Numbers and case codes are unique per unit, so Hoàng Trĩ gets its own SO-DP-0001 and its own
    # case DP-KN; Đồng Phúc's petition and case are untouched.
    assert report.ok, report.error_lines()
    assert (report.created, report.unchanged, report.cases_created) == (2, 0, 2)
    mine = Petition.objects.filter(unit__code=HOANG_TRI, register_number__in=["SO-DP-0001", "SO-HT-0003"])
    assert mine.count() == 2
    assert not mine.filter(case=dong_phuc_petition.case).exists()
    dong_phuc_petition.refresh_from_db()
    assert dong_phuc_petition.unit.code == DONG_PHUC and dong_phuc_petition.case.petitions.count() == 1


def test_a_real_import_answers_the_same_for_a_number_used_outside_scope_as_for_a_new_one(
    tmp_path, commune_officer_b, dong_phuc_petition
):
    used_elsewhere = write_csv(
        tmp_path, [register_row(register_number="SO-DP-0001", unit_code=HOANG_TRI, case_key="DP-KN")], name="a.csv"
    )
    never_used = write_csv(
        tmp_path, [register_row(register_number="SO-HT-0009", unit_code=HOANG_TRI, case_key="HT-KN")], name="b.csv"
    )

    probe = import_as(commune_officer_b, used_elsewhere)
    control = import_as(commune_officer_b, never_used)

    answer = lambda r: (r.ok, r.created, r.unchanged, r.cases_created, r.errors)  # noqa: E731
    assert answer(probe) == answer(control) == (True, 1, 0, 1, [])


def test_two_communes_of_one_file_may_share_a_register_number(tmp_path, district_officer):
    rows = [
        register_row(register_number="SO-0001", unit_code=DONG_PHUC, case_key="KN-1"),
        register_row(register_number="SO-0001", unit_code=HOANG_TRI, case_key="KN-2"),
    ]

    report = import_as(district_officer, write_csv(tmp_path, rows))

    assert report.ok, report.error_lines()
    assert sorted(Petition.objects.filter(register_number="SO-0001").values_list("unit__code", flat=True)) == [
        HOANG_TRI,
        DONG_PHUC,
    ]


def test_a_number_repeated_for_the_same_unit_in_one_file_is_still_an_error(tmp_path, district_officer):
    rows = [register_row(register_number="SO-0002"), register_row(register_number="SO-0002")]

    report = import_as(district_officer, write_csv(tmp_path, rows))

    assert not report.ok
    assert report.errors[0][:2] == (3, "register_number")


def test_rows_already_imported_within_scope_are_still_skipped(tmp_path, district_officer, dong_phuc_petition):
    rows = [
        register_row(register_number="SO-DP-0001"),  # Đồng Phúc lies in the district officer's Ba Bể
        register_row(register_number="SO-HT-0004", unit_code=HOANG_TRI, case_key="DP-KN"),
    ]

    report = import_as(district_officer, write_csv(tmp_path, rows))

    assert report.ok, report.error_lines()
    assert (report.created, report.unchanged) == (1, 1)
    assert dong_phuc_petition.case.petitions.count() == 2  # the district may join its commune's case


def test_a_superuser_may_import_anywhere(tmp_path, admin):
    rows = [
        register_row(register_number="AD-1"),
        register_row(register_number="AD-2", unit_code=HA_NOI, **NOT_ACCEPTED),
    ]

    assert import_as(admin, write_csv(tmp_path, rows)).created == 2


def test_the_command_with_a_user_applies_that_users_scope(tmp_path, capsys):
    path = write_csv(tmp_path, [register_row(register_number="CLI-1", unit_code=DONG_PHUC)])

    with pytest.raises(CommandError):
        call_command("import_petitions", str(path), "--user", "xa2.xulydon")

    assert "Dòng 2, cột unit_code: Xã Đồng Phúc nằm ngoài phạm vi của bạn" in capsys.readouterr().err
    assert not Petition.objects.filter(register_number="CLI-1").exists()


def test_the_command_without_a_user_is_the_operators_and_says_so(tmp_path, capsys):
    path = write_csv(tmp_path, [register_row(register_number="CLI-2", unit_code=HA_NOI, **NOT_ACCEPTED)])

    call_command("import_petitions", str(path))

    out = capsys.readouterr().out
    assert "không giới hạn phạm vi" in out and "Đã nhập 1 đơn" in out


def test_a_case_code_shared_by_two_units_is_joined_in_the_officials_own_unit(tmp_path, district_officer):
    from petitions.selectors import case_by_code

    rows = [
        register_row(register_number="SO-0003", unit_code=DONG_PHUC, case_key="KN-9"),
        register_row(register_number="SO-0003", unit_code=HOANG_TRI, case_key="KN-9b"),
    ]
    assert import_as(district_officer, write_csv(tmp_path, rows)).ok
    Case.objects.filter(code="IMP-KN-9b").update(code="IMP-KN-9")  # as two communes' own imports would leave it
    dong_phuc_officer = User.objects.select_related("agency").get(username="xa.tiepdan")

    assert case_by_code(dong_phuc_officer, "IMP-KN-9").unit.code == DONG_PHUC
    # The district sees both and has no case of its own with that code: it must pick from the list.
    assert case_by_code(district_officer, "IMP-KN-9") is None

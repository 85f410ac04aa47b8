"""A citizen's identity is encrypted at rest (DOMAIN R2.17, §7): a raw read of the database shows no
denouncer's name, ID number, phone or address, yet the officials who keep the identity still find the
denunciation by the exact name or ID number, and keys rotate without losing a row (docs/security.md)."""

import csv
import datetime as dt
import io
import unicodedata

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from petitions.choices import Kind
from petitions.importer import petitions_import
from petitions.models import Petition, Petitioner
from petitions.selectors import duplicate_candidates
from petitions.services import PetitionerData
from portal.encryption import encrypt_people_table, name_digest
from portal.models import User
from portal.text import fold
from reception.choices import ReceivedBy, SessionKind
from reception.models import VisitCitizen
from reception.selectors import citizen_history
from reception.services import CitizenData, VisitData, reception_session_record

pytestmark = pytest.mark.django_db

NAME = "Lục Thị Khánh Huyền"
ID_NUMBER = "006198700042"
PHONE = "0987654021"
ADDRESS = "Thôn Nà Khoang Xa"
VISITOR = "Hứa Văn Trường Giang"
VISITOR_ID = "006199100077"


@pytest.fixture
def denunciation(receive):
    return receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính nhận tiền",
        petitioners=[PetitionerData(full_name=NAME, address=ADDRESS, id_number=ID_NUMBER, phone=PHONE)],
    )


@pytest.fixture
def reception_denunciation(db):
    """A denouncer met at reception by the commune's reception officer."""
    officer = User.objects.select_related("agency__unit").get(username="xa.tiepdan")
    reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 11, 16),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Hà Minh Lan",
        visits=[
            VisitData(
                kind=Kind.DENUNCIATION,
                content="Tố cáo trưởng thôn thu tiền sai quy định",
                action="answered",
                citizens=[CitizenData(full_name=VISITOR, id_number=VISITOR_ID, phone="0911222077", address=ADDRESS)],
            )
        ],
    )
    return officer


def forms_of(text: str) -> set[str]:
    """Every way a value could sit in a column: as typed, NFC, NFD, folded, lower case."""
    return {
        text,
        unicodedata.normalize("NFC", text),
        unicodedata.normalize("NFD", text),
        fold(text),
        text.lower(),
    } - {""}


def every_stored_text() -> list[tuple[str, str]]:
    """(table, value) for each non-empty value of every column of every table, read by plain SQL."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found += [(table, str(value)) for row in cursor.fetchall() for value in row if value not in (None, "")]
    return found


def leaks(*values: str) -> list[tuple[str, str]]:
    needles = set().union(*(forms_of(v) for v in values))
    return [(table, value[:80]) for table, value in every_stored_text() if any(n in value for n in needles)]


def test_no_column_of_any_table_holds_a_denouncers_identity(denunciation, reception_denunciation):
    assert leaks(NAME, ID_NUMBER, PHONE, ADDRESS, VISITOR, VISITOR_ID) == []
    # ...while the application reads them back
    person = Petitioner.objects.get(petition=denunciation)
    assert (person.full_name, person.id_number, person.phone, person.address) == (NAME, ID_NUMBER, PHONE, ADDRESS)
    assert VisitCitizen.objects.get().full_name == VISITOR


def test_a_complainants_identity_is_encrypted_too_and_only_his_folded_name_stays_searchable(receive):
    receive(
        kind=Kind.COMPLAINT,
        petitioners=[PetitionerData(full_name="Nông Văn Thượng", address=ADDRESS, id_number=ID_NUMBER, phone=PHONE)],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, id_number, phone, address, search_name FROM petitions_petitioner")
        (full_name, id_number, phone, address, search_name) = cursor.fetchone()
    assert "Thượng" not in full_name and ID_NUMBER not in id_number and PHONE not in phone and "Khoang" not in address
    assert search_name == "nong van thuong"  # a complaint is not confidential: substring search keeps working


@pytest.mark.parametrize(
    "typed", [NAME, fold(NAME), unicodedata.normalize("NFD", NAME), "  LỤC thị  khánh HUYỀN ", ID_NUMBER]
)
def test_the_officer_who_keeps_the_identity_finds_the_denunciation_by_exact_name_or_id(
    client_for, commune_officer_a, denunciation, typed
):
    page = client_for(commune_officer_a).get("/petitions/", {"q": typed})
    assert page.status_code == 200 and denunciation.register_number in page.content.decode()


def test_part_of_a_denouncers_name_finds_nothing_not_even_for_the_keeper(client_for, commune_officer_a, denunciation):
    """No readable name is stored to match a fragment against: only the exact name is looked up, by digest."""
    page = client_for(commune_officer_a).get("/petitions/", {"q": "khanh huyen"})
    assert page.status_code == 200 and denunciation.register_number not in page.content.decode()


def test_others_do_not_find_the_denunciation_by_the_exact_name(client_for, province_leader, denunciation):
    page = client_for(province_leader).get("/petitions/", {"q": NAME})
    assert page.status_code == 200 and denunciation.register_number not in page.content.decode()


def test_duplicate_detection_still_matches_the_same_denouncer(commune_officer_a, denunciation):
    by_name = duplicate_candidates(commune_officer_a, name=fold(NAME), summary="cán bộ địa chính")
    by_id = duplicate_candidates(commune_officer_a, id_number=f" {ID_NUMBER} ")
    assert by_name == [denunciation] and by_id == [denunciation]
    assert duplicate_candidates(User.objects.get(username="xa.thanhtra"), name=NAME) == []


def test_reception_finds_an_earlier_denouncer_by_name_or_id_but_stores_no_folded_name(reception_denunciation):
    assert VisitCitizen.objects.get().search_name == ""
    by_name = citizen_history(reception_denunciation, fold(VISITOR))
    by_id = citizen_history(reception_denunciation, VISITOR_ID)
    assert len(by_name.visits) == 1 and len(by_id.visits) == 1


def test_a_filter_on_an_encrypted_column_is_refused_rather_than_silently_empty(denunciation):
    with pytest.raises(FieldError):
        list(Petitioner.objects.filter(full_name=NAME))
    with pytest.raises(FieldError):
        list(Petitioner.objects.filter(id_number__contains=ID_NUMBER))


def stored_name(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM petitions_petitioner WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rows_written_with_an_old_key_read_after_rotation_and_then_without_the_old_key(receive, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(IDENTITY_KEYS=[old]):
        person = receive(kind=Kind.DENUNCIATION, name=NAME).petitioners.get()
    token = stored_name(person.pk)

    with override_settings(IDENTITY_KEYS=[new]), pytest.raises(ImproperlyConfigured, match="key"):
        Petitioner.objects.get(pk=person.pk)  # the old key is needed until the rows are rotated

    with override_settings(IDENTITY_KEYS=[new, old]):
        assert Petitioner.objects.get(pk=person.pk).full_name == NAME  # the new key first: old rows still read
        call_command("rotate_identity_keys", "--dry-run")
        assert "would re-encrypt 1 row" in capsys.readouterr().out and stored_name(person.pk) == token
        call_command("rotate_identity_keys", "--batch-size", "1")
        assert stored_name(person.pk) != token
        call_command("rotate_identity_keys")
        assert "re-encrypted 0 row" in capsys.readouterr().out.split("Done")[-2]  # nothing left: idempotent

    with override_settings(IDENTITY_KEYS=[new]):
        person = Petitioner.objects.get(pk=person.pk)
        assert (person.full_name, person.phone, person.id_number) == (NAME, "0912345678", "006012345678")


def test_a_new_hash_key_finds_people_again_once_the_digests_are_recomputed(commune_officer_a, denunciation):
    with override_settings(IDENTITY_HASH_KEY="another-long-random-hash-key-for-the-test"):
        assert duplicate_candidates(commune_officer_a, id_number=ID_NUMBER) == []  # old digests, new key
        call_command("rotate_identity_keys", "--rehash")
        assert duplicate_candidates(commune_officer_a, id_number=ID_NUMBER) == [denunciation]
        assert duplicate_candidates(commune_officer_a, name=NAME) == [denunciation]
    assert Petitioner.objects.get().search_name == ""  # recomputing keeps a denouncer's folded name out


def test_the_importer_writes_encrypted_rows_and_their_digests(tmp_path):
    row = {
        "register_number": "SO-2024-0077",
        "kind": "denunciation",
        "unit_generation": "legacy",
        "unit_code": "01933",
        "received_on": "2024-03-04",
        "channel": "mail",
        "petitioner_name": NAME,
        "petitioner_address": ADDRESS,
        "content": "Tố cáo cán bộ địa chính xã nhận tiền của dân khi làm thủ tục cấp giấy chứng nhận.",
        "field": "land_housing",
    }
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(row), list(row.values())])
    path = tmp_path / "so.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")

    report = petitions_import(source=path, filename=path.name)

    assert report.ok, report.errors
    assert leaks(NAME, ADDRESS) == []
    person = Petitioner.objects.get(petition__register_number="SO-2024-0077")
    assert (person.full_name, person.address, person.search_name) == (NAME, ADDRESS, "")
    assert person.name_digest == name_digest("luc thi khanh huyen")


def test_the_migration_encrypts_rows_stored_in_plain_text_and_is_safe_to_run_again(receive):
    complainant = receive(kind=Kind.COMPLAINT, name="Nông Văn Thượng").petitioners.get()
    denouncer = receive(kind=Kind.DENUNCIATION, name=NAME).petitioners.get()
    with connection.cursor() as cursor:  # as the rows stood before the migration
        cursor.execute(
            "UPDATE petitions_petitioner SET full_name = %s, id_number = %s, phone = %s, address = %s, "
            "search_name = %s, name_digest = '', id_digest = '' WHERE id = %s",
            [NAME, ID_NUMBER, PHONE, ADDRESS, fold(NAME), denouncer.pk],
        )
    for _ in range(2):
        encrypt_people_table(
            connection,
            table="petitions_petitioner",
            owner_table="petitions_petition",
            owner_column="petition_id",
            confidential_kinds=frozenset({Kind.DENUNCIATION}),
            batch_size=1,
        )
    assert leaks(NAME, ID_NUMBER, PHONE, ADDRESS) == []
    person = Petitioner.objects.get(pk=denouncer.pk)
    assert (person.full_name, person.id_number, person.search_name) == (NAME, ID_NUMBER, "")
    assert Petitioner.objects.get(pk=complainant.pk).full_name == "Nông Văn Thượng"
    assert Petition.objects.filter(petitioners__name_digest=name_digest(NAME)).get() == denouncer.petition

"""Excel exports: official forms agree with the API; lists keep denouncers out; every step is logged."""

import datetime as dt
import io

import pytest
import time_machine
from django.test import TestCase
from openpyxl import load_workbook

from petitions.services import PetitionerData, petition_accept, petition_classify, petition_receive, petition_settle
from portal.models import AdministrativeUnit, AuditEvent, User
from reports.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")


@pytest.fixture
def complaints(commune_officer_a):
    """Two complaints of 2024: one settled in time, one still open."""
    made = []
    for day, settle in ((dt.date(2024, 2, 1), True), (dt.date(2024, 9, 2), False)):
        p = petition_receive(
            actor=commune_officer_a,
            receiving_agency=commune_officer_a.agency,
            kind="complaint",
            channel="mail",
            received_on=day,
            summary="Khiếu nại thu hồi đất",
            petitioners=[PetitionerData("Hoàng Văn Khiếu")],
        )
        p = petition_classify(
            actor=commune_officer_a, petition_id=p.pk, expected_version=p.version, qualified=True, within_authority=True
        )
        p = petition_accept(
            actor=commune_officer_a,
            petition_id=p.pk,
            expected_version=p.version,
            accepted_on=day + dt.timedelta(days=5),
        )
        if settle:
            p = petition_settle(
                actor=commune_officer_a,
                petition_id=p.pk,
                expected_version=p.version,
                settled_on=day + dt.timedelta(days=20),
                decision_no="2/QĐ",
                result="wrong",
            )
        made.append(p)
    return made


def download(client, response):
    job = ExportJob.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == f"/dashboard/exports/{job.pk}/"
    file = client.get(f"/dashboard/exports/{job.pk}/download/")
    assert file.status_code == 200
    return load_workbook(io.BytesIO(b"".join(file.streaming_content))).active


def total_row(sheet):
    for row in sheet.iter_rows(values_only=True):
        if row[0] == "Tổng cộng":
            return row
    raise AssertionError("no total row")


def test_form_01_kqgq_totals_match_the_report_api(client_for, api_for, province_leader, province, complaints):
    client = client_for(province_leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/dashboard/{province.pk}/export/", {"form": "01-kqgq", "year": "2024"})
    sheet = download(client, response)
    api = api_for(province_leader).get(f"/api/v1/reports/petitions/?unit={province.pk}&period=2024").json()
    row = total_row(sheet)
    assert row[1] == api["by_kind"]["complaint"]["must_settle"] == 2
    assert row[4] == api["by_kind"]["complaint"]["settled"] == 1
    assert row[8] == 1  # "khiếu nại sai"
    assert "Số liệu tính từ ngày 01/01/2024 đến ngày 31/12/2024" in [c.value for c in sheet["A"]]
    assert AuditEvent.objects.filter(verb="export.downloaded", actor=province_leader).exists()


def test_form_01_tcd_counts_visits_like_the_reception_report(client_for, api_for, province_leader, province):
    from reception.services import CitizenData, VisitData, reception_session_record

    officer = User.objects.get(username="xa.tiepdan")
    reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2024, 5, 2),
        kind="regular",
        received_by="staff",
        receiver_name="x",
        visits=[
            VisitData(kind="recommendation", content="x", action="answered", citizens=[CitizenData(f"Người {i}")])
            for i in range(3)
        ],
    )
    client = client_for(province_leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/dashboard/{province.pk}/export/", {"form": "01-tcd", "year": "2024"})
    row = total_row(download(client, response))
    api = api_for(province_leader).get(f"/api/v1/reports/reception/?unit={province.pk}&period=2024").json()
    assert row[1] == api["visits"] == 3


@pytest.mark.parametrize("form", ["01-xld", "02-xld", "03-xld", "04-xld"])
def test_handling_forms_open_and_count_received_petitions(client_for, province_leader, province, complaints, form):
    client = client_for(province_leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/dashboard/{province.pk}/export/", {"form": form, "year": "2024"})
    row = total_row(download(client, response))
    assert row[3] == (2 if form in ("01-xld", "02-xld") else 0)  # received in the period


def test_list_export_follows_the_filters_and_never_names_a_denouncer(client_for, commune_officer_a):
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="denunciation",
        channel="mail",
        received_on=dt.date(2026, 11, 2),
        summary="Tố cáo cán bộ",
        petitioners=[PetitionerData("Người Tố Cáo Bí Mật")],
    )
    petition_receive(
        actor=commune_officer_a,
        receiving_agency=commune_officer_a.agency,
        kind="recommendation",
        channel="mail",
        received_on=dt.date(2026, 11, 3),
        summary="Kiến nghị",
        petitioners=[PetitionerData("Người Kiến Nghị")],
    )
    client = client_for(commune_officer_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/dashboard/exports/petitions/", {"querystring": "kind=denunciation"})
    sheet = download(client, response)
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "Tố cáo cán bộ" in values and "Kiến nghị" not in values
    assert not any("Bí Mật" in v for v in values)
    assert any(v.startswith("NTC-") for v in values)


def test_nobody_else_can_download_an_export(client_for, province_leader, province, commune_officer_b):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(province_leader).post(f"/dashboard/{province.pk}/export/", {"form": "01-kqgq", "year": "2024"})
    job = ExportJob.objects.get()
    other = client_for(commune_officer_b)
    assert other.get(f"/dashboard/exports/{job.pk}/").status_code == 404
    assert other.get(f"/dashboard/exports/{job.pk}/download/").status_code == 404


def test_export_outside_the_scope_is_refused(client_for, commune_officer_b, province):
    response = client_for(commune_officer_b).post(
        f"/dashboard/{province.pk}/export/", {"form": "01-kqgq", "year": "2024"}, follow=True
    )
    # As the dashboard of that unit answers: a 404 page that says why, and nothing queued.
    assert response.status_code == 404
    assert "không thuộc phạm vi bạn được xem" in response.content.decode() and not ExportJob.objects.exists()


def test_the_export_service_refuses_a_unit_outside_the_scope(commune_officer_b, province):
    from portal.services import DomainError
    from reports.exports import export_request

    with pytest.raises(DomainError, match="ngoài phạm vi"):
        export_request(actor=commune_officer_b, unit=province, kind="01-kqgq", params={"period": "2024"})
    assert not ExportJob.objects.exists()


def test_building_twice_changes_nothing(province_leader, province):
    from reports.exports import export_build, export_request

    job = export_request(actor=province_leader, unit=province, kind="01-kqgq", params={"period": "2024"})
    first = export_build(job_id=job.pk)
    second = export_build(job_id=job.pk)
    assert first.status == second.status == "done" and first.file.name == second.file.name


def test_reception_register_export_follows_the_filters_and_hides_denouncers(client_for):
    from reception.services import CitizenData, VisitData, reception_session_record

    officer = User.objects.get(username="xa.tiepdan")
    reception_session_record(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 11, 2),
        kind="regular",
        received_by="staff",
        receiver_name="Hà Minh Lan",
        visits=[
            VisitData(
                kind="denunciation", content="Tố cáo", action="answered", citizens=[CitizenData("Người Tố Cáo Kín")]
            ),
            VisitData(
                kind="recommendation",
                content="Kiến nghị đường",
                action="answered",
                citizens=[CitizenData("Người Kiến Nghị Công Khai")],
            ),
        ],
    )
    client = client_for(officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/dashboard/exports/reception/", {"querystring": "kind=regular"})
    sheet = download(client, response)
    values = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "Kiến nghị đường" in values and "Người Kiến Nghị Công Khai" in values
    rows = [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    denunciation = [row for row in rows if "Tố cáo" in row]
    assert len(denunciation) == 1 and "—" in denunciation[0]  # the visit is listed, its citizen shown as "—"
    assert not any("Tố Cáo Kín" in v for v in values)

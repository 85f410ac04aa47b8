"""Editing a registration, attaching its documents and commending it, through the API: the same services
as the pages, so the same rules (editable statuses, the stale-version check, files checked by their content,
only the movement office chooses what the showcase shows or records a commendation)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.choices import Outcome, Status
from models_registry.models import MobilizationModel, ModelDocument, Phase
from models_registry.services import decision_issue, model_create, model_submit
from tests.models_registry.conftest import complete_self_assessment, make_official, model_data, province_agency, today
from tests.models_registry.test_decisions import scored
from tests.portal.test_api_schema_conformance import conforms, schema  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

MODELS = "/api/v1/models/"
DETAIL = "/api/v1/models/{id}/"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def justice_officer(bac_kan):
    return make_official("stp.danvan", province_agency(bac_kan, "STP"), position="Chuyên viên Sở Tư pháp")


def path_of(model, tail: str = "") -> str:
    return f"{MODELS}{model.pk}/{tail}"


def fresh(model) -> MobilizationModel:
    return MobilizationModel.objects.get(pk=model.pk)


# --- PATCH ----------------------------------------------------------------------------------------------


def test_the_registrant_renames_a_draft_and_nothing_else_changes(
    api_for,
    department_officer_sokhcn,
    draft_model,
    conforms,  # noqa: F811
):
    new_name = "Dịch vụ công trực tuyến toàn trình tại Sở Khoa học và Công nghệ"
    response = api_for(department_officer_sokhcn).patch(
        path_of(draft_model), {"name": new_name, "version": draft_model.version}, format="json"
    )

    body = conforms(response, DETAIL, "patch")
    assert (body["name"], body["version"]) == (new_name, draft_model.version + 1)
    saved = fresh(draft_model)
    assert (saved.name, saved.situation, saved.status) == (new_name, draft_model.situation, Status.DRAFT)
    assert saved.forces.count() == 2  # forces not sent: kept


def test_patch_sets_only_the_registrations_fields(api_for, department_officer_sokhcn, draft_model):
    response = api_for(department_officer_sokhcn).patch(
        path_of(draft_model),
        {"status": "recognized", "score": "99", "is_published": True, "goals": "Mục tiêu mới"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    saved = fresh(draft_model)
    assert (saved.status, saved.score, saved.is_published, saved.goals) == (Status.DRAFT, None, False, "Mục tiêu mới")


def test_sent_forces_replace_the_list(api_for, department_officer_sokhcn, draft_model):
    forces = [{"role": "lead", "name": "Đoàn Thanh niên Sở", "task": "Hướng dẫn tại chỗ"}]

    response = api_for(department_officer_sokhcn).patch(path_of(draft_model), {"forces": forces}, format="json")

    assert response.status_code == 200, response.json()
    assert [(f["role"], f["name"], f["task"]) for f in response.json()["forces"]] == [
        ("lead", "Đoàn Thanh niên Sở", "Hướng dẫn tại chỗ")
    ]


def test_a_registered_model_is_no_longer_edited(
    api_for,
    department_officer_sokhcn,
    draft_model,
    conforms,  # noqa: F811
):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    registered = model_submit(actor=department_officer_sokhcn, model=draft_model)

    response = api_for(department_officer_sokhcn).patch(path_of(registered), {"name": "Tên khác"}, format="json")

    assert response.status_code == 400
    conforms(response, DETAIL, "patch")
    assert "Chỉ sửa hồ sơ khi còn là bản nháp hoặc đã được trả lại" in response.json()["detail"]
    assert fresh(registered).name == draft_model.name


def test_a_stale_version_is_a_409_and_keeps_the_other_save(
    api_for,
    department_officer_sokhcn,
    draft_model,
    conforms,  # noqa: F811
):
    api = api_for(department_officer_sokhcn)
    loaded = draft_model.version
    first = api.patch(path_of(draft_model), {"goals": "Lần sửa thứ nhất", "version": loaded}, format="json")
    assert first.status_code == 200

    response = api.patch(path_of(draft_model), {"goals": "Lần sửa thứ hai", "version": loaded}, format="json")

    assert response.status_code == 409
    conforms(response, DETAIL, "patch")
    assert "vừa được người khác sửa" in response.json()["detail"]
    assert fresh(draft_model).goals == "Lần sửa thứ nhất"


def test_others_cannot_edit_the_registration(api_for, justice_officer, province_leader, draft_model):
    assert api_for(justice_officer).patch(path_of(draft_model), {"name": "x"}, format="json").status_code == 404
    assert api_for(province_leader).patch(path_of(draft_model), {"name": "x"}, format="json").status_code == 403
    assert fresh(draft_model).name == draft_model.name


def test_patch_validates_its_fields_and_put_is_not_offered(api_for, department_officer_sokhcn, draft_model):
    api = api_for(department_officer_sokhcn)
    bad = api.patch(path_of(draft_model), {"field": "nothing", "owner_agency": 999999}, format="json")
    assert bad.status_code == 400 and "field" in bad.json()
    unknown_agency = api.patch(path_of(draft_model), {"owner_agency": 999999}, format="json")
    assert unknown_agency.status_code == 400 and "owner_agency" in unknown_agency.json()
    assert api.put(path_of(draft_model), {"name": "x"}, format="json").status_code == 405


# --- Documents ---------------------------------------------------------------------------------------------


def upload(name: str, content: bytes, **fields) -> dict:
    return {"file": SimpleUploadedFile(name, content), "kind": "evidence", "title": "Báo cáo kết quả", **fields}


def test_the_registrant_uploads_a_document_and_downloads_it_through_the_page(
    api_for,
    client_for,
    department_officer_sokhcn,
    justice_officer,
    draft_model,
    conforms,  # noqa: F811
):
    api = api_for(department_officer_sokhcn)

    response = api.post(path_of(draft_model, "documents/"), upload("bao-cao.pdf", PDF), format="multipart")

    document = conforms(response, "/api/v1/models/{id}/documents/", "post")
    assert response.status_code == 201
    assert (document["kind"], document["title"], document["content_type"]) == (
        "evidence",
        "Báo cáo kết quả",
        "application/pdf",
    )
    listed = api.get(path_of(draft_model)).json()["documents"]
    assert [d["id"] for d in listed] == [document["id"]] and listed[0]["download_url"] == document["download_url"]
    link = document["download_url"].removeprefix("http://testserver")
    assert link == f"/models/{draft_model.pk}/documents/{document['id']}/"
    downloaded = client_for(department_officer_sokhcn).get(link)
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == PDF
    assert client_for(justice_officer).get(link).status_code == 404  # the page checks the scope again


def test_a_file_whose_bytes_are_not_what_its_name_says_is_a_400(
    api_for,
    department_officer_sokhcn,
    draft_model,
    conforms,  # noqa: F811
):
    api = api_for(department_officer_sokhcn)

    for name, content in (("anh.pdf", PNG), ("bao-cao.pdf", b"<html><script>alert(1)</script>"), ("x.exe", PDF)):
        response = api.post(path_of(draft_model, "documents/"), upload(name, content), format="multipart")
        assert response.status_code == 400, name
        conforms(response, "/api/v1/models/{id}/documents/", "post")
        assert "nội dung tệp phải đúng với loại tệp" in response.json()["detail"]
    assert not ModelDocument.objects.exists()
    missing = api.post(path_of(draft_model, "documents/"), {"kind": "photo"}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()


def test_only_the_movement_office_marks_a_document_for_the_showcase(
    api_for, department_officer_sokhcn, movement_officer, draft_model
):
    path = path_of(draft_model, "documents/")
    refused = api_for(department_officer_sokhcn).post(
        path, upload("anh.png", PNG, kind="photo", for_publication="true"), format="multipart"
    )
    assert refused.status_code == 403 and not ModelDocument.objects.exists()

    chosen = api_for(movement_officer).post(
        path, upload("anh.png", PNG, kind="photo", for_publication="true"), format="multipart"
    )
    assert chosen.status_code == 201, chosen.json()
    assert chosen.json()["for_publication"] is True and chosen.json()["content_type"] == "image/png"


def test_documents_of_a_model_out_of_scope_are_a_404_and_a_leader_uploads_none(
    api_for, justice_officer, province_leader, draft_model
):
    path = path_of(draft_model, "documents/")
    assert api_for(justice_officer).post(path, upload("a.pdf", PDF), format="multipart").status_code == 404
    assert api_for(province_leader).post(path, upload("a.pdf", PDF), format="multipart").status_code == 403
    assert not ModelDocument.objects.exists()


# --- Commendation ------------------------------------------------------------------------------------------


@pytest.fixture
def recognised(evaluating_model, council_members, movement_officer):
    model = scored(evaluating_model, council_members)
    decision_issue(
        actor=movement_officer,
        round=model.round,
        number="45/QĐ-BDVTU",
        issued_on=today(),
        signer="Hà Văn Quý",
        entries=[{"model": model, "outcome": Outcome.RECOGNIZED}],
    )
    return fresh(model)


def commendation(phase, **overrides) -> dict:
    return {
        "phase": phase.pk,
        "form": "province_merit",
        "issuer": "Chủ tịch UBND tỉnh Bắc Kạn",
        "decision_number": "2150/QĐ-UBND",
        "decided_on": str(today()),
        **overrides,
    }


def test_the_office_commends_a_recognised_model_and_the_detail_lists_it(
    api_for,
    movement_officer,
    department_officer_sokhcn,
    recognised,
    conforms,  # noqa: F811
):
    phase = Phase.objects.get(programme=recognised.round.programme, start_year=2026)
    api = api_for(movement_officer)
    assert "commend" in api.get(path_of(recognised)).json()["steps"]

    response = api.post(path_of(recognised, "commend/"), commendation(phase), format="json")

    body = conforms(response, "/api/v1/models/{id}/commend/", "post")
    assert [(c["phase"], c["phase_name"], c["form"], c["decision_number"]) for c in body["commendations"]] == [
        (phase.pk, phase.name, "province_merit", "2150/QĐ-UBND")
    ]
    registrant = api_for(department_officer_sokhcn).get(path_of(recognised))
    assert [c["decision_number"] for c in conforms(registrant, DETAIL)["commendations"]] == ["2150/QĐ-UBND"]


def test_a_commendation_is_checked(api_for, movement_officer, justice_officer, friendly_programme, recognised):
    draft = model_create(
        actor=justice_officer,
        round=recognised.round,
        data=model_data(name="Tổ hòa giải ở cơ sở", owner_name="Sở Tư pháp tỉnh Bắc Kạn"),
    )
    api = api_for(movement_officer)
    phase = Phase.objects.get(programme=recognised.round.programme, start_year=2026)
    other_programme = Phase.objects.filter(programme=friendly_programme).first()

    wrong_phase = api.post(path_of(recognised, "commend/"), commendation(other_programme), format="json")
    assert wrong_phase.status_code == 400 and "phase" in wrong_phase.json()
    not_recognised = api.post(path_of(draft, "commend/"), commendation(phase), format="json")
    assert (
        not_recognised.status_code == 409
        and "Chỉ khen thưởng mô hình đã được công nhận" in (not_recognised.json()["detail"])
    )
    assert not recognised.commendations.exists()


def test_only_the_movement_office_commends(api_for, department_officer_sokhcn, province_leader, recognised):
    phase = Phase.objects.get(programme=recognised.round.programme, start_year=2026)
    for outsider in (department_officer_sokhcn, province_leader):
        response = api_for(outsider).post(path_of(recognised, "commend/"), commendation(phase), format="json")
        assert response.status_code == 403
    assert not recognised.commendations.exists()

"""The registry's pages as officials use them: a department registers a model and assesses it, the movement's
office takes it into evaluation, council members score it, the decision recognises it and the showcase
shows it once named typical; every page keeps to the official's scope and runs a bounded number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from models_registry.choices import CouncilRole, Outcome, Status
from models_registry.models import Assignment, Decision, MobilizationModel, Round
from models_registry.services import (
    assignments_make,
    council_set,
    decision_issue,
    model_create,
    model_start_evaluation,
    model_submit,
    score_sheet_save,
)
from portal.models import User
from tests.models_registry.conftest import complete_self_assessment, make_official, model_data, province_agency, today
from tests.query_counts import LARGE, assert_page_shows, assert_same_query_count, read_at_two_sizes

pytestmark = pytest.mark.django_db


def applicable(model):
    return [c for c in model.round.criteria.order_by("order") if c.applies(model.owner_kind)]


def score_fully(model, members, *, points=None):
    """Each member hands in a sheet with every criterion at its maximum (or at `points` of each)."""
    for member in members:
        assignment = Assignment.objects.get(model=model, member__user=member)
        scores = {c.pk: (points if points is not None else c.max_points, "") for c in applicable(model)}
        score_sheet_save(actor=member, assignment=assignment, scores=scores, submit=True)
    return MobilizationModel.objects.get(pk=model.pk)


def recognise(model, actor, outcome=Outcome.RECOGNIZED, number="15-QĐ/BDVTU"):
    return decision_issue(
        actor=actor,
        round=model.round,
        number=number,
        issued_on=today(),
        signer="Hà Thị Phương",
        signer_position="Trưởng Ban Dân vận Tỉnh ủy",
        entries=[{"model": model, "outcome": outcome}],
    )


def forces_management(total=3):
    return {
        "forces-TOTAL_FORMS": str(total),
        "forces-INITIAL_FORMS": "0",
        "forces-MIN_NUM_FORMS": "0",
        "forces-MAX_NUM_FORMS": "30",
    }


def registration_post(round_, **overrides):
    data = {key: value for key, value in model_data().items()}
    data.update(round=round_.pk, intent="draft", **forces_management())
    data.update({"forces-0-role": "lead", "forces-0-name": "Văn phòng Sở", "forces-0-task": "Hướng dẫn người dân"})
    data.update(overrides)
    return data


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The whole journey through the pages -----------------------------------------------------------


def test_a_model_goes_from_registration_to_the_public_showcase_through_the_pages(
    client, province_round, department_officer_sokhcn, movement_officer, council_members
):
    # The department registers its model as a draft, with a force taking part.
    client.force_login(department_officer_sokhcn)
    response = client.post("/models/new/", registration_post(province_round))
    model = MobilizationModel.objects.get(name=model_data()["name"])
    assert response.status_code == 302 and response.url == f"/models/{model.pk}/"
    assert model.status == Status.DRAFT
    assert list(model.forces.values_list("name", flat=True)) == ["Văn phòng Sở"]

    # It states how the model meets each criterion and registers it from the same page.
    assessment = {"intent": "submit"}
    for criterion in applicable(model):
        assessment[f"c{criterion.pk}-statement"] = f"Đáp ứng: {criterion.text}"
        assessment[f"c{criterion.pk}-evidence_note"] = "Báo cáo số 15/BC-SKHCN"
    response = client.post(f"/models/{model.pk}/self-assessment/", assessment)
    assert response.status_code == 302 and response.url == f"/models/{model.pk}/"
    model.refresh_from_db()
    assert model.status == Status.REGISTERED and model.registered_on == today()

    # The movement's office takes the round's registrations into evaluation and gives them to the council.
    client.force_login(movement_officer)
    client.post(f"/models/rounds/{province_round.pk}/", {"section": "evaluate"})
    client.post(f"/models/rounds/{province_round.pk}/", {"section": "assign"})
    model.refresh_from_db()
    assert model.status == Status.EVALUATING
    assert model.assignments.count() == 3

    # Two members score it on their sheets, the second a point lower on each criterion that is not
    # mandatory; each sees only their own sheet.
    for member, off in [(council_members[0], 0), (council_members[1], 1)]:
        client.force_login(member)
        assignment = model.assignments.get(member__user=member)
        others = model.assignments.exclude(member__user=member)
        listed = page(client.get("/models/scoring/"))
        assert f"/models/scoring/{assignment.pk}/" in listed
        assert not any(f"/models/scoring/{other.pk}/" in listed for other in others)
        sheet = {"intent": "submit", "comment": "Mô hình thiết thực"}
        for criterion in applicable(model):
            sheet[f"c{criterion.pk}-points"] = str(criterion.max_points - (0 if criterion.mandatory else off))
        response = client.post(f"/models/scoring/{assignment.pk}/", sheet)
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.submitted_at is not None
    model.refresh_from_db()
    assert model.scores_submitted == 2

    # The council summary shows the combined score and the spread between the two sheets.
    client.force_login(movement_officer)
    summary = page(client.get(f"/models/rounds/{province_round.pk}/council/"))
    assert model.name in summary and str(model.score).replace(".", ",") in summary

    # The decision names it typical in one step, and the office publishes it.
    response = client.post(
        f"/models/rounds/{province_round.pk}/decision/",
        {
            "number": "20-QĐ/BDVTU",
            "issued_on": today().isoformat(),
            "signer": "Hà Thị Phương",
            "signer_position": "Trưởng Ban",
            f"m{model.pk}-outcome": Outcome.TYPICAL,
            f"m{model.pk}-departure_reason": "Hội đồng chấm chênh lệch; Ban Thường vụ chọn tiêu biểu",
        },
    )
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.status == Status.TYPICAL
    client.post(f"/models/{model.pk}/publish/", {"publish-summary": "Sở hỗ trợ người dân nộp hồ sơ trực tuyến."})
    model.refresh_from_db()
    assert model.is_published

    # Anyone, without signing in, finds it in the showcase.
    client.logout()
    assert model.name in page(client.get("/models/showcase/"))
    assert "Sở hỗ trợ người dân nộp hồ sơ trực tuyến." in page(client.get(f"/models/showcase/{model.pk}/"))


# --- Registration ---------------------------------------------------------------------------------


def test_registering_without_the_self_assessment_keeps_a_draft_and_says_what_is_missing(
    client_for, province_round, department_officer_sokhcn
):
    client = client_for(department_officer_sokhcn)
    response = client.post("/models/new/", registration_post(province_round, intent="submit"), follow=True)
    model = MobilizationModel.objects.get(name=model_data()["name"])
    assert model.status == Status.DRAFT
    assert response.redirect_chain[-1][0] == f"/models/{model.pk}/self-assessment/"
    assert "Chưa tự đánh giá đủ các tiêu chí" in response.content.decode()


def test_the_self_assessment_names_an_uploaded_document_or_why_there_is_none(
    client_for, draft_model, department_officer_sokhcn, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(department_officer_sokhcn)
    upload = SimpleUploadedFile("khao-sat.pdf", b"%PDF-1.4 khao sat", content_type="application/pdf")
    client.post(
        f"/models/{draft_model.pk}/documents/",
        {"title": "Phiếu khảo sát hài lòng", "kind": "evidence", "upload": upload, "next": "self-assessment"},
    )
    document = draft_model.documents.get()
    first, second = applicable(draft_model)[:2]
    body = page(client.get(f"/models/{draft_model.pk}/self-assessment/"))
    assert "Phiếu khảo sát hài lòng" in body and "Còn " in body

    client.post(
        f"/models/{draft_model.pk}/self-assessment/",
        {
            "intent": "save",
            f"c{first.pk}-statement": "Người dân hài lòng 97%",
            f"c{first.pk}-evidence": document.pk,
            f"c{second.pk}-statement": "Đang tổng hợp",
            f"c{second.pk}-missing_evidence_reason": "Báo cáo quý IV chưa ban hành",
        },
    )
    saved = {a.criterion_id: a for a in draft_model.self_assessments.all()}
    assert saved[first.pk].evidence == document
    assert saved[second.pk].missing_evidence_reason == "Báo cáo quý IV chưa ban hành"


def test_the_registration_form_offers_only_open_rounds(client_for, province_round, department_officer_sokhcn):
    last_year = today().replace(year=today().year - 1)
    Round.objects.filter(pk=province_round.pk).update(registration_opens=last_year, registration_closes=last_year)
    body = page(client_for(department_officer_sokhcn).get("/models/new/"))
    assert province_round.name not in body
    assert "Hiện chưa có đợt đăng ký nào đang mở" in body


def test_a_form_missing_the_name_is_shown_again_with_the_error(client_for, province_round, department_officer_sokhcn):
    response = client_for(department_officer_sokhcn).post("/models/new/", registration_post(province_round, name=""))
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not MobilizationModel.objects.exists()


def test_editing_a_registration_someone_else_just_saved_is_refused(client_for, draft_model, department_officer_sokhcn):
    client = client_for(department_officer_sokhcn)
    form = registration_post(draft_model.round, name="Tên mới", version=draft_model.version - 1 or 99)
    form.pop("round")
    response = client.post(f"/models/{draft_model.pk}/edit/", form)
    assert "Hồ sơ vừa được người khác sửa" in page(response)
    draft_model.refresh_from_db()
    assert draft_model.name == model_data()["name"]


def test_editing_saves_the_elements_and_forces(client_for, draft_model, department_officer_sokhcn):
    client = client_for(department_officer_sokhcn)
    form = registration_post(draft_model.round, goals="Mục tiêu mới", version=draft_model.version)
    form.pop("round")
    form["forces-1-name"] = "Đoàn Thanh niên Sở"
    assert client.post(f"/models/{draft_model.pk}/edit/", form).status_code == 302
    draft_model.refresh_from_db()
    assert draft_model.goals == "Mục tiêu mới"
    assert set(draft_model.forces.values_list("name", flat=True)) == {"Văn phòng Sở", "Đoàn Thanh niên Sở"}


def test_a_registered_model_is_no_longer_editable(client_for, evaluating_model, department_officer_sokhcn):
    client = client_for(department_officer_sokhcn)
    response = client.get(f"/models/{evaluating_model.pk}/edit/", follow=True)
    assert "Chỉ sửa hồ sơ khi còn là bản nháp" in response.content.decode()
    assert f'href="/models/{evaluating_model.pk}/edit/"' not in page(client.get(f"/models/{evaluating_model.pk}/"))


def test_a_department_without_the_right_cannot_register(client_for, province_leader):
    assert client_for(province_leader).get("/models/new/").status_code == 403


# --- Detail, steps, documents -------------------------------------------------------------------


def test_the_detail_page_offers_each_official_their_own_steps(
    client_for, evaluating_model, department_officer_sokhcn, movement_officer
):
    office_page = page(client_for(movement_officer).get(f"/models/{evaluating_model.pk}/"))
    assert f'action="/models/{evaluating_model.pk}/return/"' in office_page
    registrant_page = page(client_for(department_officer_sokhcn).get(f"/models/{evaluating_model.pk}/"))
    assert f'action="/models/{evaluating_model.pk}/return/"' not in registrant_page
    assert "Đưa mô hình vào thẩm định" in registrant_page  # the history


def test_returning_needs_a_reason_and_the_reason_is_shown(client_for, evaluating_model, movement_officer):
    client = client_for(movement_officer)
    response = client.post(f"/models/{evaluating_model.pk}/return/", {"return-reason": ""}, follow=True)
    assert "Hãy ghi lý do" in response.content.decode()
    evaluating_model.refresh_from_db()
    assert evaluating_model.status == Status.EVALUATING

    response = client.post(
        f"/models/{evaluating_model.pk}/return/", {"return-reason": "Bổ sung số liệu khảo sát"}, follow=True
    )
    body = response.content.decode()
    evaluating_model.refresh_from_db()
    assert evaluating_model.status == Status.RETURNED
    assert "Bổ sung số liệu khảo sát" in body and "Trả lại mô hình" in body


def test_a_refused_step_is_told_not_taken(client_for, draft_model, department_officer_sokhcn):
    response = client_for(department_officer_sokhcn).post(f"/models/{draft_model.pk}/submit/", follow=True)
    assert "Chưa tự đánh giá đủ các tiêu chí" in response.content.decode()
    draft_model.refresh_from_db()
    assert draft_model.status == Status.DRAFT


def test_an_unknown_step_is_a_404(client_for, draft_model, department_officer_sokhcn):
    assert client_for(department_officer_sokhcn).post(f"/models/{draft_model.pk}/fly/").status_code == 404


def test_documents_are_uploaded_and_downloaded_only_within_scope(
    client_for, draft_model, department_officer_sokhcn, commune_officer_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(department_officer_sokhcn)
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf")
    client.post(
        f"/models/{draft_model.pk}/documents/", {"title": "Báo cáo kết quả", "kind": "evidence", "upload": upload}
    )
    document = draft_model.documents.get()
    url = f"/models/{draft_model.pk}/documents/{document.pk}/"
    assert "Báo cáo kết quả" in page(client.get(f"/models/{draft_model.pk}/"))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(commune_officer_b).get(url).status_code in (403, 404)


def test_a_document_of_the_wrong_type_is_refused(
    client_for, draft_model, department_officer_sokhcn, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(department_officer_sokhcn)
    upload = SimpleUploadedFile("anh.pdf", b"<html><script>x</script>", content_type="application/pdf")
    response = client.post(
        f"/models/{draft_model.pk}/documents/", {"title": "Ảnh", "kind": "photo", "upload": upload}, follow=True
    )
    assert "Chỉ nhận tài liệu" in response.content.decode()
    assert not draft_model.documents.exists()


def test_a_model_of_another_agency_is_a_404(client_for, draft_model, bac_kan):
    other = make_official("snv.danvan", province_agency(bac_kan, "SNV"))
    assert client_for(other).get(f"/models/{draft_model.pk}/").status_code == 404
    assert draft_model.name not in page(client_for(other).get("/models/"))


def test_the_certificate_is_printed_only_for_a_recognised_model(
    client_for, evaluating_model, council_members, movement_officer
):
    client = client_for(movement_officer)
    assert client.get(f"/models/{evaluating_model.pk}/certificate/").status_code == 404
    model = score_fully(evaluating_model, council_members)
    recognise(model, movement_officer)
    body = page(client.get(f"/models/{model.pk}/certificate/"))
    assert "GIẤY CHỨNG NHẬN" in body and "15-QĐ/BDVTU" in body and model.owner_name in body


# --- Rounds, council, decisions ---------------------------------------------------------------------


def test_the_movement_office_launches_a_round_with_the_default_criteria(
    client_for, movement_officer, bac_kan, friendly_programme
):
    client = client_for(movement_officer)
    response = client.post(
        "/models/rounds/new/",
        {
            "programme": friendly_programme.pk,
            "unit": bac_kan.pk,
            "year": today().year,
            "name": "Chính quyền thân thiện cấp tỉnh",
            "registration_opens": today().isoformat(),
            "registration_closes": today().isoformat(),
            "recognition_level": "province",
            "aggregation": "median",
            "pass_threshold": "60",
            "spread_threshold": "20",
        },
    )
    round_ = Round.objects.get(name="Chính quyền thân thiện cấp tỉnh")
    assert response.status_code == 302 and response.url == f"/models/rounds/{round_.pk}/"
    assert round_.criteria.exists()


def test_a_round_at_district_level_is_not_offered_any_more(client_for, movement_officer):
    body = page(client_for(movement_officer).get("/models/rounds/new/"))
    assert 'value="district"' not in body


def test_only_the_movement_office_sets_up_rounds(client_for, province_round, department_officer_sokhcn):
    client = client_for(department_officer_sokhcn)
    assert client.get("/models/rounds/new/").status_code == 403
    assert client.post(f"/models/rounds/{province_round.pk}/", {"section": "assign"}).status_code == 403
    assert client.get(f"/models/rounds/{province_round.pk}/decision/").status_code == 403
    assert "Sửa bộ tiêu chí" not in page(client.get(f"/models/rounds/{province_round.pk}/"))


def test_the_council_is_set_on_the_round_page(client_for, province_round, movement_officer, council_members):
    client = client_for(movement_officer)
    data = {
        "section": "council",
        "council-TOTAL_FORMS": "2",
        "council-INITIAL_FORMS": "2",
        "council-MIN_NUM_FORMS": "0",
        "council-MAX_NUM_FORMS": "30",
        "council-0-user": council_members[1].pk,
        "council-0-role": CouncilRole.CHAIR,
        "council-1-user": council_members[2].pk,
        "council-1-role": CouncilRole.MEMBER,
    }
    assert client.post(f"/models/rounds/{province_round.pk}/", data).status_code == 302
    assert set(province_round.council.values_list("user", "role")) == {
        (council_members[1].pk, CouncilRole.CHAIR),
        (council_members[2].pk, CouncilRole.MEMBER),
    }
    data["council-1-role"] = CouncilRole.CHAIR
    response = client.post(f"/models/rounds/{province_round.pk}/", data)
    assert "đúng một Chủ tịch" in page(response)


def test_the_criteria_are_edited_on_the_round_page(client_for, commune_round, commune_movement_officer):
    client = client_for(commune_movement_officer)
    data = {
        "section": "criteria",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "60",
        "criteria-0-group": "Tiêu chí xã",
        "criteria-0-text": "Được nhân dân trong thôn đồng tình",
        "criteria-0-max_points": "100",
        "criteria-0-applies_to": "both",
    }
    assert client.post(f"/models/rounds/{commune_round.pk}/", data).status_code == 302
    assert list(commune_round.criteria.values_list("text", flat=True)) == ["Được nhân dân trong thôn đồng tình"]


def council_with_a_recusal(draft_model, department_officer_sokhcn, movement_officer, council_members):
    """The model in evaluation before a council of four, one of them from the department that registered it."""
    complete_self_assessment(draft_model, department_officer_sokhcn)
    model = model_submit(actor=department_officer_sokhcn, model=draft_model)
    council_set(
        actor=movement_officer,
        round=model.round,
        members=[
            (council_members[0], CouncilRole.CHAIR),
            (council_members[1], CouncilRole.MEMBER),
            (council_members[2], CouncilRole.MEMBER),
            (department_officer_sokhcn, CouncilRole.MEMBER),
        ],
    )
    model_start_evaluation(actor=movement_officer, models=[model])
    assignments_make(actor=movement_officer, round=model.round)
    return model


def test_the_council_summary_shows_the_spread_flag_and_the_recusal(
    client_for, draft_model, department_officer_sokhcn, movement_officer, council_members
):
    model = council_with_a_recusal(draft_model, department_officer_sokhcn, movement_officer, council_members)
    score_fully(model, council_members[:1])
    score_fully(model, council_members[1:2], points=Decimal("0"))

    body = page(client_for(movement_officer).get(f"/models/rounds/{model.round_id}/council/"))
    assert "chênh lệch lớn" in body
    assert "2/3" in body  # two of the three sheets that score (the recused member has none)
    row = body.split(model.name)[1].split("</tr>")[0]
    assert ">1<" in row  # one recusal
    sheet = page(client_for(department_officer_sokhcn).get("/models/scoring/"))
    assert "không chấm (xung đột lợi ích)" in sheet


def test_a_recused_member_gets_no_score_form(
    client_for, draft_model, department_officer_sokhcn, movement_officer, council_members
):
    model = council_with_a_recusal(draft_model, department_officer_sokhcn, movement_officer, council_members)
    assignment = model.assignments.get(member__user=department_officer_sokhcn)
    body = page(client_for(department_officer_sokhcn).get(f"/models/scoring/{assignment.pk}/"))
    assert "tránh xung đột lợi ích" in body and "Nộp phiếu chấm" not in body


def test_another_members_score_sheet_is_a_404(client_for, evaluating_model, council_members):
    theirs = evaluating_model.assignments.get(member__user=council_members[1])
    assert client_for(council_members[2]).get(f"/models/scoring/{theirs.pk}/").status_code == 404
    assert client_for(council_members[2]).post(f"/models/scoring/{theirs.pk}/", {}).status_code == 404


def test_a_sheet_is_saved_before_it_is_handed_in(client_for, evaluating_model, council_members):
    client = client_for(council_members[1])
    assignment = evaluating_model.assignments.get(member__user=council_members[1])
    first = applicable(evaluating_model)[0]
    client.post(f"/models/scoring/{assignment.pk}/", {"intent": "save", f"c{first.pk}-points": "3"})
    assignment.refresh_from_db()
    assert assignment.submitted_at is None and assignment.scores.get().points == Decimal("3")
    body = page(client.get("/models/scoring/"))
    assert f"đã chấm 1/{len(applicable(evaluating_model))} tiêu chí" in body

    response = client.post(f"/models/scoring/{assignment.pk}/", {"intent": "submit", f"c{first.pk}-points": "3"})
    assert "Chưa chấm đủ các tiêu chí" in page(response)


def test_points_above_the_maximum_are_refused_on_the_sheet(client_for, evaluating_model, council_members):
    client = client_for(council_members[1])
    assignment = evaluating_model.assignments.get(member__user=council_members[1])
    first = applicable(evaluating_model)[0]
    response = client.post(
        f"/models/scoring/{assignment.pk}/", {"intent": "save", f"c{first.pk}-points": str(first.max_points + 1)}
    )
    assert "Tối đa" in page(response) or "nhỏ hơn hoặc bằng" in page(response)
    assert not assignment.scores.exists()


def decision_post(model, outcome, reason=""):
    return {
        "number": "21-QĐ/BDVTU",
        "issued_on": today().isoformat(),
        "signer": "Hà Thị Phương",
        f"m{model.pk}-outcome": outcome,
        f"m{model.pk}-departure_reason": reason,
    }


def test_a_decision_departing_from_the_council_needs_its_reason(
    client_for, evaluating_model, council_members, movement_officer
):
    model = score_fully(evaluating_model, council_members)  # the council proposes recognition
    client = client_for(movement_officer)
    url = f"/models/rounds/{model.round_id}/decision/"
    body = page(client.get(url))
    assert "Đề nghị:" in body and "Công nhận" in body

    assert "phải ghi lý do" in page(client.post(url, decision_post(model, Outcome.NOT_RECOGNIZED)))
    assert not Decision.objects.exists()

    response = client.post(url, decision_post(model, Outcome.NOT_RECOGNIZED, "Mô hình mới triển khai ba tháng"))
    assert response.status_code == 302
    entry = Decision.objects.get().entries.get()
    assert entry.departs_from_council and entry.departure_reason == "Mô hình mới triển khai ba tháng"


def test_a_decision_with_no_model_chosen_is_not_issued(client_for, evaluating_model, movement_officer):
    url = f"/models/rounds/{evaluating_model.round_id}/decision/"
    response = client_for(movement_officer).post(url, decision_post(evaluating_model, ""))
    assert "ít nhất một mô hình" in page(response)
    assert not Decision.objects.exists()


def test_a_correction_is_a_new_decision_and_leaves_the_first_as_issued(
    client_for, evaluating_model, council_members, movement_officer
):
    model = score_fully(evaluating_model, council_members)
    original = recognise(model, movement_officer)
    client = client_for(movement_officer)
    url = f"/models/rounds/{model.round_id}/decisions/{original.pk}/correct/"
    data = decision_post(model, Outcome.NOT_RECOGNIZED, "Phát hiện số liệu không đúng")
    data["number"], data["reason"] = "22-QĐ/BDVTU", "Đính chính kết quả của Sở Khoa học và Công nghệ"
    assert client.post(url, data).status_code == 302
    correction = Decision.objects.get(corrects=original)
    assert correction.number == "22-QĐ/BDVTU"
    assert original.entries.get().outcome == Outcome.RECOGNIZED
    model.refresh_from_db()
    assert model.status == Status.NOT_RECOGNIZED


# --- Export, navigation, home ----------------------------------------------------------------------


def test_the_export_holds_the_filtered_list(
    client_for, draft_model, evaluating_model, movement_officer, province_round
):
    other = model_create(
        actor=movement_officer, round=province_round, data=model_data(name="Khu dân cư tự quản Nà Dau")
    )
    response = client_for(movement_officer).post("/models/export.xlsx", {"querystring": "q=na dau"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [other.name]
    from portal.models import AuditEvent

    exported = AuditEvent.objects.get(verb="model.exported")
    assert exported.actor == movement_officer
    assert exported.payload["querystring"] == "q=%5B%C4%91%C3%A3+%E1%BA%A9n%5D"  # what was searched stays out


def test_the_export_is_a_post(client_for, movement_officer):
    assert client_for(movement_officer).get("/models/export.xlsx").status_code == 405


def test_the_department_officer_finds_the_registry_in_the_menu_and_on_the_home_page(
    client_for, draft_model, department_officer_sokhcn
):
    home = page(client_for(department_officer_sokhcn).get("/"))
    assert 'href="/models/"' in home
    assert "Bản nháp của cơ quan" in home
    assert 'href="/models/new/"' in home


def test_the_home_card_of_dan_van_kheo_links_to_the_registry(client_for, movement_officer):
    home = page(client_for(movement_officer).get("/"))
    card = home.split("role-department_officer")[1].split("</article>")[0]
    assert 'href="/models/"' in card


def test_an_official_without_the_registry_gets_no_menu_entry(client_for):
    reception = User.objects.get(username="xa.tiepdan")
    assert 'href="/models/"' not in page(client_for(reception).get("/"))
    assert client_for(reception).get("/models/").status_code == 403


# --- Query counts ------------------------------------------------------------------------------------


@pytest.fixture
def add_models(province_round, department_officer_sokhcn):
    made = []

    def add(n):
        for _ in range(n):
            made.append(
                model_create(
                    actor=department_officer_sokhcn,
                    round=province_round,
                    data=model_data(name=f"Mô hình dân vận số {len(made)}"),
                )
            )

    return add


def test_the_list_runs_the_same_queries_for_few_and_many_models(client_for, movement_officer, add_models):
    client = client_for(movement_officer)
    at_small, at_large = read_at_two_sizes(client, "/models/?field=political_system", add_models)
    assert_page_shows(at_large[0], [f"Mô hình dân vận số {LARGE - 1}"])
    assert_same_query_count(at_small, at_large, cap=14)


def test_the_detail_page_runs_a_bounded_number_of_queries(
    client_for, evaluating_model, movement_officer, django_assert_max_num_queries
):
    client = client_for(movement_officer)
    client.get(f"/models/{evaluating_model.pk}/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/models/{evaluating_model.pk}/").status_code == 200


def test_the_scoring_list_runs_the_same_queries_for_few_and_many_sheets(
    client_for, province_round, department_officer_sokhcn, movement_officer, council_members, add_models
):
    def add_sheets(n):
        add_models(n)
        for model in MobilizationModel.objects.filter(status=Status.DRAFT):
            complete_self_assessment(model, department_officer_sokhcn)
            model_submit(actor=department_officer_sokhcn, model=model)
        models = list(MobilizationModel.objects.filter(status=Status.REGISTERED))
        model_start_evaluation(actor=movement_officer, models=models)
        assignments_make(actor=movement_officer, round=province_round)

    at_small, at_large = read_at_two_sizes(client_for(council_members[1]), "/models/scoring/", add_sheets)
    assert_page_shows(at_large[0], [f"Mô hình dân vận số {LARGE - 1}"])
    assert_same_query_count(at_small, at_large, cap=12)


def test_the_council_summary_runs_the_same_queries_for_few_and_many_models(
    client_for, province_round, department_officer_sokhcn, movement_officer, council_members, add_models
):
    def add_scored(n):
        add_models(n)
        for model in MobilizationModel.objects.filter(status=Status.DRAFT):
            complete_self_assessment(model, department_officer_sokhcn)
            model_submit(actor=department_officer_sokhcn, model=model)
        fresh = list(MobilizationModel.objects.filter(status=Status.REGISTERED))
        model_start_evaluation(actor=movement_officer, models=fresh)
        assignments_make(actor=movement_officer, round=province_round, models=fresh)
        for model in fresh:
            score_fully(model, council_members[:2])

    client = client_for(movement_officer)
    at_small, at_large = read_at_two_sizes(client, f"/models/rounds/{province_round.pk}/council/", add_scored)
    assert_page_shows(at_large[0], [f"Mô hình dân vận số {LARGE - 1}"])
    assert_same_query_count(at_small, at_large, cap=14)


# --- The council's result, the menu and the card of a council member ----------------------------------


def test_a_council_member_who_has_not_scored_sees_no_score_and_cannot_open_the_summary(
    client_for, evaluating_model, movement_officer, council_members
):
    score_fully(evaluating_model, council_members[:2])
    score = "100,00 điểm"
    assert score in page(client_for(movement_officer).get("/models/"))
    waiting = client_for(council_members[2])
    assert score not in page(waiting.get("/models/"))
    assert waiting.get(f"/models/rounds/{evaluating_model.round_id}/council/").status_code == 403


def test_a_council_member_without_the_registry_finds_it_in_the_menu_and_their_sheets_on_the_home_page(
    client_for, evaluating_model, movement_officer, bac_kan
):
    from models_registry.services import assignments_make, council_set
    from portal.choices import Role

    reader = make_official("hd.btcd", province_agency(bac_kan, "BTCD"), Role.PETITION_HANDLER)
    client = client_for(reader)
    assert 'href="/models/"' not in page(client.get("/"))
    seated = [(member.user, member.role) for member in evaluating_model.round.council.all()]
    council_set(actor=movement_officer, round=evaluating_model.round, members=[*seated, (reader, "member")])
    assignments_make(actor=movement_officer, round=evaluating_model.round)
    home = page(client.get("/"))
    assert 'href="/models/"' in home
    assert "Mô hình chờ bạn chấm điểm" in home and 'href="/models/scoring/"' in home
    assert "Bản nháp của cơ quan" not in home

"""Every step of a model's lifecycle, and every refused one, with the message the user reads."""

from __future__ import annotations

import datetime as dt

import pytest

from models_registry import workflow
from models_registry.choices import Outcome, OwnerKind, Status
from models_registry.models import MobilizationModel
from models_registry.services import (
    decision_issue,
    model_create,
    model_link_replication,
    model_publish,
    model_return,
    model_start_evaluation,
    model_submit,
    model_unpublish,
    model_update,
    model_withdraw,
    self_assessment_save,
)
from portal.models import AuditEvent
from portal.services import DomainError, NotPermitted
from tests.models_registry.conftest import complete_self_assessment, model_data, today


def events(model) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type__model="mobilizationmodel", target_id=str(model.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def set_status(model, status, **fields) -> MobilizationModel:
    """Put a model where a step starts (the steps that lead there are tested on their own)."""
    MobilizationModel.objects.filter(pk=model.pk).update(status=status, **fields)
    model.refresh_from_db()
    return model


# --- submit -------------------------------------------------------------------------------------------


def test_submit_registers_a_complete_draft_and_records_the_day(draft_model, department_officer_sokhcn):
    complete_self_assessment(draft_model, department_officer_sokhcn)

    model = model_submit(actor=department_officer_sokhcn, model=draft_model)

    assert model.status == Status.REGISTERED
    assert model.registered_on == today()
    assert events(model) == ["model.created"] + ["model.self_assessed"] * 8 + ["model.submitted"]


def test_submit_is_refused_until_every_criterion_is_self_assessed(draft_model, department_officer_sokhcn):
    with pytest.raises(DomainError, match="Chưa tự đánh giá đủ các tiêu chí"):
        model_submit(actor=department_officer_sokhcn, model=draft_model)

    assert MobilizationModel.objects.get(pk=draft_model.pk).status == Status.DRAFT


def test_a_criterion_without_evidence_needs_the_reason_it_has_none(draft_model, department_officer_sokhcn):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    criterion = draft_model.round.criteria.order_by("order").first()
    self_assessment_save(
        actor=department_officer_sokhcn, model=draft_model, criterion=criterion, statement="Có tên, địa chỉ"
    )
    with pytest.raises(DomainError, match="Có tên gọi, địa chỉ cụ thể"):
        model_submit(actor=department_officer_sokhcn, model=draft_model)

    self_assessment_save(
        actor=department_officer_sokhcn,
        model=draft_model,
        criterion=criterion,
        statement="Có tên, địa chỉ",
        missing_evidence_reason="Quyết định thành lập đang chờ ký",
    )
    assert model_submit(actor=department_officer_sokhcn, model=draft_model).status == Status.REGISTERED


def test_an_individual_example_is_self_assessed_on_the_individual_standards_only(
    province_round, department_officer_sokhcn
):
    example = model_create(
        actor=department_officer_sokhcn,
        round=province_round,
        data=model_data(
            name="Cán bộ tận tụy hướng dẫn dịch vụ công",
            owner_kind=OwnerKind.INDIVIDUAL,
            collective_kind="",
            owner_name="Hoàng Thị Lan",
            owner_position="Chuyên viên Văn phòng Sở",
        ),
    )
    complete_self_assessment(example, department_officer_sokhcn)

    assert example.self_assessments.count() == 5
    assert model_submit(actor=department_officer_sokhcn, model=example).status == Status.REGISTERED


def test_submit_is_refused_while_required_elements_are_empty(draft_model, department_officer_sokhcn):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    model_update(actor=department_officer_sokhcn, model=draft_model, data={"goals": "", "outputs": " "})

    with pytest.raises(DomainError, match="Hồ sơ đăng ký còn thiếu: mục tiêu và tiêu chí đánh giá, sản phẩm"):
        model_submit(actor=department_officer_sokhcn, model=draft_model)


def test_submit_is_refused_once_the_registration_window_closed(
    draft_model, department_officer_sokhcn, movement_officer
):
    from models_registry.services import round_update

    complete_self_assessment(draft_model, department_officer_sokhcn)
    round_update(
        actor=movement_officer,
        round=draft_model.round,
        registration_opens=today() - dt.timedelta(days=60),
        registration_closes=today() - dt.timedelta(days=1),
    )
    draft_model.refresh_from_db()

    with pytest.raises(DomainError, match="Đợt đăng ký đã hết hạn"):
        model_submit(actor=department_officer_sokhcn, model=draft_model)


def test_resubmitting_a_returned_model_keeps_its_first_registration_day(
    draft_model, department_officer_sokhcn, movement_officer
):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    model_submit(actor=department_officer_sokhcn, model=draft_model)
    first_day = today() - dt.timedelta(days=5)
    MobilizationModel.objects.filter(pk=draft_model.pk).update(registered_on=first_day)
    model_return(actor=movement_officer, model=draft_model, reason="Bổ sung số liệu kết quả")

    model = model_submit(actor=department_officer_sokhcn, model=draft_model)

    assert model.status == Status.REGISTERED
    assert model.registered_on == first_day
    assert model.status_reason == ""


def test_submitting_twice_is_refused(draft_model, department_officer_sokhcn):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    model_submit(actor=department_officer_sokhcn, model=draft_model)

    with pytest.raises(DomainError, match="Không thể chuyển mô hình từ «Đã đăng ký» sang «Đã đăng ký»"):
        model_submit(actor=department_officer_sokhcn, model=draft_model)


def test_another_department_cannot_submit_the_model(draft_model, council_members):
    complete_self_assessment(draft_model, draft_model.created_by)

    with pytest.raises(DomainError):  # a member of another department does not even see it
        model_submit(actor=council_members[1], model=draft_model)
    assert MobilizationModel.objects.get(pk=draft_model.pk).status == Status.DRAFT


# --- return, start evaluation, withdraw ------------------------------------------------------------------


@pytest.fixture
def registered_model(draft_model, department_officer_sokhcn):
    complete_self_assessment(draft_model, department_officer_sokhcn)
    return model_submit(actor=department_officer_sokhcn, model=draft_model)


def test_the_movement_office_returns_a_registration_with_its_reason(registered_model, movement_officer):
    model = model_return(actor=movement_officer, model=registered_model, reason="Thiếu minh chứng kết quả")

    assert model.status == Status.RETURNED
    assert model.status_reason == "Thiếu minh chứng kết quả"
    assert events(model)[-1] == "model.returned"


def test_returning_needs_a_reason(registered_model, movement_officer):
    with pytest.raises(DomainError, match="Hãy ghi lý do trả lại"):
        model_return(actor=movement_officer, model=registered_model, reason="  ")


def test_a_model_under_evaluation_may_be_returned(evaluating_model, movement_officer):
    model = model_return(actor=movement_officer, model=evaluating_model, reason="Cần khảo sát lại tại cơ sở")

    assert model.status == Status.RETURNED


def test_a_draft_cannot_be_returned(draft_model, movement_officer):
    with pytest.raises(DomainError, match="Không thể chuyển mô hình từ «Bản nháp» sang «Trả lại để bổ sung»"):
        model_return(actor=movement_officer, model=draft_model, reason="Lý do")


def test_the_registering_department_cannot_return_its_own_model(registered_model, department_officer_sokhcn):
    with pytest.raises(NotPermitted):
        model_return(actor=department_officer_sokhcn, model=registered_model, reason="Lý do")


def test_the_movement_office_takes_registered_models_into_evaluation(registered_model, movement_officer):
    [model] = model_start_evaluation(actor=movement_officer, models=[registered_model])

    assert model.status == Status.EVALUATING
    assert events(model)[-1] == "model.evaluation_started"


def test_a_draft_cannot_be_taken_into_evaluation_and_the_batch_changes_nothing(
    registered_model, province_round, department_officer_sokhcn, movement_officer
):
    draft = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Mô hình thứ hai"))

    with pytest.raises(
        DomainError, match="Mô hình thứ hai: Không thể chuyển mô hình từ «Bản nháp» sang «Đang thẩm định»"
    ):
        model_start_evaluation(actor=movement_officer, models=[registered_model, draft])

    assert MobilizationModel.objects.get(pk=registered_model.pk).status == Status.REGISTERED


def test_a_department_cannot_take_models_into_evaluation(registered_model, department_officer_sokhcn):
    with pytest.raises(NotPermitted):
        model_start_evaluation(actor=department_officer_sokhcn, models=[registered_model])


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REGISTERED, Status.RETURNED])
def test_the_registrant_withdraws_a_model_not_yet_under_evaluation(status, draft_model, department_officer_sokhcn):
    set_status(draft_model, status)

    model = model_withdraw(actor=department_officer_sokhcn, model=draft_model, reason="Đơn vị sáp nhập")

    assert model.status == Status.WITHDRAWN
    assert model.status_reason == "Đơn vị sáp nhập"


def test_withdrawing_needs_a_reason(draft_model, department_officer_sokhcn):
    with pytest.raises(DomainError, match="Hãy ghi lý do rút"):
        model_withdraw(actor=department_officer_sokhcn, model=draft_model, reason="")


@pytest.mark.parametrize("status", [Status.EVALUATING, Status.RECOGNIZED, Status.WITHDRAWN])
def test_a_model_under_evaluation_or_decided_cannot_be_withdrawn(status, draft_model, department_officer_sokhcn):
    set_status(draft_model, status)

    with pytest.raises(DomainError, match="Không thể chuyển mô hình từ"):
        model_withdraw(actor=department_officer_sokhcn, model=draft_model, reason="Lý do")


# --- editing ---------------------------------------------------------------------------------------------


def test_editing_with_a_stale_version_is_refused(draft_model, department_officer_sokhcn):
    loaded = draft_model.version
    model_update(actor=department_officer_sokhcn, model=draft_model, data={"timeline": "Cả năm"}, version=loaded)

    with pytest.raises(DomainError, match="Hồ sơ vừa được người khác sửa"):
        model_update(actor=department_officer_sokhcn, model=draft_model, data={"timeline": "Quý II"}, version=loaded)


def test_a_registered_model_can_no_longer_be_edited(registered_model, department_officer_sokhcn):
    with pytest.raises(DomainError, match="Chỉ sửa hồ sơ khi còn là bản nháp"):
        model_update(actor=department_officer_sokhcn, model=registered_model, data={"timeline": "Quý II"})


# --- decided steps, replication, publication -----------------------------------------------------------------


def test_recognition_and_typical_steps_are_not_offered_as_buttons(evaluating_model):
    assert workflow.offered_steps(evaluating_model) == ["return"]
    assert "recognize" not in workflow.USER_STEPS
    assert workflow.STEPS["recognize"].by_decision


def test_linking_a_replication_marks_the_typical_origin_replicated(
    evaluating_model, province_round, department_officer_sokhcn, movement_officer
):
    decision_issue(
        actor=movement_officer,
        round=province_round,
        number="01-QĐ/BDVTU",
        issued_on=today(),
        signer="Nguyễn Văn An",
        entries=[{"model": evaluating_model, "outcome": Outcome.TYPICAL, "departure_reason": "Chưa chấm, đã khảo sát"}],
    )
    copy = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Bản sao"))

    linked = model_link_replication(actor=department_officer_sokhcn, model=copy, origin=evaluating_model)

    assert linked.replicates_id == evaluating_model.pk
    origin = MobilizationModel.objects.get(pk=evaluating_model.pk)
    assert origin.status == Status.REPLICATED
    assert events(origin)[-1] == "model.replicated"


def test_replication_from_a_model_not_typical_is_refused(
    evaluating_model, draft_model, province_round, department_officer_sokhcn
):
    copy = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Bản sao"))

    with pytest.raises(DomainError, match="Chỉ ghi nhận nhân rộng từ mô hình đã được chọn tiêu biểu"):
        model_link_replication(actor=department_officer_sokhcn, model=copy, origin=evaluating_model)


def test_mark_replicated_needs_a_model_copying_it(draft_model):
    set_status(draft_model, Status.TYPICAL)

    assert workflow.refusal("mark_replicated", draft_model) == (
        "Chưa có mô hình nào được ghi nhận là nhân rộng từ mô hình này."
    )


def test_only_typical_models_are_published_and_unpublished(draft_model, movement_officer):
    with pytest.raises(DomainError, match="Chỉ công khai mô hình đã được chọn tiêu biểu"):
        model_publish(actor=movement_officer, model=draft_model, summary="Tóm tắt")

    set_status(draft_model, Status.TYPICAL)
    published = model_publish(actor=movement_officer, model=draft_model, summary="Người dân làm thủ tục tại nhà.")
    assert published.is_published and published.public_summary == "Người dân làm thủ tục tại nhà."

    unpublished = model_unpublish(actor=movement_officer, model=draft_model)
    assert not unpublished.is_published
    assert events(draft_model)[-2:] == ["model.published", "model.unpublished"]


def test_the_registering_department_cannot_publish(draft_model, department_officer_sokhcn):
    set_status(draft_model, Status.TYPICAL)

    with pytest.raises(NotPermitted):
        model_publish(actor=department_officer_sokhcn, model=draft_model, summary="Tóm tắt")


def test_a_model_returned_during_evaluation_is_resubmitted_after_the_window_closed(
    evaluating_model, department_officer_sokhcn, movement_officer
):
    from models_registry.services import round_update

    round_update(
        actor=movement_officer,
        round=evaluating_model.round,
        registration_opens=today() - dt.timedelta(days=60),
        registration_closes=today() - dt.timedelta(days=1),
    )
    model_return(actor=movement_officer, model=evaluating_model, reason="Bổ sung minh chứng kết quả")
    evaluating_model.refresh_from_db()
    assert "submit" in workflow.offered_steps(evaluating_model)

    model = model_submit(actor=department_officer_sokhcn, model=evaluating_model)

    assert model.status == Status.REGISTERED

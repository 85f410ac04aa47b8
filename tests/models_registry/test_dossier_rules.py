"""Rules around a model's dossier once it leaves the registrant's hands: no document while it waits for or is
under evaluation, commendations only over the phase holding the round's year, a re-linked replication gives its
former origin back its typical status, and the forces read lead → coordinating → participating."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.choices import CommendationForm, ForceRole, Outcome, Status
from models_registry.models import MobilizationModel, Phase
from models_registry.services import (
    commendation_record,
    decision_issue,
    document_add,
    model_create,
    model_link_replication,
)
from portal.services import DomainError
from tests.models_registry.conftest import model_data, today
from tests.models_registry.test_decisions import issue, scored

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minh chung"


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("minh-chung.pdf", PDF, content_type="application/pdf")


def test_no_document_is_added_to_a_model_under_evaluation(
    evaluating_model, department_officer_sokhcn, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DomainError, match="đang chờ thẩm định"):
        document_add(
            actor=department_officer_sokhcn, model=evaluating_model, upload=_pdf(), title="Ảnh bổ sung", kind="document"
        )
    assert not evaluating_model.documents.exists()


def test_the_detail_page_offers_no_upload_while_the_model_is_under_evaluation(
    evaluating_model, province_round, department_officer_sokhcn, client_for
):
    draft = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Bản nháp"))
    client = client_for(department_officer_sokhcn)
    assert client.get(f"/models/{evaluating_model.pk}/").context["document_form"] is None
    assert client.get(f"/models/{draft.pk}/").context["document_form"] is not None


def test_a_draft_still_takes_documents(draft_model, department_officer_sokhcn, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = document_add(
        actor=department_officer_sokhcn, model=draft_model, upload=_pdf(), title="Biên bản", kind="document"
    )
    assert list(draft_model.documents.all()) == [document]


def test_a_commendation_over_a_phase_not_holding_the_rounds_year_is_refused(
    evaluating_model, council_members, movement_officer
):
    model = scored(evaluating_model, council_members)
    issue(movement_officer, model.round, [{"model": model, "outcome": Outcome.TYPICAL}])
    earlier = Phase.objects.get(programme=model.round.programme, start_year=2021)  # 2021–2025; the round is 2026

    with pytest.raises(DomainError, match="không nằm trong giai đoạn 2021–2025"):
        commendation_record(
            actor=movement_officer,
            model=model,
            phase=earlier,
            form=CommendationForm.PROVINCE_MERIT,
            issuer="Chủ tịch UBND tỉnh Bắc Kạn",
            decision_number="2150/QĐ-UBND",
            decided_on=today(),
        )
    assert not model.commendations.exists()


def test_relinking_a_replication_gives_the_former_origin_back_its_typical_status(
    evaluating_model, province_round, department_officer_sokhcn, movement_officer
):
    second = model_create(
        actor=department_officer_sokhcn, round=province_round, data=model_data(name="Mô hình thứ hai")
    )
    MobilizationModel.objects.filter(pk=second.pk).update(status=Status.EVALUATING)
    decision_issue(
        actor=movement_officer,
        round=province_round,
        number="01-QĐ/BDVTU",
        issued_on=today(),
        signer="Nguyễn Văn An",
        entries=[
            {"model": evaluating_model, "outcome": Outcome.TYPICAL, "departure_reason": "Đã khảo sát thực tế"},
            {"model": second, "outcome": Outcome.TYPICAL, "departure_reason": "Đã khảo sát thực tế"},
        ],
    )
    copy = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Bản sao"))
    model_link_replication(actor=department_officer_sokhcn, model=copy, origin=evaluating_model)

    model_link_replication(actor=department_officer_sokhcn, model=copy, origin=second)

    assert MobilizationModel.objects.get(pk=evaluating_model.pk).status == Status.TYPICAL
    assert MobilizationModel.objects.get(pk=second.pk).status == Status.REPLICATED


def test_the_detail_page_lists_the_lead_force_first(draft_model, department_officer_sokhcn, client_for):
    for role, name in [
        (ForceRole.PARTICIPATING, "Đoàn Thanh niên xã"),
        (ForceRole.COORDINATING, "Hội Nông dân xã"),
        (ForceRole.LEAD, "Chi bộ thôn Bản Chán"),
    ]:
        draft_model.forces.create(role=role, name=name)

    body = client_for(department_officer_sokhcn).get(f"/models/{draft_model.pk}/").content.decode()

    lead, coordinating, participating = (
        body.index(name) for name in ("Chi bộ thôn Bản Chán", "Hội Nông dân xã", "Đoàn Thanh niên xã")
    )
    assert lead < coordinating < participating


def test_a_commune_council_from_its_peoples_committee_scores_the_committees_models(
    commune_round, commune_movement_officer
):
    """At a commune the council and the registrant share the one People's Committee: only the official who drew
    up the registration stands aside."""
    from models_registry.choices import CouncilRole
    from models_registry.services import assignments_make, council_set, model_start_evaluation, model_submit
    from portal.models import User
    from tests.models_registry.conftest import complete_self_assessment

    chair = User.objects.get(username="xa.lanhdao")
    council_set(
        actor=commune_movement_officer,
        round=commune_round,
        members=[(chair, CouncilRole.CHAIR), (commune_movement_officer, CouncilRole.MEMBER)],
    )
    model = model_create(actor=commune_movement_officer, round=commune_round, data=model_data())
    complete_self_assessment(model, commune_movement_officer)
    model = model_submit(actor=commune_movement_officer, model=model)
    model_start_evaluation(actor=commune_movement_officer, models=[model])

    assignments = {
        a.member.user.username: a for a in assignments_make(actor=commune_movement_officer, round=commune_round)
    }

    assert not assignments["xa.lanhdao"].recused
    assert assignments["xa.danvan"].recused
    assert assignments["xa.danvan"].recusal_reason == "Thành viên là người lập hồ sơ đăng ký mô hình."


def test_the_replication_picker_offers_recent_typical_models_and_finds_others_by_name(
    province_round, department_officer_sokhcn, client_for
):
    from models_registry.views.detail import ORIGIN_CHOICES

    copy = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(name="Bản sao"))
    for number in range(ORIGIN_CHOICES + 5):
        origin = model_create(
            actor=department_officer_sokhcn, round=province_round, data=model_data(name=f"Mô hình gốc số {number:02}")
        )
        MobilizationModel.objects.filter(pk=origin.pk).update(status=Status.TYPICAL)
    client = client_for(department_officer_sokhcn)

    page = client.get(f"/models/{copy.pk}/")
    offered = list(page.context["replication_form"].fields["origin"].queryset)
    assert len(offered) == ORIGIN_CHOICES and page.context["origins_more"]
    assert "tìm theo tên để thấy mô hình khác" in page.content.decode()

    found = client.get(f"/models/{copy.pk}/?origin_q=goc so 33")
    assert [m.name for m in found.context["replication_form"].fields["origin"].queryset] == ["Mô hình gốc số 33"]

import datetime as dt

import pytest

from petitions.choices import Channel, Status
from portal.models import Agency, AuditEvent
from portal.services import DomainError
from reception.choices import ReceivedBy, SessionKind, VisitAction
from reception.services import CitizenData, reception_session_record, reception_session_update
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db


def record(officer, visits, **kwargs):
    defaults = dict(
        actor=officer,
        agency=officer.agency,
        date=dt.date(2026, 11, 19),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Hà Minh Lan, công chức tư pháp",
    )
    defaults.update(kwargs)
    return reception_session_record(visits=visits, **defaults)


def test_session_with_five_visits_is_recorded_with_the_audit_trail(reception_officer):
    session = record(reception_officer, [visit(name=f"Công dân {i}") for i in range(5)])
    assert session.visits.count() == 5
    assert AuditEvent.objects.filter(verb="reception_session.created", target_id=str(session.pk)).exists()


def test_a_visit_that_receives_a_petition_opens_it_prefilled_and_linked(reception_officer):
    session = record(
        reception_officer,
        [
            visit(
                action=VisitAction.PETITION,
                kind="complaint",
                content="Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
            )
        ],
    )
    petition = session.visits.get().petition
    assert petition.channel == Channel.RECEPTION and petition.received_on == dt.date(2026, 11, 19)
    assert petition.status == Status.RECEIVED and petition.kind == "complaint"
    assert [p.full_name for p in petition.petitioners.all()] == ["Đinh Văn Sáu"]
    assert petition.reception_visit.session == session
    assert petition.notice_due == dt.date(2026, 12, 4)  # the 10-working-day outcome notice (24 Nov is a holiday)


def test_a_group_of_five_is_a_delegation_and_needs_representatives(reception_officer):
    people = [CitizenData(full_name=f"Người {i}") for i in range(6)]
    with pytest.raises(DomainError, match="đại diện"):
        record(reception_officer, [visit(citizens=people, representatives=0)])
    session = record(reception_officer, [visit(citizens=people, people_count=12, representatives=2)])
    group = session.visits.get()
    assert group.is_delegation and group.people_count == 12


def test_no_more_than_five_representatives(reception_officer):
    with pytest.raises(DomainError, match="không quá 5"):
        record(reception_officer, [visit(people_count=30, representatives=6)])


def test_refusal_needs_its_ground_and_for_settled_cases_a_notice(reception_officer):
    with pytest.raises(DomainError, match="Điều 9"):
        record(reception_officer, [visit(action=VisitAction.REFUSED)])
    with pytest.raises(DomainError, match="Thông báo từ chối"):
        record(reception_officer, [visit(action=VisitAction.REFUSED, refusal_ground="settled_repeat")])
    session = record(
        reception_officer,
        [
            visit(
                action=VisitAction.REFUSED,
                refusal_ground="settled_repeat",
                refusal_notice_no="05/TB-UBND",
                refusal_notice_on=dt.date(2026, 10, 1),
            )
        ],
    )
    assert session.visits.get().refusal_notice_no == "05/TB-UBND"


def test_guiding_names_the_competent_agency(reception_officer):
    with pytest.raises(DomainError, match="cơ quan có thẩm quyền"):
        record(reception_officer, [visit(action=VisitAction.GUIDED)])
    court = Agency.objects.get(name="Sở Tư pháp tỉnh Bắc Kạn")
    assert (
        record(reception_officer, [visit(action=VisitAction.GUIDED, guided_to=court)]).visits.get().guided_to == court
    )


def test_adhoc_session_needs_the_reason_and_regular_is_not_the_heads(reception_officer):
    with pytest.raises(DomainError, match="đột xuất"):
        record(reception_officer, [visit()], kind=SessionKind.ADHOC, received_by=ReceivedBy.HEAD)
    with pytest.raises(DomainError, match="định kỳ hoặc đột xuất"):
        record(reception_officer, [visit()], kind=SessionKind.REGULAR, received_by=ReceivedBy.HEAD)


def test_online_reception_only_from_july_2026(reception_officer):
    with pytest.raises(DomainError, match="01/7/2026"):
        record(reception_officer, [visit()], place="online", date=dt.date(2026, 6, 30))
    assert record(reception_officer, [visit()], place="online", date=dt.date(2026, 7, 1)).place == "online"


def test_a_failed_visit_records_nothing(reception_officer):
    from reception.models import ReceptionSession

    with pytest.raises(DomainError):
        record(reception_officer, [visit(), visit(action=VisitAction.REFUSED)])
    assert not ReceptionSession.objects.exists()


def test_editing_after_the_day_is_flagged_in_the_audit_trail(reception_officer):
    session = record(reception_officer, [visit()])
    reception_session_update(
        actor=reception_officer, session_id=session.pk, expected_version=session.version, notes="Bổ sung thành phần"
    )
    assert AuditEvent.objects.filter(verb="reception_session.changed_after_day", target_id=str(session.pk)).exists()
    with pytest.raises(DomainError, match="tải lại"):
        reception_session_update(
            actor=reception_officer, session_id=session.pk, expected_version=session.version, notes="x"
        )

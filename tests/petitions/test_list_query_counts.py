"""Every petitions list, page and API, runs the same number of queries for 2 rows as for 12.

Each test builds a small set of rows, reads the list, adds more rows in the same official's scope and
reads it again: a query made once per row shows up as a difference between the two counts. Each also
checks that the rows are really on the page, so an empty or refused page cannot pass.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.choices import Kind
from petitions.importer.jobs import import_job_create
from petitions.services import PetitionerData, petition_classify, petition_document_add, petition_settle
from petitions.services.approvals import proposal_return, proposal_submit
from petitions.services.enforcement import measure_add
from petitions.services.verification import verification_assign, verification_step_record
from portal.models import User
from tests.query_counts import (
    LARGE,
    SMALL,
    assert_api_lists,
    assert_page_shows,
    assert_same_query_count,
    read_at_two_sizes,
)

pytestmark = pytest.mark.django_db

KINDS = [Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION]


@pytest.fixture
def petitions(receive):
    """Add n petitions of every kind, each with two petitioners; return all made so far."""
    made = []

    def add(n):
        for i in range(len(made), len(made) + n):
            made.append(
                receive(
                    kind=KINDS[i % len(KINDS)],
                    summary=f"Đơn số {i} về bồi thường giải phóng mặt bằng",
                    petitioners=[
                        PetitionerData(full_name=f"Hoàng Văn Một {i}", is_representative=True),
                        PetitionerData(full_name=f"Hoàng Thị Hai {i}"),
                    ],
                )
            )
        return made

    add.made = made
    return add


@pytest.fixture
def classified(receive, commune_officer_a):
    def make(**kwargs):
        petition = receive(**kwargs)
        return petition_classify(
            actor=commune_officer_a,
            petition_id=petition.pk,
            expected_version=petition.version,
            qualified=True,
            within_authority=True,
        )

    return make


def propose_accept(officer, petition):
    return proposal_submit(
        actor=officer,
        petition=petition,
        step="accept",
        cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
        note="Đề nghị thụ lý",
    )


@pytest.fixture
def proposals(classified, commune_officer_a):
    """Add n proposals to accept, submitted by the commune officer to her head; return all made so far."""
    made = []

    def add(n):
        for i in range(len(made), len(made) + n):
            made.append(propose_accept(commune_officer_a, classified(kind=KINDS[i % 2])))
        return made

    add.made = made
    return add


# --- HTML pages -------------------------------------------------------------------------------


def test_petition_list_page(client_for, commune_officer_a, petitions):
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), "/petitions/", petitions)

    assert_page_shows(at_small[0], [p.register_number for p in petitions.made[:SMALL]])
    assert_page_shows(at_large[0], [p.register_number for p in petitions.made])
    assert_same_query_count(at_small, at_large, cap=15)


def test_petition_list_page_filtered_and_searched(client_for, commune_officer_a, petitions):
    url = "/petitions/?q=giai phong mat bang&status=received"
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), url, petitions)

    assert_page_shows(at_large[0], [p.register_number for p in petitions.made])
    assert_same_query_count(at_small, at_large, cap=15)


def test_my_work_page_with_petitions_and_returned_proposals(client_for, commune_officer_a, commune_head, proposals):
    def add(n):
        for proposal in proposals(n)[-n:]:
            proposal_return(actor=commune_head, proposal_id=proposal.pk, comments="Bổ sung biên bản")

    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), "/petitions/mine/", add)

    numbers = [p.petition.register_number for p in proposals.made]
    assert_page_shows(at_large[0], numbers)
    page = at_large[0].content.decode()
    assert all(page.count(number) >= 2 for number in numbers)  # in the returned list and in the table
    assert page.count("Bổ sung biên bản") == LARGE
    assert_same_query_count(at_small, at_large, cap=17)


def test_approval_queue_page(client_for, commune_head, proposals):
    at_small, at_large = read_at_two_sizes(client_for(commune_head), "/petitions/approvals/", proposals)

    assert_page_shows(at_small[0], [p.petition.register_number for p in proposals.made[:SMALL]])
    assert_page_shows(at_large[0], [p.petition.register_number for p in proposals.made])
    assert at_large[0].content.decode().count('name="proposal"') == LARGE
    assert_same_query_count(at_small, at_large, cap=12)


def test_import_page_lists_recent_import_jobs(client_for, commune_officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jobs = []

    def add(n):
        for i in range(len(jobs), len(jobs) + n):
            upload = SimpleUploadedFile(f"so-don-{i:02}.csv", b"register_number\n", content_type="text/csv")
            jobs.append(import_job_create(actor=commune_officer_a, upload=upload, dry_run=i % 2 == 0))

    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), "/petitions/import/", add, large=10)

    assert_page_shows(at_large[0], [f"so-don-{i:02}.csv" for i in range(10)])
    assert_same_query_count(at_small, at_large, cap=9)


def test_petition_page_lists_measures_documents_repeats_and_history(
    client_for, commune_officer_a, accepted, receive, settings, tmp_path
):
    """The detail page's own lists: enforcement measures, documents, petitions of the case, the timeline."""
    settings.MEDIA_ROOT = tmp_path
    petition = accepted(kind=Kind.DENUNCIATION)
    petition = petition_settle(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        settled_on=dt.date(2026, 11, 16),
        decision_no="12/KL-UBND",
    )
    repeats = []

    def add(n):
        for _ in range(n):
            i = len(repeats)
            measure_add(
                actor=commune_officer_a,
                petition=petition,
                kind="recover_money",
                description=f"Biện pháp thứ {i}",
                responsible="Phòng Tài chính huyện",
                due_on=dt.date(2026, 12, 31),
            )
            petition_document_add(
                actor=commune_officer_a,
                petition_id=petition.pk,
                uploaded_file=SimpleUploadedFile(f"tai-lieu-{i}.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
                title=f"Tài liệu thứ {i}",
                doc_type="petition_scan",
            )
            repeats.append(receive(case=petition.case, received_on=dt.date(2026, 11, 9)))

    url = f"/petitions/{petition.pk}/"
    at_small, at_large = read_at_two_sizes(client_for(commune_officer_a), url, add)

    assert_page_shows(at_large[0], [f"Biện pháp thứ {i}" for i in range(LARGE)])
    assert_page_shows(at_large[0], [f"Tài liệu thứ {i}" for i in range(LARGE)])
    assert_page_shows(at_large[0], [p.register_number for p in repeats])
    assert petition.pseudonym in at_large[0].content.decode()  # identity not asked for: the pseudonym shows
    assert_same_query_count(at_small, at_large, cap=30)


# --- API lists --------------------------------------------------------------------------------


def test_petition_api_list(api_for, commune_officer_a, petitions):
    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), "/api/v1/petitions/", petitions)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["register_number"] for row in rows} == {p.register_number for p in petitions.made}
    denunciations = [row for row in rows if row["kind"] == Kind.DENUNCIATION]
    assert denunciations and all(list(row["petitioners"][0]) == ["pseudonym"] for row in denunciations)
    assert all(len(row["petitioners"]) == 2 for row in rows if row["kind"] != Kind.DENUNCIATION)
    assert_same_query_count(at_small, at_large, cap=7)


def test_case_api_list(api_for, commune_officer_a, receive):
    """Each case holds a lead petition and a repeat joined to it."""
    cases = []

    def add(n):
        for _ in range(n):
            first = receive()
            receive(case=first.case, received_on=dt.date(2026, 11, 9))
            cases.append(first.case)

    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), "/api/v1/cases/", add)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["code"] for row in rows} == {case.code for case in cases}
    assert all(len(row["petitions"]) == 2 for row in rows)
    assert_same_query_count(at_small, at_large, cap=6)


def test_proposal_api_list(api_for, commune_head, proposals):
    at_small, at_large = read_at_two_sizes(api_for(commune_head), "/api/v1/proposals/", proposals)

    assert at_small[0].status_code == 200 and len(at_small[0].json()["results"]) == SMALL
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["petition"] for row in rows} == {p.petition.register_number for p in proposals.made}
    assert all(row["deadline"] for row in rows)
    assert_same_query_count(at_small, at_large, cap=6)


def test_verification_api_list(api_for, commune_officer_a, commune_head, accepted):
    """Each verification has a lead, a member and a recorded step."""
    lead, member = User.objects.get(username="xa.thanhtra"), User.objects.get(username="xa.tiepdan")
    verifications = []

    def add(n):
        for i in range(n):
            petition = accepted(kind=KINDS[i % 2])
            verification = verification_assign(
                actor=commune_head,
                petition=petition,
                agency=petition.handling_agency,
                lead=lead,
                members=[member],
                due_on=dt.date(2026, 12, 4),
            )
            verification_step_record(
                actor=commune_officer_a,
                verification=verification,
                step_code="collect-documents",
                happened_on=dt.date(2026, 11, 20),
            )
            verifications.append(verification)

    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), "/api/v1/verifications/", add)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["id"] for row in rows} == {v.pk for v in verifications}
    assert all(row["members"] == [member.pk] and row["steps"][0]["label"] for row in rows)
    assert_same_query_count(at_small, at_large, cap=8)


def test_measure_api_list(api_for, commune_officer_a, accepted):
    """Each settled denunciation orders one enforcement measure."""
    measures = []

    def add(n):
        for i in range(n):
            petition = accepted(kind=Kind.DENUNCIATION)
            petition = petition_settle(
                actor=commune_officer_a,
                petition_id=petition.pk,
                expected_version=petition.version,
                settled_on=dt.date(2026, 11, 16),
                decision_no=f"{i}/KL-UBND",
            )
            measures.append(
                measure_add(
                    actor=commune_officer_a,
                    petition=petition,
                    kind="recover_money",
                    description="Thu hồi tiền chi sai chế độ",
                    responsible="Phòng Tài chính huyện",
                    due_on=dt.date(2026, 12, 31),
                    ordered_amount=Decimal("12.5"),
                )
            )

    at_small, at_large = read_at_two_sizes(api_for(commune_officer_a), "/api/v1/measures/", add)

    assert_api_lists(at_small[0], SMALL)
    rows = assert_api_lists(at_large[0], LARGE)
    assert {row["id"] for row in rows} == {m.pk for m in measures}
    assert_same_query_count(at_small, at_large, cap=5)

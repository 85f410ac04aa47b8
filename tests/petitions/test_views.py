"""The petition pages as an official uses them: intake, list, filters, detail, actions, my work."""

import datetime as dt

import pytest

from petitions.choices import Kind, Status
from petitions.models import Petition, SavedFilter
from portal.models import User

pytestmark = pytest.mark.django_db


def intake_data(**overrides):
    data = {
        "kind": "complaint",
        "round": "1",
        "channel": "reception",
        "received_on": "2026-11-18",
        "field": "land_housing",
        "summary": "Khiếu nại quyết định thu hồi đất ở thôn Nà Phài",
        "content": "Gia đình không đồng ý mức bồi thường.",
        "join_case": "",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "30",
        "people-0-full_name": "Hoàng Văn Thái",
        "people-0-id_number": "006090001234",
        "people-0-address": "Thôn Nà Phài",
        "people-0-phone": "",
        "people-1-full_name": "Hoàng Thị Mai",
        "people-1-id_number": "",
        "people-1-address": "",
        "people-1-phone": "",
    }
    data.update(overrides)
    return data


def test_officer_takes_in_a_group_petition_and_lands_on_its_page(client_for, commune_officer_a):
    response = client_for(commune_officer_a).post("/petitions/new/", intake_data(), follow=True)
    petition = Petition.objects.get(summary__startswith="Khiếu nại quyết định thu hồi đất")
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/petitions/{petition.pk}/"
    assert petition.register_number in page and "Hoàng Thị Mai" in page
    assert petition.petitioners.count() == 2
    assert "Thụ lý khiếu nại: 7 ngày làm việc" in page  # the deadline and the rule behind it
    assert list(petition.assignees.all()) == [commune_officer_a]


def test_intake_errors_are_shown_next_to_the_fields(client_for, commune_officer_a):
    response = client_for(commune_officer_a).post(
        "/petitions/new/", intake_data(summary="", received_on="2027-01-01", **{"people-0-id_number": "12ab"})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày nhận đơn không thể ở tương lai." in page
    assert "Số CCCD gồm 12 chữ số" in page
    assert not Petition.objects.exists()


def test_joining_an_unknown_case_is_refused(client_for, commune_officer_a):
    page = client_for(commune_officer_a).post("/petitions/new/", intake_data(join_case="VV-NOPE")).content.decode()
    assert "Không tìm thấy vụ việc" in page


def test_a_repeat_petition_joins_the_existing_case(client_for, commune_officer_a, receive):
    first = receive(name="Hoàng Văn Thái")
    client_for(commune_officer_a).post("/petitions/new/", intake_data(join_case=first.case.code))
    second = Petition.objects.exclude(pk=first.pk).get()
    assert second.case_id == first.case_id


def test_duplicate_suggestions_appear_for_the_same_person(client_for, commune_officer_a, receive):
    earlier = receive(name="Hoàng Văn Thái", summary="Khiếu nại thu hồi đất Nà Phài")
    page = (
        client_for(commune_officer_a)
        .get("/petitions/new/duplicates/?people-0-full_name=hoang van thai&summary=thu hoi dat")
        .content.decode()
    )
    assert earlier.register_number in page and earlier.case.code in page


def test_list_filters_by_kind_status_deadline_state_and_period(client_for, commune_officer_a, receive):
    complaint = receive(received_on=dt.date(2026, 10, 1))
    recommendation = receive(kind=Kind.RECOMMENDATION, received_on=dt.date(2026, 11, 18))
    client = client_for(commune_officer_a)
    assert recommendation.register_number not in client.get("/petitions/?kind=complaint").content.decode()
    overdue = client.get("/petitions/?deadline_state=overdue").content.decode()
    assert complaint.register_number in overdue and recommendation.register_number not in overdue
    period = client.get("/petitions/?received_from=2026-11-01&received_to=2026-11-30").content.decode()
    assert recommendation.register_number in period and complaint.register_number not in period
    assert complaint.register_number in client.get("/petitions/?status=received").content.decode()


def test_list_shows_an_empty_state(client_for, commune_officer_a):
    assert "Chưa có đơn nào trong địa bàn của bạn." in client_for(commune_officer_a).get("/petitions/").content.decode()


def test_neighbour_commune_cannot_list_or_open_the_petition(client_for, commune_officer_b, receive):
    petition = receive()
    client = client_for(commune_officer_b)
    assert petition.register_number not in client.get("/petitions/").content.decode()
    assert client.get(f"/petitions/{petition.pk}/").status_code == 404
    assert client.post(f"/petitions/{petition.pk}/classify/", {}).status_code == 404


def test_district_and_province_see_the_communes_petitions(client_for, district_officer, province_leader, receive):
    petition = receive()
    for user in (district_officer, province_leader):
        assert petition.register_number in client_for(user).get("/petitions/").content.decode()


def test_saved_filter_is_kept_and_offered_again(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    client.post(
        "/petitions/filters/", {"name": "Khiếu nại quá hạn", "querystring": "kind=complaint&deadline_state=overdue"}
    )
    saved = SavedFilter.objects.get(owner=commune_officer_a)
    assert saved.querystring == "kind=complaint&deadline_state=overdue"
    assert "Khiếu nại quá hạn" in client.get("/petitions/").content.decode()


def test_actions_move_the_petition_and_report_errors(client_for, commune_officer_a, receive):
    petition = receive()
    client = client_for(commune_officer_a)
    client.post(
        f"/petitions/{petition.pk}/classify/",
        {
            "classify-version": petition.version,
            "classify-qualified": "yes",
            "classify-within_authority": "yes",
            "classify-field": "land_housing",
            "classify-complexity": "normal",
        },
    )
    petition.refresh_from_db()
    assert petition.status == Status.CLASSIFIED
    stale = client.post(
        f"/petitions/{petition.pk}/accept/",
        {"accept-version": petition.version - 1, "accept-accepted_on": "2026-11-05"},
        follow=True,
    )
    assert "tải lại trang" in stale.content.decode()
    proposed = client.post(
        f"/petitions/{petition.pk}/accept/",
        {"accept-version": petition.version, "accept-accepted_on": "2026-11-05"},
        follow=True,
    )
    assert "Đã trình lãnh đạo duyệt" in proposed.content.decode()
    from petitions.models import Proposal
    from portal.models import User

    head = client_for(User.objects.get(username="xa.lanhdao"))
    head.post(f"/petitions/proposals/{Proposal.objects.get().pk}/approve/", {"comments": ""})
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and petition.accepted_on == dt.date(2026, 11, 5)


def test_actions_not_allowed_now_are_not_offered_and_404(client_for, commune_officer_a, receive):
    petition = receive()
    client = client_for(commune_officer_a)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "/classify/" in page and "/settle/" not in page
    assert client.post(f"/petitions/{petition.pk}/settle/", {}).status_code == 404


def test_leader_reads_but_cannot_act(client_for, province_leader, receive):
    petition = receive()
    client = client_for(province_leader)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "Bước tiếp theo" not in page
    assert client.post(f"/petitions/{petition.pk}/classify/", {}).status_code == 403
    assert client.get("/petitions/new/").status_code == 403


def test_my_work_lists_what_is_due_first(client_for, commune_officer_a, receive):
    late = receive(received_on=dt.date(2026, 10, 1))
    fresh = receive(received_on=dt.date(2026, 11, 19))
    page = client_for(commune_officer_a).get("/petitions/mine/").content.decode()
    assert page.index(late.register_number) < page.index(fresh.register_number)


def test_list_and_detail_run_a_bounded_number_of_queries(
    client_for, commune_officer_a, receive, django_assert_max_num_queries
):
    for _ in range(12):
        receive()
    client = client_for(commune_officer_a)
    with django_assert_max_num_queries(15):
        assert client.get("/petitions/").status_code == 200
    petition = Petition.objects.first()
    with django_assert_max_num_queries(27):  # constant: catalog pickers and labels are one query per catalog
        assert client.get(f"/petitions/{petition.pk}/").status_code == 200


def test_who_decides_is_read_once_for_the_whole_detail_page(
    client_for, commune_officer_a, accepted, django_assert_max_num_queries
):
    """An accepted case offers several steps needing approval, each naming who will decide: one read for all."""
    petition = accepted()
    client = client_for(commune_officer_a)
    with django_assert_max_num_queries(27):
        page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert page.count("Tờ trình sẽ đến:") >= 2


def test_english_labels_exist_for_the_petition_pages(client_for, commune_officer_a, receive):
    receive()
    client = client_for(commune_officer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/petitions/").content.decode()
    assert '<html lang="en" class="no-js">' in page


def test_reception_officer_may_take_in_but_not_handle(client_for, receive):
    officer = User.objects.get(username="xa.tiepdan")
    client = client_for(officer)
    assert client.get("/petitions/new/").status_code == 200
    petition = receive()
    assert client.post(f"/petitions/{petition.pk}/classify/", {}).status_code == 403


def test_transfer_target_is_searched_without_accents_across_the_country(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/agencies/options/?q=thanh tra tinh bac kan").content.decode()
    assert "Thanh tra tỉnh Bắc Kạn" in page
    assert "Không tìm thấy" in client_for(commune_officer_a).get("/agencies/options/?q=zzzz").content.decode()


def test_transfer_picker_offers_the_province_agencies_first(client_for, commune_officer_a, receive):
    from petitions.services import petition_classify

    petition = receive(kind=Kind.RECOMMENDATION)
    petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=False,
    )
    page = client_for(commune_officer_a).get(f"/petitions/{petition.pk}/").content.decode()
    assert "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn" in page and 'hx-get="/agencies/options/"' in page


def test_leader_filters_by_a_district_of_the_province(client_for, province_leader, receive):
    from portal.models import AdministrativeUnit

    petition = receive()
    ba_be = AdministrativeUnit.objects.get(generation="legacy", level="district", code="061")
    na_ri = AdministrativeUnit.objects.get(generation="legacy", level="district", code="066")
    client = client_for(province_leader)
    page = client.get("/petitions/").content.decode()
    assert f'<option value="{ba_be.pk}">— Huyện Ba Bể</option>' in page
    assert petition.register_number in client.get(f"/petitions/?unit={ba_be.pk}").content.decode()
    assert petition.register_number not in client.get(f"/petitions/?unit={na_ri.pk}").content.decode()


def test_upload_page_imports_a_register_and_reports_bad_rows(
    client_for, commune_officer_a, django_capture_on_commit_callbacks, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path  # the uploaded register waits there for its background job
    header = "register_number,kind,unit_generation,unit_code,received_on,channel,petitioner_name,content\n"
    good = header + "BK-2024-000001,recommendation,legacy,01933,2024-03-04,mail,Hà Văn An,Kiến nghị làm đường\n"
    bad = header + "BK-2024-000002,rumour,legacy,01933,2024-03-04,mail,Hà Văn An,x\n"
    client = client_for(commune_officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/petitions/import/", {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    page = client.get(response["Location"]).content.decode()  # the job's page, once the job has run
    assert "Tệp có lỗi" in page and "kind" in page
    assert not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/petitions/import/", {"file": SimpleUploadedFile("good.csv", good.encode())})
    assert Petition.objects.filter(register_number="BK-2024-000001").exists()
    assert "Đã nhập 1 đơn" in client.get(response["Location"]).content.decode()
    template = client.get("/petitions/import/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_petitioners_ethnicity_is_recorded_and_filters_the_list(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    client.post("/petitions/new/", intake_data(**{"people-0-ethnicity": "02", "people-1-ethnicity": "02"}), follow=True)
    petition = Petition.objects.get()
    assert set(petition.petitioners.values_list("ethnicity", flat=True)) == {"02"}  # Tày
    assert petition.register_number in client.get("/petitions/?ethnic_minority=on").content.decode()
    client.post(
        "/petitions/new/",
        intake_data(summary="Đơn người Kinh", **{"people-0-ethnicity": "01", "people-1-full_name": ""}),
        follow=True,
    )
    kinh = Petition.objects.get(summary="Đơn người Kinh")
    assert kinh.register_number not in client.get("/petitions/?ethnic_minority=on").content.decode()

"""The "Theo dõi cảnh báo" pages: Vietnamese, scoped, thin over the services, a bounded number of queries."""

import pytest
from django.urls import reverse

from alerts.choices import ConditionKind
from alerts.models import Follow
from alerts.services import alerts_check, follow_unit
from portal.models import AdministrativeUnit
from tests.alerts.conftest import TODAY, petitions
from tests.query_counts import assert_same_query_count, read_at_two_sizes

pytestmark = pytest.mark.django_db

OVERDUE = ConditionKind.OVERDUE_ABOVE
LIST = "/alerts/"
NEW = "/alerts/new/"


def test_the_routes_are_where_the_pages_link():
    assert (reverse("alerts:list"), reverse("alerts:create")) == (LIST, NEW)


def test_an_empty_list_says_so_and_offers_to_follow(client_for, commune_leader):
    page = client_for(commune_leader).get(LIST).content.decode()

    assert "Theo dõi cảnh báo" in page and "Đồng chí chưa theo dõi đơn vị nào." in page
    assert f'href="{NEW}"' in page


def test_the_menu_shows_the_section_to_leaders_only(client_for, commune_leader, commune_officer_a, client):
    assert f'href="{LIST}"' in client_for(commune_leader).get("/").content.decode()
    client.force_login(commune_officer_a)
    assert f'href="{LIST}"' not in client.get("/").content.decode()


def test_an_official_without_the_permission_gets_403(client_for, commune_officer_a):
    client = client_for(commune_officer_a)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403


def test_a_leader_follows_a_unit_through_the_form(client_for, district_leader, dong_phuc):
    client = client_for(district_leader)
    form = client.get(NEW).content.decode()
    assert "Đơn vị theo dõi" in form and "Ngưỡng N (số vụ việc quá hạn)" in form
    assert f"— — {dong_phuc.name}" in form  # the district's communes, indented under it

    response = client.post(
        NEW,
        {
            "unit": dong_phuc.pk,
            f"watch_{OVERDUE}": "on",
            "threshold": "4",
            f"watch_{ConditionKind.REFORM_OVERDUE}": "on",
            "weekly_digest": "on",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == LIST
    page = response.content.decode()
    assert f"Đã theo dõi {dong_phuc.name}." in page and "Chưa kiểm tra" in page
    follow = Follow.objects.get(official=district_leader, unit=dong_phuc)
    assert {(c.kind, c.threshold) for c in follow.conditions.all()} == {
        (OVERDUE, 4),
        (ConditionKind.REFORM_OVERDUE, None),
    }


def test_the_form_explains_what_is_missing(client_for, commune_leader, dong_phuc):
    client = client_for(commune_leader)
    no_threshold = client.post(NEW, {"unit": dong_phuc.pk, f"watch_{OVERDUE}": "on"}).content.decode()
    assert "Hãy nhập ngưỡng N khi chọn cảnh báo số vụ việc quá hạn." in no_threshold
    nothing = client.post(NEW, {"unit": dong_phuc.pk}).content.decode()
    assert "Hãy chọn ít nhất một điều kiện cảnh báo hoặc nhận bản tin hằng tuần." in nothing
    no_unit = client.post(NEW, {"weekly_digest": "on"}).content.decode()
    assert "Hãy chọn đơn vị cần theo dõi." in no_unit
    negative = client.post(NEW, {"unit": dong_phuc.pk, f"watch_{OVERDUE}": "on", "threshold": "-2"})
    assert "Ngưỡng không được âm." in negative.content.decode()
    assert not Follow.objects.filter(official=commune_leader).exists()


def test_a_unit_outside_the_scope_is_neither_offered_nor_accepted(client_for, commune_leader, hoang_tri):
    client = client_for(commune_leader)
    assert hoang_tri.name not in client.get(NEW).content.decode()

    page = client.post(NEW, {"unit": hoang_tri.pk, "weekly_digest": "on"}).content.decode()

    assert "Đơn vị này không thuộc phạm vi của đồng chí, hoặc đã được theo dõi." in page
    assert not Follow.objects.filter(official=commune_leader).exists()


def test_the_follow_link_of_a_dashboard_preselects_the_unit_or_opens_its_follow(
    client_for, district_leader, dong_phuc, hoang_tri
):
    client = client_for(district_leader)
    page = client.get(f"{NEW}?unit={dong_phuc.pk}").content.decode()
    assert f'<option value="{dong_phuc.pk}" selected>' in page

    follow_unit(actor=district_leader, unit=dong_phuc, conditions={OVERDUE: 1})
    response = client.get(f"{NEW}?unit={dong_phuc.pk}")
    assert response.status_code == 302 and response.url == f"/alerts/units/{dong_phuc.pk}/"


def test_the_list_shows_each_conditions_state_with_its_figures_and_links(
    client_for, commune_leader, dong_phuc, quiet, snapshot
):
    quiet(dong_phuc)
    snapshot("petitions", dong_phuc, **petitions(rate=70.0, settled=7, must_settle=10, overdue=1))
    follow_unit(
        actor=commune_leader,
        unit=dong_phuc,
        conditions={ConditionKind.RESOLUTION_BELOW_TARGET: None, OVERDUE: 3},
    )
    alerts_check(today=TODAY)

    page = client_for(commune_leader).get(LIST).content.decode()

    assert "Đang cảnh báo" in page and "Bình thường" in page
    assert "Tỷ lệ giải quyết 70,00% (7/10 vụ việc), chỉ tiêu 85%" in page
    assert "1 vụ việc quá hạn chưa giải quyết (ngưỡng 3)" in page and "(N = 3)" in page
    assert f'href="/dashboard/{dong_phuc.pk}/"' in page
    assert "metric=overdue_open" in page


def test_editing_a_follow_changes_its_conditions(client_for, commune_leader, dong_phuc):
    follow = follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 3})
    client = client_for(commune_leader)
    url = reverse("alerts:update", args=[dong_phuc.pk])
    page = client.get(url).content.decode()
    assert f"Điều kiện cảnh báo của {dong_phuc.name}" in page and 'value="3"' in page

    response = client.post(url, {f"watch_{ConditionKind.RECEPTION_BELOW_MINIMUM}": "on"})

    assert response.status_code == 302
    assert [c.kind for c in follow.conditions.all()] == [ConditionKind.RECEPTION_BELOW_MINIMUM]
    follow.refresh_from_db()
    assert not follow.weekly_digest


def test_unfollowing_is_a_post(client_for, commune_leader, dong_phuc):
    follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 3})
    client = client_for(commune_leader)
    url = reverse("alerts:delete", args=[dong_phuc.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)

    assert f"Đã thôi theo dõi {dong_phuc.name}." in response.content.decode()
    assert not Follow.objects.filter(official=commune_leader).exists()


def test_another_unit_or_another_officials_follow_is_a_404(client_for, commune_leader, district_leader, dong_phuc):
    follow_unit(actor=district_leader, unit=dong_phuc, conditions={OVERDUE: 3})
    client = client_for(commune_leader)  # she has not followed her commune herself
    assert client.get(reverse("alerts:update", args=[dong_phuc.pk])).status_code == 404
    assert client.post(reverse("alerts:delete", args=[dong_phuc.pk])).status_code == 404
    assert Follow.objects.filter(official=district_leader).exists()


def test_the_follow_list_runs_the_same_queries_for_2_or_12_follows(client_for, province_leader):
    communes = list(
        AdministrativeUnit.objects.filter(path__startswith=province_leader.agency.unit.path, level="commune").order_by(
            "path"
        )[:12]
    )
    added = []

    def add_follows(n):
        for unit in communes[len(added) : len(added) + n]:
            follow_unit(
                actor=province_leader,
                unit=unit,
                conditions={OVERDUE: 2, ConditionKind.RESOLUTION_BELOW_TARGET: None},
            )
            added.append(unit)

    at_small, at_large = read_at_two_sizes(client_for(province_leader), LIST, add_follows)

    assert_same_query_count(at_small, at_large, cap=12)
    assert all(unit.name in at_large[0].content.decode() for unit in communes)


def test_the_follow_list_is_bounded_in_queries(client_for, province_leader, django_assert_max_num_queries):
    units = AdministrativeUnit.objects.filter(path__startswith=province_leader.agency.unit.path).order_by("path")
    for unit in units[:30]:
        follow_unit(actor=province_leader, unit=unit, conditions={OVERDUE: 2})
    client = client_for(province_leader)
    client.get(LIST)

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert "Trang 1 / 2" in response.content.decode()  # 20 a page
    assert client.get(f"{LIST}?page=2").status_code == 200


@pytest.mark.parametrize("url", [LIST, NEW])
def test_the_pages_show_no_english(client_for, commune_leader, dong_phuc, url):
    from tests.portal.test_vietnamese_pages import english_on

    follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 3})
    client = client_for(commune_leader)
    pages = [client.get(url), client.get(reverse("alerts:update", args=[dong_phuc.pk])), client.post(NEW, {})]
    for response in pages:
        assert response.status_code == 200
        assert not english_on(response.content.decode())


def test_a_leaders_dashboard_offers_to_follow_its_unit(client_for, commune_leader, commune_officer_a, dong_phuc):
    link = f'href="/alerts/new/?unit={dong_phuc.pk}"'
    assert link in client_for(commune_leader).get(f"/dashboard/{dong_phuc.pk}/").content.decode()
    assert link not in client_for(commune_officer_a).get("/dashboard/").content.decode()  # no permission to follow

"""The queue (and the menu's count) finds in SQL exactly the proposals each official may decide one by one.

`Authority.decider` answers for one petition (the decision check, the "who will decide" line, the
notification); `deciding_q` answers for a list. Here both are asked about every official and every
proposal, in arrangements where the decision stays home, falls back, or passes over someone who
cannot see the petition.
"""

import datetime as dt

import pytest

from petitions.authority import may_decide
from petitions.models import ApprovalDelegate, Petition, Proposal
from petitions.services.approvals import approval_queue, proposals_to_decide
from portal.models import AdministrativeUnit, Agency, User

pytestmark = pytest.mark.django_db

STEPS = ["accept", "process", "settle"]

# (handling agency, the petition's unit)
PLACES = [
    ("Ủy ban nhân dân Xã Đồng Phúc", "Xã Đồng Phúc"),  # a head at home
    ("Thanh tra Huyện Ba Bể", "Huyện Ba Bể"),  # headless: the district's chair
    ("Thanh tra Huyện Ba Bể", "Xã Hoàng Trĩ"),
    ("Thanh tra Huyện Na Rì", "Xã Đồng Phúc"),  # Na Rì's chair cannot see Ba Bể: the province's
    ("Ủy ban nhân dân Xã Mai Lạp", "Xã Mai Lạp"),  # headless commune and district: the province's
    ("Ủy ban nhân dân Xã Hoàng Trĩ", "Xã Đồng Phúc"),  # the head cannot see the petition's commune
]


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def unit(name: str) -> AdministrativeUnit:
    """The unit of that name, found through its People's Committee ("Xã Đồng Phúc")."""
    return agency(f"Ủy ban nhân dân {name}").unit


def user(username: str) -> User:
    return User.objects.get(username=username)


def designate(agency_name: str, username: str, steps: list[str]) -> None:
    ApprovalDelegate.objects.create(agency=agency(agency_name), user=user(username), steps=steps)


def seeded() -> None:
    """Deputies for some steps here and there, and a chair for Na Rì."""
    designate("Thanh tra Huyện Ba Bể", "huyen.thanhtra", ["process"])
    designate("Ủy ban nhân dân Xã Đồng Phúc", "xa.thanhtra", ["accept"])
    designate("Ủy ban nhân dân Huyện Ba Bể", "huyen.tiepdan", [])
    chair = User.objects.create_user(
        username="nari.lanhdao",
        full_name="Lường Văn Na",
        position="Chủ tịch",
        agency=agency("Ủy ban nhân dân Huyện Na Rì"),
    )
    Agency.objects.filter(name="Ủy ban nhân dân Huyện Na Rì").update(head=chair)


def district_chair_gone() -> None:
    seeded()
    Agency.objects.filter(name="Ủy ban nhân dân Huyện Ba Bể").update(head=None)


def district_chair_retired() -> None:
    seeded()
    User.objects.filter(username="huyen.lanhdao").update(is_active=False)


def province_chair_gone() -> None:
    seeded()
    Agency.objects.filter(name="Ủy ban nhân dân tỉnh Bắc Kạn").update(head=None)


def a_second_committee_in_the_district() -> None:
    """A newer committee in Ba Bể with its own head: the older one is still the one asked."""
    seeded()
    district = agency("Ủy ban nhân dân Huyện Ba Bể")
    newer = Agency.objects.create(name="Ủy ban nhân dân Huyện Ba Bể (mới)", kind=district.kind, unit=district.unit)
    User.objects.filter(username="huyen.cchc").update(agency=newer)
    Agency.objects.filter(pk=newer.pk).update(head=user("huyen.cchc"))
    Agency.objects.filter(pk=district.pk).update(head=None)


def a_deputy_who_cannot_see_the_district() -> None:
    """A deputy of the district inspectorate whose scope is one commune (typed in by hand long ago)."""
    seeded()
    designate("Thanh tra Huyện Ba Bể", "xa2.xulydon", [])
    designate("Ủy ban nhân dân Huyện Ba Bể", "xa.lanhdao", ["settle"])


ARRANGEMENTS = [
    seeded,
    district_chair_gone,
    district_chair_retired,
    province_chair_gone,
    a_second_committee_in_the_district,
    a_deputy_who_cannot_see_the_district,
]


@pytest.mark.parametrize("arrange", ARRANGEMENTS, ids=lambda f: f.__name__)
def test_the_queue_holds_exactly_what_each_official_may_decide(arrange, receive, commune_officer_a):
    for handling, place in PLACES:
        petition = receive()
        Petition.objects.filter(pk=petition.pk).update(handling_agency=agency(handling), unit=unit(place))
        for step in STEPS:
            Proposal.objects.create(petition=petition, step=step, data={}, submitted_by=commune_officer_a)
    arrange()
    proposals = list(
        Proposal.objects.select_related("petition__unit", "petition__handling_agency__unit").order_by("pk")
    )
    petitions = {p.petition_id: p.petition for p in proposals}
    for proposal in proposals:
        proposal.petition = petitions[proposal.petition_id]  # one authority read per petition
    officials = User.objects.filter(is_active=True, agency__isnull=False).select_related("agency__unit")
    deciders = 0
    for official in officials:
        expected = {p.pk for p in proposals if may_decide(official, p.petition, p.step)}
        assert {p.pk for p in approval_queue(official)} == expected, official.username
        assert proposals_to_decide(official).count() == len(expected), official.username
        deciders += bool(expected)
    assert deciders >= 3  # the arrangement really gives several officials something to decide
    # Every proposal reaches somebody, unless nobody at all may decide it.
    assert any(may_decide(o, p.petition, p.step) for p in proposals for o in officials)


def test_every_place_has_a_decider_as_seeded(receive, commune_officer_a):
    """The places above, as seeded: each proposal has exactly the expected deciding agency."""
    seeded()
    from petitions.authority import decider_of

    expected = {
        ("Ủy ban nhân dân Xã Đồng Phúc", "Xã Đồng Phúc"): "Ủy ban nhân dân Xã Đồng Phúc",
        ("Thanh tra Huyện Ba Bể", "Huyện Ba Bể"): "Ủy ban nhân dân Huyện Ba Bể",
        ("Thanh tra Huyện Na Rì", "Xã Đồng Phúc"): "Ủy ban nhân dân tỉnh Bắc Kạn",
        ("Ủy ban nhân dân Xã Mai Lạp", "Xã Mai Lạp"): "Ủy ban nhân dân tỉnh Bắc Kạn",
        ("Ủy ban nhân dân Xã Hoàng Trĩ", "Xã Đồng Phúc"): "Ủy ban nhân dân Huyện Ba Bể",
    }
    for (handling, place), deciding in expected.items():
        petition = receive(received_on=dt.date(2026, 11, 2))
        Petition.objects.filter(pk=petition.pk).update(handling_agency=agency(handling), unit=unit(place))
        petition = Petition.objects.select_related("unit", "handling_agency__unit").get(pk=petition.pk)
        assert decider_of(petition, "accept").agency.name == deciding, (handling, place)

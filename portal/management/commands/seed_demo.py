import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.choices import Level
from portal.demo import CURRENT_LEVEL_PREFIX, CURRENT_PROVINCE_CODE, seed_organisation, seed_organisation_current


class Command(BaseCommand):
    help = (
        "Create the demo province (Bắc Kạn on the pre-2025 map, and from 1 Jul 2025 Tỉnh Thái Nguyên, which "
        "took it over), its agencies, one account per role and level, and its petitions, reception "
        "register and “Dân vận khéo” models from 2022 up to today."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="Random seed (same seed and day, same data).")
        parser.add_argument("--as-of", help="The demo's today, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--snapshots",
            action="store_true",
            help="Also compute the dashboard figures the demo opens on (the province and its districts, every "
            "year; the 2025 province since 2025).",
        )

    def handle(self, *args, seed: int, as_of: str | None = None, snapshots: bool = False, **options):
        try:
            today = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--as-of must be YYYY-MM-DD: {as_of!r}") from error
        password = settings.DEMO_PASSWORD
        legacy_accounts = seed_organisation(seed=seed, password=password)
        current_accounts = seed_organisation_current(seed=seed, password=password)
        # Each app's demo data: created once, skipped when already there.
        from models_registry.demo import seed_models
        from petitions.demo import seed_petitions
        from petitions.models import DeadlineRule
        from petitions.rule_defaults import load_default_rules
        from reception.demo import seed_reception
        from reform.demo import seed_reform
        from support.demo import seed_support
        from transparency.demo import seed_published_decisions

        load_default_rules(DeadlineRule)
        petitions = seed_petitions(seed=seed, as_of=today, current_map=True)
        sessions = seed_reception(seed=seed, as_of=today, current_map=True)
        models = seed_models(seed=seed, as_of=today, current_map=True)
        reform = seed_reform(seed=seed, as_of=today, current_map=True)
        support = seed_support(seed=seed, as_of=today)
        decisions = seed_published_decisions(as_of=today)
        self.stdout.write(
            f"Demo records created now: {petitions} petitions, {sessions} reception sessions, "
            f"{models} mass mobilisation models, {reform} administrative reform tasks, "
            f"{support} support activities in region III communes, {decisions} published complaint decisions."
        )
        fresh = _fresh_work_at_the_demo_commune(today)
        if fresh:
            self.stdout.write(f"Petitions received at Xã Đồng Phúc (2025) in the last days: {fresh}.")
        assigned = _assign_open_work([a.username for a in current_accounts + legacy_accounts])
        if assigned:
            self.stdout.write(f"Open petitions given to the demo's handlers: {assigned}.")
        if snapshots:
            self.stdout.write(f"Dashboard figures computed now: {_demo_snapshots(today)}.")
        self.stdout.write(self.style.SUCCESS(f"Demo province ready. Accounts (password: {password}):"))
        width = max(len(a.username) for a in current_accounts + legacy_accounts)
        prefixes = ", ".join(f"{prefix}.*" for prefix in CURRENT_LEVEL_PREFIX.values())
        self.stdout.write(f"{prefixes}: the two-level map since 1/7/2025 (Tỉnh Thái Nguyên and Xã Đồng Phúc, 2025).")
        for account in current_accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.role.label}  ·  {account.agency}")
        self.stdout.write(
            "tinh.*, huyen.*, xa.*, xa2.*: the province as it was before (Bắc Kạn, three-level map, until 30/6/2025)."
        )
        for account in legacy_accounts:
            self.stdout.write(f"  {account.username:<{width}}  {account.role.label}  ·  {account.agency}")
        self.stdout.write(f"  {'admin':<{width}}  superuser (Django admin at /admin/)")


OPEN_WORK_PER_HANDLER = 40
# What reached the demo commune's desk this week, when the register left it nothing open (a quiet month).
FRESH_WORK = [
    (2, "reflection", "online", "Phản ánh đèn đường thôn Nà Phiêng hỏng nhiều ngày", "Lục Văn Thắng"),
    (5, "recommendation", "reception", "Kiến nghị sửa đoạn đường vào điểm trường Khuổi Luông", "Đàm Thị Hoa"),
    (9, "complaint", "mail", "Khiếu nại việc xác định ranh giới thửa đất giáp nhà văn hóa thôn", "Hà Văn Đông"),
]


def _fresh_work_at_the_demo_commune(today: dt.date) -> int:
    """A few petitions received in the last days at the 2025 Xã Đồng Phúc, through the intake service, when it
    has nothing open: its officials' first screen shows work in progress whatever the register's draw."""
    from petitions.models import Petition
    from petitions.services import PetitionerData, petition_receive
    from portal.models import User

    handler = User.objects.filter(username=f"{CURRENT_LEVEL_PREFIX[Level.COMMUNE]}.xulydon").first()
    if handler is None or Petition.objects.open().filter(unit=handler.agency.unit).exists():
        return 0
    for days_ago, kind, channel, summary, name in FRESH_WORK:
        petition_receive(
            actor=None,
            receiving_agency=handler.agency,
            kind=kind,
            channel=channel,
            received_on=today - dt.timedelta(days=days_ago),
            summary=summary,
            petitioners=[PetitionerData(name, address=f"{handler.agency.unit.name}")],
            assignees=[handler],
        )
    return len(FRESH_WORK)


def _assign_open_work(usernames: list[str]) -> int:
    """Give each demo petition handler the open petitions of his unit that nobody handles yet (a register
    import assigns nobody), so that his first screen shows his work; the ones already given stay his."""
    from petitions.models import Petition
    from portal.choices import Role
    from portal.models import User

    handlers = User.objects.filter(username__in=usernames, groups__name=Role.PETITION_HANDLER.value)
    through = Petition.assignees.through
    given = 0
    for handler in handlers.select_related("agency"):
        open_ids = list(
            Petition.objects.open()
            .filter(handling_agency__unit_id=handler.agency.unit_id, assignees__isnull=True)
            .order_by("deadline", "pk")
            .values_list("pk", flat=True)[:OPEN_WORK_PER_HANDLER]
        )
        through.objects.bulk_create([through(petition_id=pk, user_id=handler.pk) for pk in open_ids])
        given += len(open_ids)
    return given


def _demo_snapshots(today: dt.date, province_code: str = "06") -> int:
    """The snapshots the demo's leaders open first, where missing: every year of the demo and its
    months (the trend), for the province and its districts, and from 2025 for the province that took
    it over. Communes are small enough to compute on their first view; everything else the nightly
    job keeps."""
    from portal.choices import Generation, Level
    from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
    from portal.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=province_code)
    units = [province, *AdministrativeUnit.objects.filter(parent=province, level=Level.DISTRICT).order_by("path")]
    count = _snapshots(units, _periods(2022, today))
    current = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )
    since = [p for p in _periods(TWO_LEVEL_GOVERNMENT_FROM.year, today) if p.end >= TWO_LEVEL_GOVERNMENT_FROM]
    return count + _snapshots([current], since)


def _periods(first_year: int, today: dt.date) -> list:
    """Each year from `first_year` to today's and its months, those begun by today."""
    from reports.periods import parse_period

    periods = [
        parse_period(period=key)
        for year in range(first_year, today.year + 1)
        for key in [str(year), *(f"{year}-{m:02d}" for m in range(1, 13))]
    ]
    return [p for p in periods if p.start <= today]


def _snapshots(units: list, periods: list) -> int:
    """Compute every report family's snapshot of these units and periods that is not stored yet."""
    from reports import registry
    from reports.models import ReportSnapshot
    from reports.services import report_refresh

    stored = set(
        ReportSnapshot.objects.filter(unit__in=units, params="").values_list("kind", "unit_id", "start", "end")
    )
    count = 0
    for unit in units:
        for period in periods:
            for family in registry.families():
                if (family.key, unit.pk, period.start, period.end) not in stored:
                    report_refresh(kind=family.key, unit=unit, period=period)
                    count += 1
    return count

"""Sockets through which the apps built on the foundation plug into it.

The foundation (the `portal` app: units, agencies, officials, roles, scoping, audit, catalogs,
calendar) imports none of the apps above it (tests/portal/test_import_direction.py checks it).
Where it must let them act, it calls what they registered here from their `AppConfig.ready()`:

- `on_record_changed(listener)`: `portal.changes.record_changes` passes every write's
  (unit id, day) pairs on, e.g. to the reports app, which refreshes its snapshots;
- `on_calendar_changed(listener)`: the admin's work-calendar pages call it after a change;
- `on_remote_area_changed(listener)`: a unit's remote-area flag changed (portal.unit_status), e.g.
  the petitions app moves its open petitions' deadlines;
- `on_case_authority(check)`: whether an official decides on cases besides heading an agency
  (e.g. a designated deputy); the admin guards such officials' passwords;
- `on_approver_gaps(finder)`: which agencies have nobody of their own to decide some step of an
  app (deputies are designated per step); the admin lists them for appointment;
- `add_home_panel(panel)`: a card on the home page;
- `add_nav_item(item)`: a section in the top navigation.
- `add_record_links(kind, links)`: links another app offers on a record's page (e.g. "publish this case's
  decision" on a petition's page), `links(user, record)` giving (label, url) pairs.
- `add_readiness_check(name, check)`: a part of /readyz/, `check()` giving a dict with "ok" (e.g. the reports
  app's last snapshot and last nightly job).

Audit verbs' labels have their own socket, `portal.audit_labels.register`.
With no app installed every list is empty, and the foundation works alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from portal.models import AdministrativeUnit, Agency, User

# (unit id, day): "figures of this unit around this day may have moved"; or (unit id, since, until):
# "a record of this unit changed how it stood over these days", which moves the periods overlapping them.
Change = tuple[int, dt.date] | tuple[int, dt.date, dt.date]

_change_listeners: list[Callable[[set[Change]], None]] = []
_calendar_listeners: list[Callable[[], None]] = []
_remote_area_listeners: list[Callable[..., None]] = []
_case_authority: list[Callable[[User], bool]] = []
_approver_gaps: list[Callable[[QuerySet[Agency]], Iterable[int]]] = []
_home_panels: list[HomePanel] = []
_nav_items: list[NavItem] = []
_record_links: dict[str, list[Callable[[User, object], Iterable[tuple[str, str]]]]] = {}
_readiness_checks: dict[str, Callable[[], dict]] = {}


@dataclass(frozen=True)
class HomePanel:
    """A card on the home page: `template` is included with `panel` set to what `context(user)` returns,
    and the card is left out when that is empty."""

    template: str
    context: Callable[[User], dict | None]


@dataclass(frozen=True)
class NavItem:
    """A section of the top navigation, shown to the officials for whom `visible(user)` holds."""

    label: str
    url_name: str
    active: str  # the prefix of the view names that mark it as the current section, e.g. "petitions:"
    visible: Callable[[User], bool]
    order: int = 50  # between Home and the foundation's own sections; lower comes first
    count: Callable[[User], int] | None = None  # a number shown beside the label (e.g. proposals waiting)


def _add(registry: list, item):
    if item not in registry:  # ready() may run more than once (tests, management commands)
        registry.append(item)
    return item


def on_record_changed(listener: Callable[[set[Change]], None]) -> Callable[[set[Change]], None]:
    return _add(_change_listeners, listener)


def on_calendar_changed(listener: Callable[[], None]) -> Callable[[], None]:
    return _add(_calendar_listeners, listener)


def on_remote_area_changed(listener: Callable[..., None]) -> Callable[..., None]:
    """`listener(unit, actor=...)` runs inside the transaction that changed the unit's flag."""
    return _add(_remote_area_listeners, listener)


def on_case_authority(check: Callable[[User], bool]) -> Callable[[User], bool]:
    return _add(_case_authority, check)


def on_approver_gaps(finder: Callable[[QuerySet[Agency]], Iterable[int]]) -> Callable:
    return _add(_approver_gaps, finder)


def add_home_panel(panel: HomePanel) -> HomePanel:
    return _add(_home_panels, panel)


def add_nav_item(item: NavItem) -> NavItem:
    return _add(_nav_items, item)


def add_record_links(kind: str, links: Callable[[User, object], Iterable[tuple[str, str]]]) -> Callable:
    """`kind` names the page, e.g. "petitions.petition"; `links(user, record)` runs once per page view."""
    return _add(_record_links.setdefault(kind, []), links)


def add_readiness_check(name: str, check: Callable[[], dict]) -> Callable[[], dict]:
    _readiness_checks[name] = check
    return check


def records_changed(changes: set[Change]) -> None:
    for listener in _change_listeners:
        listener(changes)


def calendar_changed() -> None:
    for listener in _calendar_listeners:
        listener()


def remote_area_changed(unit: AdministrativeUnit, *, actor: User | None = None) -> None:
    for listener in _remote_area_listeners:
        listener(unit, actor=actor)


def has_case_authority(official: User) -> bool:
    """Whether an app gives this official a say over cases (and so over denouncers' identities)."""
    return any(check(official) for check in _case_authority)


def approver_gaps(agencies: QuerySet[Agency]) -> set[int] | None:
    """Ids of the agencies (among these) that an app finds with nobody to decide one of its steps;
    None when no app decides on anything, and the agency's head is the only approver there is."""
    if not _approver_gaps:
        return None
    return {pk for finder in _approver_gaps for pk in finder(agencies)}


def home_panels(user: User) -> list[dict]:
    """The home page's cards for this user, in the order the apps registered them."""
    panels = []
    for panel in _home_panels:
        context = panel.context(user)
        if context:
            panels.append({"template": panel.template, **context})
    return panels


def nav_items(user: User) -> list[NavItem]:
    """The apps' sections this user may open, in their order."""
    return sorted((item for item in _nav_items if item.visible(user)), key=lambda item: item.order)


def record_links(kind: str, user: User, record) -> list[tuple[str, str]]:
    """The (label, url) links the apps offer this user on this record's page."""
    return [link for links in _record_links.get(kind, []) for link in links(user, record)]


def readiness() -> dict[str, dict]:
    """Each registered part of /readyz/: what it found, with "ok"; a check that fails says why, not 500."""
    found = {}
    for name, check in _readiness_checks.items():
        try:
            found[name] = check()
        except Exception as error:  # noqa: BLE001 (readiness reports every fault as a fact)
            found[name] = {"ok": False, "error": type(error).__name__}
    return found

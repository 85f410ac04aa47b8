"""The permission matrix: every route × every role × how the official's unit stands to the record's, against the
one declared table in tests/portal/permission_matrix.py.

The records are Xã Đồng Phúc's (the `dong_phuc` fixture of test_route_access: one row of every scoped kind). The
officials are the demo's, one per role: of Đồng Phúc itself (own), of Xã Hoàng Trĩ (neighbour), of Huyện Ba Bể
(parent); the child relation is a Đồng Phúc official asking for Huyện Ba Bể where a route is named by a unit.
Anonymous stands for a citizen: it opens the public pages and is sent to sign in everywhere else.

Every request runs in a savepoint that is rolled back, so that an allowed action (a POST that submits, confirms,
deletes) leaves the records as they were for the next cell. Regenerate the table after a deliberate change with
`MATRIX_WRITE=1 pytest tests/portal/test_permission_matrix.py` and read its diff: each changed letter is a change
of who may do what.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from portal.access import PUBLIC, SCOPED
from portal.models import AdministrativeUnit, User
from tests.petitions.conftest import accepted, commune_head, frozen_today, receive  # noqa: F401 (fixtures)
from tests.portal.permission_matrix import LEGEND, MATRIX, ROLE_ORDER
from tests.portal.test_route_access import DONG_PHUC_PARAMETERS, OURS, Route, dong_phuc, url_of  # noqa: F401

RELATIONS = {"own": "xa", "neighbour": "xa2", "parent": "huyen"}
NOT_APPLICABLE = "." * len(ROLE_ORDER)
UNIT_PARAMETERS = {"unit_id"}  # a route named by a unit, where a commune official can ask for its district
UNIT_ROUTES = {"support:commune": "pk"}
SIGNS_OUT = {"logout"}  # asked with a client of its own: it ends the session the other cells share


class _Rollback(Exception):
    pass


REFUSALS = []  # NotPermitted raised by a service while a POST ran (a page shows it as a message and goes back)


@pytest.fixture
def refusals_counted(monkeypatch):
    from portal.services import NotPermitted

    original = NotPermitted.__init__

    def counted(self, *args, **kwargs):
        REFUSALS.append(type(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(NotPermitted, "__init__", counted)
    yield
    REFUSALS.clear()


def _method(route: Route) -> str:
    actions = getattr(route.callback, "actions", None)
    if actions:
        return "get" if "get" in actions else sorted(actions)[0]
    return "get"


def _outcome(response, anonymous: bool) -> str:
    status = response.status_code
    assert status < 500, status
    login = reverse("login")
    if anonymous and (status in (401, 403) or (status == 302 and response.url.startswith(login))):
        return "l"
    if status == 302 and response.url.startswith(login):
        return "l"
    if status == 403:
        return "3"
    if status == 404:
        return "4"
    if status == 405:
        return "5"
    return "o"  # answered: a page, a file, a redirect onwards, a form's or the API's validation errors


def _ask(client, route: Route, url: str, anonymous: bool) -> str:
    """One cell: GET, or for a route that only takes POST (the buttons) an empty POST, rolled back."""
    outcome = "5"
    try:
        with transaction.atomic():
            method = _method(route)
            if method == "get":
                outcome = _outcome(client.get(url), anonymous)
            if outcome == "5":
                method = "post" if method == "get" else method
                REFUSALS.clear()
                outcome = _outcome(getattr(client, method)(url, {}), anonymous)
                if outcome == "o" and REFUSALS:
                    outcome = "m"
            raise _Rollback
    except _Rollback:
        pass
    return outcome


# What the path parameters of the routes that are not scoped name: Đồng Phúc's unit, agency, published decision;
# an own row (an import job, an export) of nobody asked here, so every official is told 404 (tested where they
# are made: tests/petitions/test_import*.py, tests/reports/test_exports*.py).
OTHER_PARAMETERS = {
    "unit-detail": {"pk": "unit"},
    "api:unit-detail": {"pk": "unit"},
    "agency-detail": {"pk": "agency"},
    "api:agency-detail": {"pk": "agency"},
    "public-unit": {"unit_id": "unit"},
    "public-province": {"unit_id": "province"},
    "public-reception-agency": {"agency_id": "agency"},
    "transparency:public-detail": {"pk": "published_decision"},
    "api:public-decision-detail": {"pk": "published_decision"},
    "models_registry:showcase-detail": {"pk": "registry_model"},
    "models_registry:showcase-photo": {"pk": "registry_model", "document_id": "registry_document"},
    "api:public-petition": {"register_number": "petition"},
}


def _values(route: Route, records: dict, unit=None) -> dict:
    if route.name in OTHER_PARAMETERS:
        table = OTHER_PARAMETERS[route.name]
        values = {k: getattr(records[table[k]], "register_number", None) or records[table[k]].pk for k in table}
    elif route.access != SCOPED:
        values = dict.fromkeys(route.kwargs, 1)
    elif route.is_api:
        model = route.callback.cls.queryset.model
        values = {"pk": model.objects.visible_to(records["official"]).values_list("pk", flat=True).first()}
    else:
        namespace = route.namespaces[0] if route.namespaces else ""
        table = DONG_PHUC_PARAMETERS.get(route.name) or DONG_PHUC_PARAMETERS.get(namespace, {})
        values = {k: records[table[k]].pk if table[k] in records else table[k] for k in route.kwargs}
    if unit is not None:
        values |= {k: unit.pk for k in route.kwargs if k in UNIT_PARAMETERS or UNIT_ROUTES.get(route.name) == k}
    return values


def _is_named_by_unit(route: Route) -> bool:
    return bool(UNIT_PARAMETERS & set(route.kwargs)) or route.name in UNIT_ROUTES


MATRIX_ROUTES = [route for route in OURS if "format" not in route.kwargs]


def observed_matrix(records: dict) -> dict[str, str]:
    officials = {
        relation: {u.username.split(".", 1)[1]: u for u in User.objects.filter(username__startswith=f"{prefix}.")}
        for relation, prefix in RELATIONS.items()
    }
    district = AdministrativeUnit.objects.get(pk=records["unit"].parent_id)
    records = {**records, "province": AdministrativeUnit.objects.get(pk=district.parent_id)}
    web, api = {}, {}
    for relation, by_role in officials.items():
        for suffix, user in by_role.items():
            web[relation, suffix] = _client_for(user, api=False)
            api[relation, suffix] = _client_for(user, api=True)
    rows = {}
    for route in MATRIX_ROUTES:
        url = url_of(route, **_values(route, records)) if route.kwargs else url_of(route)
        clients = api if route.is_api else web
        groups = []
        relations = RELATIONS if route.kwargs else {"own": RELATIONS["own"]}
        for relation in RELATIONS:
            if relation not in relations:
                groups.append(NOT_APPLICABLE)
                continue
            if route.name in SIGNS_OUT:
                by_role = officials[relation]
                cells = (_ask(_client_for(by_role[s], api=False), route, url, False) for s in ROLE_ORDER)
            else:
                cells = (_ask(clients[relation, s], route, url, False) for s in ROLE_ORDER)
            groups.append("".join(cells))
        if _is_named_by_unit(route):
            child_url = url_of(route, **_values(route, records, unit=district))
            groups.append("".join(_ask(clients["own", s], route, child_url, False) for s in ROLE_ORDER))
        else:
            groups.append(NOT_APPLICABLE)
        anonymous = APIClient() if route.is_api else _client_for(None, api=False)
        groups.append(_ask(anonymous, route, url, True))
        rows[route.name] = " ".join(groups)
    return rows


def _client_for(user, api: bool):
    from django.test import Client

    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def _write(rows: dict[str, str]) -> None:
    path = Path(__file__).with_name("permission_matrix.py")
    head = path.read_text().split("MATRIX = {", 1)[0]
    body = "".join(f'    "{name}": "{row}",\n' for name, row in sorted(rows.items()))  # as ruff formats it
    path.write_text(f"{head}MATRIX = {{\n{body}}}\n")


@pytest.mark.django_db
def test_every_route_opens_for_exactly_the_roles_and_units_the_table_declares(dong_phuc, settings, refusals_counted):  # noqa: F811
    settings.PUBLIC_REQUESTS_PER_MINUTE = 10**6  # the anonymous column asks every public page many times
    observed = observed_matrix(dong_phuc)
    if os.environ.get("MATRIX_WRITE"):
        _write(observed)
    undeclared = sorted(set(observed) - set(MATRIX))
    assert not undeclared, (
        "Say who may open these routes in tests/portal/permission_matrix.py ("
        + LEGEND
        + "):\n"
        + "\n".join(f"    {name!r}: {observed[name]!r}," for name in undeclared)
    )
    stale = sorted(set(MATRIX) - set(observed))
    assert not stale, f"The table names routes that no longer exist: {stale}"
    changed = {name: (MATRIX[name], row) for name, row in observed.items() if MATRIX[name] != row}
    assert not changed, "Who may open these routes changed (declared → observed):\n" + "\n".join(
        f"    {name}: {declared} → {row}" for name, (declared, row) in sorted(changed.items())
    )


def test_the_table_covers_every_role_and_the_cells_are_known():
    from portal.choices import Role

    assert len(ROLE_ORDER) == len(Role)
    for name, row in MATRIX.items():
        groups = row.split(" ")
        assert len(groups) == 5 and all(len(g) == len(ROLE_ORDER) for g in groups[:4]) and len(groups[4]) == 1, name
        assert set(row) <= set("om345l. "), name


def test_no_scoped_record_opens_in_a_neighbouring_or_child_unit():
    """Read from the table itself: whatever a role may do at home, the neighbour and the child are told 404 (or
    403 before the record is looked up, or 405), never shown the record."""
    for name, row in MATRIX.items():
        _own, neighbour, _parent, child, anonymous = row.split(" ")
        route = next(r for r in MATRIX_ROUTES if r.name == name)
        if route.access == PUBLIC:
            assert anonymous in "o4" or name in SIGNS_OUT, name  # 4: nothing of that id is published
            continue
        assert anonymous == "l", name
        if route.kwargs and route.access not in ("reference", "own"):
            assert "o" not in neighbour, (name, neighbour)
        assert "o" not in child, (name, child)

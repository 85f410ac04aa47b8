"""Every edit page of the portal refuses a stale save (issue 18): each app lists its edit pages as rows of
its `tests/<app>/test_stale_save.py`, which runs them through tests/stale_saves.py; a new edit page
without a row fails here."""

import importlib
import re

from tests.portal.test_route_access import OURS

# The apps whose edit pages run through the shared harness, each with its table of rows.
TABLES = ["reception", "models_registry", "reform", "support", "transparency", "privacy"]

# Pages that look like edits but cannot lose another official's save, with why.
NOT_SHARED = {
    "alerts:update": "an official's own alert conditions: no other official can open them",
    "models_registry:decision-correct": "issues a new, numbered decision; the corrected one is never edited",
}

# What makes a route an edit page: a name ending in edit/update/correct, or a path ending in edit/.
EDIT_NAME = re.compile(r"(^|[:_-])(edit|update|correct)$")


def _edit_routes() -> set[str]:
    return {
        route.name
        for route in OURS
        if not route.is_api and route.name and (EDIT_NAME.search(route.name) or route.pattern.endswith("edit/"))
    }


def _rows() -> set[str]:
    return {page.route for app in TABLES for page in importlib.import_module(f"tests.{app}.test_stale_save").PAGES}


def test_every_edit_page_has_a_row_in_its_apps_stale_save_table():
    missing = _edit_routes() - _rows() - set(NOT_SHARED)
    assert not missing, f"edit pages without a stale-save row: {sorted(missing)}"


def test_the_tables_name_real_routes():
    names = {route.name for route in OURS}
    assert _rows() <= names
    assert _edit_routes() >= {"reform:plan_update", "reception:edit", "transparency:correct"}

"""Two officials saving the same record: the harness every app's `test_stale_save.py` runs its edit pages through.

Each app lists its edit pages as `EditPage` rows (tests/portal/test_stale_saves.py fails when an edit route has
no row). For each row two officials open the page, the first saves, the second saves what they saw: the second
is told to reload, nothing of theirs is written, the first's change stands, and the refusal leaves no audit row.
`race` is the same on PostgreSQL with two real connections saving at the same moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.models import Model
from django.test import Client

from portal.concurrency import ConcurrentEdit
from portal.models import AuditEvent, User

RELOAD = "tải lại trang"  # every stale-save message asks the official to reload the page


@dataclass(frozen=True)
class EditPage:
    """An edit page: the route, a fixture giving the record and one giving an official who may edit it."""

    route: str  # the URL name, e.g. "reform:plan_update"
    record: str  # fixture name: the record the page edits
    official: str  # fixture name: an official allowed to edit it
    field: str  # a form field both officials change, each to their own value
    first: str
    second: str
    read: Callable[[Model], object]  # the stored value of that field, from the record reloaded
    form: str = "version"  # the page's form is the one holding an input of this name (or `name=value`)
    url: Callable[[Model], str] | None = None  # the page showing the form, when it is not the route itself
    extra: dict = field(default_factory=dict)  # fields to post besides the form's own (a step button)
    submit: Callable[[Client, str, dict], object] | None = None  # when saving takes more than one post
    audited: Callable[[Model], Model] | None = None  # the audit target, when it is not the record itself

    def __str__(self) -> str:
        return self.route if self.form == "version" else f"{self.route} ({self.form})"


class _Forms(HTMLParser):
    """Every form of a page, each as the name → value pairs a browser would post (buttons left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.actions: list[str] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.actions.append(a.get("action") or "")
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "select" and a.get("name"):
            self._select, self._selected, self._first_option = a["name"], [], None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._selected.append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.forms[-1].append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            for value in self._selected or [self._first_option or ""]:
                self.forms[-1].append((self._select, value))
            self._select = None


def form_on(page_html: str, holding: str) -> tuple[str, dict[str, str | list[str]]]:
    """The action and fields of the page's form that holds an input named `holding` (or `name=value`), as the
    official saw them."""
    parser = _Forms()
    parser.feed(page_html)
    wanted, _equals, value = holding.partition("=")
    for action, fields in zip(parser.actions, parser.forms, strict=True):
        if any(name == wanted and (not value or seen == value) for name, seen in fields):
            posted: dict[str, str | list[str]] = {}
            for name, value in fields:
                if name in posted:
                    previous = posted[name]
                    posted[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
                else:
                    posted[name] = value
            return action, posted
    raise AssertionError(f"no form with a {holding!r} field on the page")


def colleague_of(official: User) -> User:
    """A second official of the same agency with the same roles and rights."""
    twin = User.objects.create_user(
        username=f"{official.username}.dongnghiep",
        password=None,
        full_name="Hoàng Thị Đồng Nghiệp",
        agency=official.agency,
        position=official.position,
        is_superuser=official.is_superuser,
        is_staff=official.is_staff,
    )
    twin.groups.set(official.groups.all())
    twin.user_permissions.set(official.user_permissions.all())
    return User.objects.select_related("agency__unit").get(pk=twin.pk)


def _post(page: EditPage, client: Client, url: str, fields: dict) -> object:
    if page.submit is not None:
        return page.submit(client, url, fields)
    return client.post(url, {**fields, **page.extra}, follow=True)


def audit_rows(target: Model) -> int:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).count()


def stale_page_scenario(page: EditPage, request) -> None:
    """Two officials open the page; the first saves; the second's save of what they saw is refused."""
    record = request.getfixturevalue(page.record)
    official = request.getfixturevalue(page.official)
    url = page.url(record) if page.url else _reverse(page.route, record)
    first, second = Client(), Client()
    first.force_login(official)
    second.force_login(colleague_of(official))
    action, seen_by_first = form_on(first.get(url).content.decode(), page.form)
    _action, seen_by_second = form_on(second.get(url).content.decode(), page.form)
    assert seen_by_second["version"] == seen_by_first["version"]
    url = action or url

    _post(page, first, url, {**seen_by_first, page.field: page.first})
    record.refresh_from_db()
    assert page.read(record) == page.first, "the first official's save did not go through"
    audited = page.audited(record) if page.audited else record
    rows = audit_rows(audited)

    response = _post(page, second, url, {**seen_by_second, page.field: page.second})
    assert RELOAD in response.content.decode(), "the second official was not told to reload"
    record.refresh_from_db()
    assert page.read(record) == page.first, "the second official's stale save overwrote the first's"
    assert audit_rows(audited) == rows, "the refused save left an audit row"


def _reverse(route: str, record: Model) -> str:
    from django.urls import reverse

    return reverse(route, args=[record.pk])


def race(save: Callable[[int], object], attempts: int = 2) -> list[object]:
    """Run `save(i)` in `attempts` threads released together, each on its own database connection.

    Returns what each returned, or the ConcurrentEdit it raised. The rows must be committed (a
    `transaction=True` test): the threads' connections see nothing of the test's own transaction."""
    if connection.vendor != "postgresql":
        import pytest

        pytest.skip("two connections saving at once need PostgreSQL's row locks (SQLite locks the whole file)")
    barrier = threading.Barrier(attempts)
    results: list[object] = [None] * attempts

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = save(i)
        except ConcurrentEdit as error:
            results[i] = error
        except Exception as error:  # noqa: BLE001 - handed back to the test, which names it
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def one_won(results: list[object]) -> object:
    """The one save that went through; the others were refused as stale."""
    won = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ConcurrentEdit)]
    assert len(won) == 1 and len(refused) == len(results) - 1, results
    assert RELOAD in str(refused[0])
    return won[0]

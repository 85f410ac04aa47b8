"""A Vietnamese official meets no English on the pages of their day: home, lists, forms, detail pages, dashboard."""

import importlib
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from portal.models import AdministrativeUnit, Agency, User
from portal.unit_import import unit_name_normalised

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Select an option",
    "descending",
    "ascending",
    "Choose File",
    "No file chosen",
    "Submit",
    "Search",
    "Filter",
    "This field is required",
]

# The pages each demo role opens in a working day (forms included: their empty choices and buttons).
PAGES = [
    "/",
    "/alerts/",
    "/alerts/new/",
    "/petitions/mine/",
    "/petitions/approvals/",
    "/petitions/new/",
    "/petitions/import/",
    "/reception/",
    "/reception/new/",
    "/reception/duty/",
    "/dashboard/",
    "/units/",
    "/agencies/",
    "/officials/",
    "/notifications/",
    "/account/",
    "/audit/",
    "/dashboard/exports/",
    "/models/",
    "/models/new/",
    "/models/rounds/",
    "/models/rounds/new/",
    "/models/scoring/",
    "/models/showcase/",
    "/privacy/",
    "/privacy/requests/",
    "/privacy/requests/new/",
]

PERSONAS = [
    "tinh.lanhdao",
    "huyen.xulydon",
    "xa.xulydon",
    "xa.lanhdao",
    "xa.tiepdan",
    "tinh.quantri",
    "admin",
    "tinh.danvan",
    "xa.danvan",
]


class VisibleText(HTMLParser):
    """What a reader meets: text outside <script>/<style>, plus placeholders, titles, labels and button values."""

    SHOWN_ATTRS = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.SHOWN_ATTRS and value]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def english_on(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)}


@pytest.mark.parametrize("username", PERSONAS)
def test_main_pages_of_each_role_show_no_english(client, username):
    client.force_login(User.objects.get(username=username))
    found = {}
    for url in [*PAGES, "/petitions/"]:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403), url
        words = english_on(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert not found, found


def test_the_check_catches_english_a_reader_would_see():
    page = '<select><option value="">- Select an option -</option></select><button type="submit">Lưu</button>'
    assert english_on(page) == {"Select an option"}  # the type="submit" attribute is not read
    assert english_on('<input type="submit" value="Submit">') == {"Submit"}


def test_agency_picker_offers_its_empty_choice_in_vietnamese(client_for):
    page = client_for(User.objects.get(username="xa.tiepdan")).get("/reception/new/").content.decode()
    assert "— Chọn cơ quan —" in page
    assert "Select an option" not in page


def test_unit_type_prefix_is_written_in_vietnamese_sentence_case():
    assert unit_name_normalised("Thành Phố Bắc Kạn") == "Thành phố Bắc Kạn"
    assert unit_name_normalised("xã Bắc Sơn") == "Xã Bắc Sơn"
    assert unit_name_normalised("Thị Xã Sơn Tây") == "Thị xã Sơn Tây"
    assert unit_name_normalised("Huyện Ba Bể") == "Huyện Ba Bể"
    assert unit_name_normalised("Xã Phố Mới") == "Xã Phố Mới"  # only the unit type, never the place's own name


def test_loading_units_stores_thanh_pho_bac_kan_with_a_small_p():
    city = AdministrativeUnit.objects.get(generation="legacy", level="district", code="058")
    AdministrativeUnit.objects.filter(pk=city.pk).update(name="Thành Phố Bắc Kạn")
    Agency.objects.filter(unit=city, name__startswith="Ủy ban nhân dân").update(
        name="Ủy ban nhân dân Thành Phố Bắc Kạn"
    )

    call_command("load_units", "--legacy", stdout=io.StringIO())

    city.refresh_from_db()
    assert city.name == "Thành phố Bắc Kạn"
    assert Agency.objects.filter(unit=city, name="Ủy ban nhân dân Thành phố Bắc Kạn").exists()
    # Compared in Python: SQLite's LIKE ignores the case of "P".
    assert not [name for name in Agency.objects.values_list("name", flat=True) if "Thành Phố" in name]
    assert not [name for name in AdministrativeUnit.objects.values_list("name", flat=True) if "Thành Phố" in name]


def test_the_data_migration_fixes_names_already_stored():
    from django.apps import apps

    migration = importlib.import_module("portal.migrations.0007_unit_names_sentence_case")
    city = AdministrativeUnit.objects.get(generation="legacy", level="district", code="058")
    AdministrativeUnit.objects.filter(pk=city.pk).update(name="Thành Phố Bắc Kạn")
    Agency.objects.filter(unit=city, name__startswith="Ủy ban nhân dân").update(
        name="Ủy ban nhân dân Thành Phố Bắc Kạn"
    )

    migration.normalise(apps, None)

    city.refresh_from_db()
    assert city.name == "Thành phố Bắc Kạn"
    assert Agency.objects.filter(unit=city, name="Ủy ban nhân dân Thành phố Bắc Kạn").exists()

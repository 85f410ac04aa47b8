"""Shared fixtures: the real unit tree, the demo province and its persona accounts.

The session database gets both official maps and the demo organisation once (a few seconds),
so tests read like sentences about real places: a commune officer of Xã Đồng Phúc, her
neighbour in Xã Hoàng Trĩ, the provincial leader of Bắc Kạn.
"""

import pytest
from django.conf import settings

from portal.celery import app as celery_app
from portal.choices import Generation
from portal.demo import seed_organisation
from portal.models import User
from portal.unit_import import units_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        units_load(generation=Generation.CURRENT)
        units_load(generation=Generation.LEGACY)
        seed_organisation(seed=2024, password=settings.DEMO_PASSWORD)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (catalog labels, report debounce keys)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def vietnamese_again():
    """A test that asked for English pages leaves the next one in Vietnamese (a request's language stays active)."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def eager_celery():
    """Unit tests never need a broker: tasks run in-process and raise their errors."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


def _persona(username: str):
    @pytest.fixture
    def persona(db) -> User:
        return User.objects.select_related("agency__unit").get(username=username)

    return persona


province_leader = _persona("tinh.lanhdao")
province_admin = _persona("tinh.quantri")
district_officer = _persona("huyen.xulydon")
district_leader = _persona("huyen.lanhdao")
commune_officer_a = _persona("xa.xulydon")
commune_officer_b = _persona("xa2.xulydon")
commune_admin = _persona("xa.quantri")
department_officer = _persona("tinh.danvan")
inspector = _persona("tinh.thanhtra")
admin = _persona("admin")


@pytest.fixture
def client_for(client):
    """Log a persona in on the test client: `client_for(commune_officer_a).get(...)`."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(user: User) -> APIClient:
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


# The data migrations write these rows; a transactional test's flush empties them with the rest.
DATA_MIGRATIONS = [
    ("portal.migrations.0004_default_catalogs", "load"),
    ("portal.migrations.0005_content_subfields", "load"),
    ("petitions.migrations.0002_default_deadline_rules", "load_defaults"),
    ("petitions.migrations.0010_publication_rule", "add_publication_rule"),
    ("reform.migrations.0002_default_areas", "add_areas"),
    ("support.migrations.0002_default_activity_types", "add_types"),
    ("models_registry.migrations.0002_programmes", "create_programmes"),
]


@pytest.fixture
def rebuilt_world(transactional_db):
    """Transactional tests (two real connections) start from an emptied database: rebuild what the
    session database holds (the data migrations' rows, both unit maps, the demo organisation)."""
    import importlib

    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("two connections saving at once need PostgreSQL's row locks (SQLite locks the whole file)")
    if not User.objects.filter(username="xa.xulydon").exists():
        for module, function in DATA_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, None)
        units_load(generation=Generation.CURRENT)
        units_load(generation=Generation.LEGACY)
        seed_organisation(seed=2024, password=settings.DEMO_PASSWORD)

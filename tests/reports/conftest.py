"""The reports app's tests count and order its own families; later apps (reform) test theirs in their own suite."""

import pytest


@pytest.fixture(autouse=True)
def built_in_families_only():
    from django.urls import get_resolver

    from reports import registry
    from reports.families import BUILT_IN

    # The URLconf routes every family it finds when first read: read it now, while all of them are registered,
    # or the suites that run after these would find their families' API missing.
    assert get_resolver().url_patterns
    later = [family for family in registry.families() if family not in BUILT_IN]
    for family in later:
        registry.unregister(family.key)
    yield
    for family in later:
        registry.register(family)

"""The reports app's tests count and order its own families; later apps (reform) test theirs in their own suite."""

import pytest


@pytest.fixture(autouse=True)
def built_in_families_only():
    from reports import registry
    from reports.families import BUILT_IN

    later = [family for family in registry.families() if family not in BUILT_IN]
    for family in later:
        registry.unregister(family.key)
    yield
    for family in later:
        registry.register(family)

"""The bounded paginator pages as Django's does, counting only as far as its bound."""

import pytest

from portal.choices import Generation, Level
from portal.models import AdministrativeUnit
from portal.pagination import BoundedPaginator

pytestmark = pytest.mark.django_db


def _units(n: int):
    """n of the 2025 provinces the unit map loads, in code order."""
    provinces = AdministrativeUnit.objects.filter(generation=Generation.CURRENT, level=Level.PROVINCE)
    codes = list(provinces.order_by("code").values_list("code", flat=True)[:n])
    return provinces.filter(code__in=codes).order_by("code"), codes


def test_the_last_page_takes_the_orphans_as_djangos_paginator_does():
    units, codes = _units(12)
    paginator = BoundedPaginator(units, 5, orphans=2)

    assert paginator.num_pages == 2
    last = paginator.page(2)
    assert [u.code for u in last] == codes[5:12]
    assert last.end_index() == 12


def test_a_count_past_the_bound_is_shown_as_the_bound_and_not_exact():
    units, codes = _units(12)
    paginator = BoundedPaginator(units, 5, bound=10)

    assert paginator.count == 10 and not paginator.count_is_exact
    assert paginator.num_pages == 2
    assert [u.code for u in paginator.page(2)] == codes[5:10]
    assert BoundedPaginator(units, 5, bound=None).count == 12

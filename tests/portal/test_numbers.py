"""Every report rounds a percentage the same way: half-up to 2 decimals, as DOMAIN.md says the portal prints."""

from decimal import Decimal

import pytest

from portal.numbers import rate, rate_decimal


@pytest.mark.parametrize(
    ("numerator", "denominator", "printed"),
    [(1, 32, 3.13), (5, 32, 15.63), (2, 3, 66.67), (1, 8, 12.5), (0, 7, 0.0), (7, 7, 100.0)],
)
def test_a_rate_rounds_half_up_to_two_decimals(numerator, denominator, printed):
    assert rate(numerator, denominator) == printed
    assert rate_decimal(numerator, denominator) == Decimal(str(printed)).quantize(Decimal("0.01"))


def test_nothing_counted_has_no_rate():
    assert rate(3, 0) is None and rate_decimal(0, 0) is None


def test_every_family_prints_the_same_rate():
    from models_registry import family as models_family
    from reception import duties
    from reform import selectors as reform_selectors
    from reports import engine
    from support import family as support_family

    assert engine.rate is models_family.rate is support_family.rate is duties.rate is rate
    assert reform_selectors.rate is rate_decimal

"""Percentages as every report prints them (DOMAIN.md: rounded half-up to 2 decimals, none when nothing is counted)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDREDTHS = Decimal("0.01")


def rate_decimal(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100, rounded half-up to 2 decimals; None when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTHS, rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int) -> float | None:
    """The same as a float, for the figures stored as JSON (3.125 % is 3.13, never 3.12 as round() gives)."""
    value = rate_decimal(numerator, denominator)
    return None if value is None else float(value)

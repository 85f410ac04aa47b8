"""Field options shared by the registry's points fields."""

from decimal import Decimal

from django.core.validators import MinValueValidator

POINTS = {"max_digits": 6, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]

"""Vietnamese formats: Django's, with numbers grouped by thousands ("180.000.000 đồng", as officials write them).

Django's Vietnamese formats set the separator but no grouping, so `intcomma` printed amounts in đồng as one
long run of digits. Grouping applies only where a template asks for it (`intcomma`): USE_THOUSAND_SEPARATOR
stays off, so years, codes and identifiers are never grouped.
"""

from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3

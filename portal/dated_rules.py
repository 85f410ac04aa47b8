"""The days on which the law changed what the portal does: each written once, with its source.

Rules that depend on a date compare against these names (a rule in force "from" a day applies on
that day). The numbers of days a rule allows live in the deadline rule table
(`petitions.DeadlineRule`), which administrators keep up to date.
"""

import datetime as dt

ONE_DAY = dt.timedelta(days=1)

# Two-level local government (DOMAIN §6): districts abolished, the 2025 unit map in force.
TWO_LEVEL_GOVERNMENT_FROM = dt.date(2025, 7, 1)
LEGACY_MAP_LAST_DAY = TWO_LEVEL_GOVERNMENT_FROM - ONE_DAY

# Law 136/2025/QH15 amending the Laws on Citizen Reception, Complaints and Denunciations (DOMAIN R1.2,
# R2.12): commune chairpersons receive two days a month, online reception exists, a temporary
# suspension stops the settlement clock, and the amended time limits apply.
LAW_136_2025_FROM = dt.date(2026, 7, 1)
BEFORE_LAW_136_2025 = LAW_136_2025_FROM - ONE_DAY

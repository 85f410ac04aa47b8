"""Organisation structure and accounts: administrative units, agencies, officials, audit trail.

One module per responsibility; callers import from the package. Committed migrations name
`portal.models.OfficialManager`, and AUTH_USER_MODEL is "portal.User".
"""

# Definition order, not sorted: it is the app registry's order (content types, permissions, dumpdata).
# isort: off
from portal.models.units import (
    AdministrativeUnit,
    ScopedQuerySet,
    UnitAncestry,
    unit_ancestries,
    UnitQuerySet,
    UnitStatus,
    UnitSuccession,
)
from portal.models.people import (
    Agency,
    AgencyQuerySet,
    OfficialManager,
    OfficialQuerySet,
    Person,
    User,
    index_identity,
    reindex_people,
)
from portal.models.audit import AuditEvent, AuditEventQuerySet
from portal.models.system import (
    CalendarDay,
    CatalogEntry,
    CatalogQuerySet,
    Notification,
    NotificationQuerySet,
    WorkerHeartbeat,
)
# isort: on

__all__ = [
    "index_identity",
    "reindex_people",
    "unit_ancestries",
    "AdministrativeUnit",
    "Agency",
    "AgencyQuerySet",
    "AuditEvent",
    "AuditEventQuerySet",
    "CalendarDay",
    "CatalogEntry",
    "CatalogQuerySet",
    "Notification",
    "NotificationQuerySet",
    "OfficialManager",
    "OfficialQuerySet",
    "Person",
    "ScopedQuerySet",
    "UnitAncestry",
    "UnitQuerySet",
    "UnitStatus",
    "UnitSuccession",
    "User",
    "WorkerHeartbeat",
]

"""Role groups and the model permissions each carries.

Verbs come from Django permissions grouped by role; rows come from scoping (portal.scoping).
Later apps add their permissions here so the whole matrix is readable in one place.
"""

from django.contrib.auth.models import Group, Permission

from portal.choices import Role

VIEW_ORG = ["portal.view_administrativeunit", "portal.view_unitstatus", "portal.view_agency", "portal.view_user"]
VIEW_PETITIONS = [
    "petitions.view_petition",
    "petitions.view_case",
    "petitions.view_verification",
    "petitions.view_enforcementmeasure",
]
HANDLE_PETITIONS = [
    *VIEW_PETITIONS,
    "petitions.add_petition",
    "petitions.change_petition",
    "petitions.add_verification",
    "petitions.add_enforcementmeasure",
]
VIEW_RECEPTION = [
    "reception.view_receptionsession",
    "reception.view_receptionvisit",
    "reception.view_receptionschedule",
]
RECORD_RECEPTION = [
    *VIEW_RECEPTION,
    "reception.add_receptionsession",
    "reception.change_receptionsession",
    "reception.add_receptionschedule",
    "reception.change_receptionschedule",
]
VIEW_MODELS = [
    "models_registry.view_mobilizationmodel",
    "models_registry.view_round",
    "models_registry.view_decision",
]
REGISTER_MODELS = [
    "models_registry.view_mobilizationmodel",
    "models_registry.add_mobilizationmodel",
    "models_registry.change_mobilizationmodel",
    "models_registry.view_round",
]

VIEW_REFORM = ["reform.view_plan", "reform.view_task", "reform.view_indicatorvalue"]
# The lead agencies' officials report progress, completion and ask for more time on their agency's tasks.
REPORT_REFORM = [*VIEW_REFORM, "reform.change_task"]
# Leaders follow units of their scope: alerts in the portal and a weekly digest (the alerts app).
FOLLOW_UNITS = ["alerts.view_follow", "alerts.add_follow", "alerts.change_follow", "alerts.delete_follow"]
# Support for disadvantaged communes (the support app): rows are decided by support.scoping.
VIEW_SUPPORT = ["support.view_assignment", "support.view_planitem", "support.view_activity"]
# An assigned agency's officials write its plan and report what it delivered.
REPORT_SUPPORT = [*VIEW_SUPPORT, "support.add_activity", "support.change_activity", "support.change_planitem"]
# Governing bodies above a commune assign agencies to it (the Ban Dân vận, the People's Committee).
MANAGE_SUPPORT = [*REPORT_SUPPORT, "support.add_assignment", "support.change_assignment"]
# Publishing complaint decisions (the transparency app): the settling unit's petition handlers and leaders.
PUBLISH_DECISIONS = [
    "transparency.view_publisheddecision",
    "transparency.add_publisheddecision",
    "transparency.change_publisheddecision",
]
# Personal data (the privacy app): citizens' requests about their data are logged by whoever receives them;
# the record of processing is read by inspectors and administrators, and kept by administrators.
HANDLE_DATA_REQUESTS = [
    "privacy.view_datasubjectrequest",
    "privacy.add_datasubjectrequest",
    "privacy.change_datasubjectrequest",
]
MANAGE_REFORM = [
    *REPORT_REFORM,
    "reform.add_plan",
    "reform.change_plan",
    "reform.add_task",
    "reform.add_indicatorvalue",
    "reform.change_indicatorvalue",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.RECEPTION_OFFICER: [
        *VIEW_ORG,
        *VIEW_PETITIONS,
        "petitions.add_petition",
        *RECORD_RECEPTION,
        *HANDLE_DATA_REQUESTS,
    ],
    Role.PETITION_HANDLER: [*VIEW_ORG, *HANDLE_PETITIONS, *VIEW_RECEPTION, *PUBLISH_DECISIONS, *HANDLE_DATA_REQUESTS],
    Role.DEPARTMENT_OFFICER: [*VIEW_ORG, *REGISTER_MODELS, *REPORT_REFORM, *MANAGE_SUPPORT],
    Role.REFORM_OFFICER: [*VIEW_ORG, *MANAGE_REFORM],
    Role.LEADER: [
        *VIEW_ORG,
        *VIEW_PETITIONS,
        *VIEW_RECEPTION,
        *VIEW_MODELS,
        *VIEW_REFORM,
        "reports.change_reportsnapshot",
        *FOLLOW_UNITS,
        *VIEW_SUPPORT,
        "support.confirm_activity",  # the commune's leaders confirm the support it received
        *PUBLISH_DECISIONS,
    ],
    Role.INSPECTOR: [
        *VIEW_ORG,
        *VIEW_PETITIONS,
        *VIEW_RECEPTION,
        *VIEW_MODELS,
        *VIEW_REFORM,
        *VIEW_SUPPORT,
        "portal.view_auditevent",
        "privacy.view_processingrecord",
        "privacy.view_datasubjectrequest",
    ],
    Role.ADMINISTRATOR: [
        *VIEW_ORG,
        *VIEW_PETITIONS,
        *VIEW_RECEPTION,
        *VIEW_MODELS,
        *VIEW_REFORM,
        "portal.view_auditevent",
        "alerts.view_follow",  # who follows what, read in the admin; following is the leaders'
        "portal.add_agency",
        "portal.change_agency",
        "portal.add_user",
        "portal.change_user",
        "portal.change_administrativeunit",
        *VIEW_SUPPORT,
        "support.change_activitytype",  # the list of kinds of support
        "portal.add_unitstatus",  # a decision on a unit's region and areas (portal.unit_status)
        "privacy.view_processingrecord",
        "privacy.change_processingrecord",
        *HANDLE_DATA_REQUESTS,
    ],
}


def role_groups_sync() -> None:
    """Create each role's group and give it exactly the permissions listed above (idempotent)."""
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for perm_name in perm_names:
            app_label, codename = perm_name.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:  # an app not migrated yet gets its permissions on its own migrate
                wanted.append(perm)
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(sender, **kwargs) -> None:
    # Every app's migrate may add permissions a role lists, so re-sync after each (a few queries).
    role_groups_sync()

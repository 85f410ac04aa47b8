from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsRegistryConfig(AppConfig):
    name = "models_registry"
    verbose_name = _("Dân vận khéo, Chính quyền thân thiện")

    def ready(self) -> None:
        from models_registry.choices import EVENT_LABELS
        from portal import audit_labels, registry

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Dân vận khéo"), "models_registry:list", "models_registry:", may_open_registry, order=40)
        )
        registry.add_home_panel(registry.HomePanel("models_registry/_home_work.html", models_work_panel))
        from models_registry.family import MODELS
        from reports.registry import register as register_report_family

        register_report_family(MODELS)  # the funnel as report snapshots, on the dashboards and in the report API


# What the foundation calls through portal.registry (it never imports this app).


def may_open_registry(user) -> bool:
    """The menu's check is the pages' own (models_registry.views.common), read from the permissions alone."""
    from models_registry.views.common import may_open_registry as may_open

    return may_open(user)


def models_work_panel(user) -> dict | None:
    """The home page's card of the work waiting for the official: for the officers who register models,
    their agency's drafts and returned registrations and the registrations waiting for the movement's office;
    for council members, the sheets they have to score (at most two queries)."""
    from django.db.models import Count, Q

    from models_registry.choices import Status
    from models_registry.models import Assignment, MobilizationModel
    from models_registry.scoping import runs_movement
    from models_registry.views.common import has_council_seat

    registers = user.has_perm("models_registry.add_mobilizationmodel")
    # A council member who does not register: the card tells the sheets to score. Readers who neither register
    # nor sit on a council get no card, and no query.
    if not registers and not has_council_seat(user):
        return None
    to_score = Assignment.objects.filter(
        member__user=user, recused=False, submitted_at__isnull=True, model__status=Status.EVALUATING
    ).count()
    if not registers:
        return {"registers": False, "office": False, "to_score": to_score} if to_score else None
    own = Q(registering_agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    panel = MobilizationModel.objects.visible_to(user).aggregate(
        drafts=Count("pk", filter=own & Q(status=Status.DRAFT)),
        returned=Count("pk", filter=own & Q(status=Status.RETURNED)),
        waiting=Count("pk", filter=Q(status=Status.REGISTERED)),
    )
    return {**panel, "registers": True, "office": runs_movement(user), "to_score": to_score}

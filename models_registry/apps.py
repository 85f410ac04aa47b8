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


# What the foundation calls through portal.registry (it never imports this app).


def may_open_registry(user) -> bool:
    """By permission only: asking every page whether the official sits on a council would cost a query
    on every page; the leaders, inspectors and officers who sit on councils have the permission anyway."""
    return user.has_perm("models_registry.view_mobilizationmodel")


def models_work_panel(user) -> dict | None:
    """The home page's card, for the officers who register models, of the work waiting for them: their
    agency's drafts and returned registrations, registrations waiting for the movement's office, and the
    sheets they have to score (two queries; none for other officials)."""
    from django.db.models import Count, Q

    from models_registry.choices import Status
    from models_registry.models import Assignment, MobilizationModel
    from models_registry.scoping import runs_movement

    if not user.has_perm("models_registry.add_mobilizationmodel"):
        return None
    own = Q(registering_agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    panel = MobilizationModel.objects.visible_to(user).aggregate(
        drafts=Count("pk", filter=own & Q(status=Status.DRAFT)),
        returned=Count("pk", filter=own & Q(status=Status.RETURNED)),
        waiting=Count("pk", filter=Q(status=Status.REGISTERED)),
    )
    panel["office"] = runs_movement(user)
    panel["to_score"] = Assignment.objects.filter(
        member__user=user, recused=False, submitted_at__isnull=True, model__status=Status.EVALUATING
    ).count()
    return panel

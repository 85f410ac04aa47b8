from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Tiếp công dân")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from reception.choices import EVENT_LABELS

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Tiếp công dân"), "reception:list", "reception:", may_see_reception, order=30)
        )


def may_see_reception(user) -> bool:
    return user.has_perm("reception.view_receptionsession")

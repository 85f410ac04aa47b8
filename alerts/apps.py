from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Theo dõi cảnh báo")

    def ready(self) -> None:
        from alerts.choices import EVENT_LABELS
        from portal import audit_labels, registry

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Theo dõi cảnh báo"), "alerts:list", "alerts:", may_follow_units, order=60)
        )


# What the foundation calls through portal.registry (it never imports this app).


def may_follow_units(user) -> bool:
    from alerts.selectors import may_follow

    return may_follow(user)

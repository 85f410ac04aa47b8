from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Công khai quyết định giải quyết khiếu nại")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from transparency.choices import EVENT_LABELS

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Công khai quyết định"), "transparency:manage", "transparency:", may_open, order=35)
        )


def may_open(user) -> bool:
    """The section is shown to the officials who may read the published decisions of their unit."""
    return user.is_active and user.has_perm("transparency.view_publisheddecision")

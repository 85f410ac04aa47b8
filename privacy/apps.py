from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Bảo vệ dữ liệu cá nhân")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from privacy.choices import EVENT_LABELS

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Dữ liệu cá nhân"), "privacy:records", "privacy:", may_read_record, order=90)
        )
        registry.add_nav_item(
            registry.NavItem(
                _("Yêu cầu về dữ liệu cá nhân"), "privacy:requests", "privacy:request", handles_requests_only, order=91
            )
        )


def may_read_record(user) -> bool:
    """Administrators and inspectors read the record of processing (and from it reach the request log)."""
    return user.is_active and user.has_perm("privacy.view_processingrecord")


def handles_requests_only(user) -> bool:
    """The officials who log citizens' requests without reading the record get the log in the menu."""
    return user.is_active and user.has_perm("privacy.view_datasubjectrequest") and not may_read_record(user)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "reception"
    verbose_name = _("Tiếp công dân")

    def ready(self) -> None:
        from portal.audit_labels import register
        from reception.choices import EVENT_LABELS

        register(EVENT_LABELS)

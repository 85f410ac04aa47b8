from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Đơn thư")

    def ready(self) -> None:
        from petitions.choices import EVENT_LABELS
        from portal.audit_labels import register

        register(EVENT_LABELS)

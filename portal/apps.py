from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Tổ chức và tài khoản")

    def ready(self) -> None:
        from django.db.models import fields

        from portal import checks  # noqa: F401  (registers the system checks)
        from portal.roles import sync_role_groups_after_migrate

        # Like Django's own permissions: role groups exist after every migrate, on every database.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="portal.sync_role_groups")
        # Django 6.1's default label for the empty choice of every model select has no Vietnamese.
        fields.BLANK_CHOICE_LABEL = _("— Chọn —")

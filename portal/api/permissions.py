"""API permission classes every app's viewsets share."""

from rest_framework import permissions


class PortalModelPermissions(permissions.DjangoModelPermissions):
    """Django model permissions, including `view` for reads (verbs from roles; rows from scoping)."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

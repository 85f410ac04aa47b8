"""System checks of the portal's own configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from portal.encryption import identity_key_problem


def production_secret_problem() -> str | None:
    """Why the current settings must not serve production traffic, or None."""
    if settings.DEBUG:
        return None
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return "SECRET_KEY must be set (to a long random value) when DEBUG is off (production mode)."
    return identity_key_problem()


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.DEBUG or settings.SECRET_KEY != settings.DEV_SECRET_KEY:
        return []
    return [
        Error(
            production_secret_problem(),
            hint="Set SECRET_KEY or SECRET_KEY_FILE; for development set DEBUG=1.",
            id="portal.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_identity_keys(app_configs, **kwargs):
    problem = None if settings.DEBUG else identity_key_problem()
    return (
        [
            Error(
                problem,
                hint="Generate keys as docs/security.md says and set IDENTITY_KEYS and IDENTITY_HASH_KEY "
                "(or IDENTITY_KEYS_FILE, IDENTITY_HASH_KEY_FILE); for development set DEBUG=1.",
                id="portal.E002",
            )
        ]
        if problem
        else []
    )

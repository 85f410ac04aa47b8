"""System checks of the portal's own configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, register


def production_secret_problem() -> str | None:
    """Why the current settings must not serve production traffic, or None."""
    if settings.DEBUG:
        return None
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return "SECRET_KEY must be set (to a long random value) when DEBUG is off (production mode)."
    return None


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = production_secret_problem()
    return (
        [Error(problem, hint="Set SECRET_KEY or SECRET_KEY_FILE; for development set DEBUG=1.", id="portal.E001")]
        if problem
        else []
    )

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.checks import production_secret_problem  # noqa: E402  (needs the settings loaded above)

# The web application refuses to start in production mode with the development secret key.
if problem := production_secret_problem():
    raise ImproperlyConfigured(problem)

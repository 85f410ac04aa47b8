from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the official chose another language (the cookie set by /i18n/setlang/).

    The browser's Accept-Language is ignored on purpose: a government portal speaks Vietnamese
    by default, whatever language the office computer's browser happens to be set up in.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PortalNotFoundPageMiddleware:
    """With DEBUG on (`make run`), Django answers a missing page with its English technical 404 listing the
    URL patterns; officials get the portal's own Vietnamese page, which leads back, as in production.
    DEBUG_TECHNICAL_404=1 keeps Django's page for developers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.DEBUG_TECHNICAL_404
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "portal_error_page", False)
        ):
            from portal.views import page_not_found

            return page_not_found(request)
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: no-store` on every answer that may carry personal data: whatever a signed-in official is
    shown, and every API answer. Only a visitor's copy of a public page that chose to be cached (portal.access
    `shared_cache`) is left to caches; static files never reach here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
        public_copy = not signed_in and "public" in response.get("Cache-Control", "")
        if (signed_in or request.path_info.startswith("/api/")) and not public_copy:
            patch_cache_control(response, no_store=True, private=True)
        return response

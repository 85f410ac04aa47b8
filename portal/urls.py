from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from petitions.views import public as petition_public
from portal import views
from portal.access import own_rows, public
from portal.throttling import ThrottledAdminAuthenticationForm
from reception import views as reception_views
from transparency import unit_pages

# The admin's own login page is a second door to the same accounts: throttle it the same way.
admin.site.login_form = ThrottledAdminAuthenticationForm

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", public("the sign-in page")(views.LoginView.as_view()), name="login"),
    path("logout/", public("signing out ends the caller's session")(auth_views.LogoutView.as_view()), name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/password/", own_rows(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path("account/password/done/", own_rows(auth_views.PasswordChangeDoneView.as_view()), name="password_change_done"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/options/", views.agency_options, name="agency-options"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<int:pk>/", views.official_detail, name="official-detail"),
    path("audit/", views.audit_list, name="audit-list"),
    path("health/", views.health, name="health"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("petitions/", include("petitions.urls")),
    path("reception/", include("reception.urls")),
    path("models/", include("models_registry.urls")),
    path("reform/", include("reform.urls")),
    path("support/", include("support.urls")),
    path("dashboard/", include("reports.urls")),
    path("alerts/", include("alerts.urls")),
    path("privacy/", include("privacy.urls")),
    path("", include("transparency.urls")),  # public/decisions/… and the officials' decisions/…
    path("public/", unit_pages.public_index, name="public-index"),
    path("public/provinces/<int:unit_id>/", unit_pages.public_province, name="public-province"),
    path("public/units/<int:unit_id>/", unit_pages.public_unit, name="public-unit"),
    path("public/petitions/", petition_public.petition_lookup, name="public-petition-lookup"),
    path("public/reception/", reception_views.public_schedule, name="public-reception-schedule"),
    path("public/reception/<int:agency_id>/", reception_views.public_agency, name="public-reception-agency"),
    path("i18n/setlang/", views.language_switch, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("portal.api.urls", "api"), namespace="api")),
]

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import APIRootView, DefaultRouter

from models_registry.api.decisions import DecisionViewSet
from models_registry.api.views import MobilizationModelViewSet, RoundViewSet
from petitions.api.public import PublicPetitionView
from petitions.api.views import CaseViewSet, MeasureViewSet, PetitionViewSet, ProposalViewSet, VerificationViewSet
from portal.access import PUBLIC, REFERENCE
from portal.api.views import AgencyViewSet, OfficialViewSet, UnitViewSet
from reception.api.views import SessionViewSet, VisitViewSet
from reform.api.views import IndicatorViewSet, PlanViewSet, TaskViewSet
from reports.api.views import report_urls
from support.api.views import ActivityViewSet as SupportActivityViewSet
from support.api.views import AssignmentViewSet as SupportAssignmentViewSet
from transparency.api.views import PublicDecisionViewSet


class IndexView(APIRootView):
    """The API's index of endpoints, for signed-in callers (DRF's default permission)."""

    access = REFERENCE


class SchemaView(SpectacularAPIView):
    access = PUBLIC
    access_reason = "the OpenAPI description: no records, and a client reads it before signing in"


class DocsView(SpectacularSwaggerSplitView):  # its script a file of its own: the CSP forbids inline script
    access = PUBLIC
    access_reason = "the API's documentation page, drawn from the public schema"


router = DefaultRouter()
router.APIRootView = IndexView
router.register("units", UnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("officials", OfficialViewSet, basename="official")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("cases", CaseViewSet, basename="case")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("verifications", VerificationViewSet, basename="verification")
router.register("measures", MeasureViewSet, basename="measure")
router.register("reception-sessions", SessionViewSet, basename="reception-session")
router.register("reception-visits", VisitViewSet, basename="reception-visit")
router.register("models", MobilizationModelViewSet, basename="model")
router.register("model-rounds", RoundViewSet, basename="model-round")
router.register("model-decisions", DecisionViewSet, basename="model-decision")
router.register("reform-plans", PlanViewSet, basename="reform-plan")
router.register("reform-tasks", TaskViewSet, basename="reform-task")
router.register("reform-indicators", IndicatorViewSet, basename="reform-indicator")
router.register("support-assignments", SupportAssignmentViewSet, basename="support-assignment")
router.register("support-activities", SupportActivityViewSet, basename="support-activity")
router.register("public/decisions", PublicDecisionViewSet, basename="public-decision")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("public/petitions/<path:register_number>", PublicPetitionView.as_view(), name="public-petition"),
    *report_urls(),  # one route per report family, from reports.registry
    path("", include(router.urls)),
]

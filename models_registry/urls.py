from django.urls import path

from models_registry import views

app_name = "models_registry"

urlpatterns = [
    path("", views.model_list, name="list"),
    path("export.xlsx", views.model_export, name="export"),
    path("new/", views.model_create_view, name="create"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create_view, name="round-create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/council/", views.council_summary, name="council-summary"),
    path("rounds/<int:round_id>/decision/", views.decision_page, name="decision"),
    path(
        "rounds/<int:round_id>/decisions/<int:decision_id>/correct/",
        views.decision_correction,
        name="decision-correct",
    ),
    path("scoring/", views.my_scoring, name="scoring"),
    path("scoring/<int:assignment_id>/", views.score_sheet, name="score-sheet"),
    path("showcase/", views.showcase_list, name="showcase"),
    path("showcase/<int:pk>/", views.showcase_detail, name="showcase-detail"),
    path("showcase/<int:pk>/photos/<int:document_id>/", views.showcase_photo, name="showcase-photo"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/edit/", views.model_edit, name="edit"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self-assessment"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document-download"),
    path("<int:pk>/<slug:action>/", views.model_action, name="action"),
]

# --- Bulk registration from Excel (helper F: models_registry/views/imports.py) ---------------------
from models_registry.views import imports  # noqa: E402

urlpatterns += [
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template_download, name="import-template"),
    path("import/<int:job_id>/", imports.import_job, name="import-job"),
]

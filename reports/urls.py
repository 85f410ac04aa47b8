from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("<int:unit_id>/", views.dashboard_view, name="unit-dashboard"),
    path("agency/<int:agency_id>/", views.dashboard_view, name="agency-dashboard"),
    path("<int:unit_id>/export/", views.export_form, name="export-form"),
    path("<int:unit_id>/lock/", views.lock_period, name="lock"),
    path("exports/", views.export_history, name="exports"),
    path("exports/petitions/", views.export_list, name="export-petitions"),
    path("exports/reception/", views.export_list, {"kind": "reception-list"}, name="export-reception"),
    # The list exports later apps declare in their report family (e.g. reform-task-list).
    path("exports/list/", views.export_declared_list, name="export-list"),
    path("exports/<int:job_id>/", views.export_status, name="export"),
    path("exports/<int:job_id>/download/", views.export_download, name="export-download"),
]

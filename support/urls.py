from django.urls import path

from support import import_views, views

app_name = "support"

urlpatterns = [
    path("", views.assignment_list, name="assignments"),
    path("assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("assignments/<int:pk>/<slug:step>/", views.assignment_action, name="assignment-action"),
    path("communes/", views.commune_list, name="communes"),
    path("communes/<int:pk>/", views.commune_detail, name="commune"),
    path("agencies/", views.agency_list, name="agencies"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/import/", import_views.activity_import, name="import"),
    path("activities/import/template/", import_views.import_template, name="import-template"),
    path("activities/import/<int:pk>/", import_views.import_job, name="import-job"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/files/<int:file_id>/", views.activity_file, name="activity-file"),
    path("activities/<int:pk>/<slug:step>/", views.activity_action, name="activity-action"),
]

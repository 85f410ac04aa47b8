from django.urls import path

from reception import printing, views

app_name = "reception"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("citizens/", views.citizen_lookup, name="citizen-lookup"),
    path("duty/", views.duty_overview, name="duty"),
    path("duty/<int:agency_id>/", views.head_calendar, name="head-calendar"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/print/", printing.print_minutes, name="print-minutes"),
    path("<int:pk>/visits/", views.visit_add, name="visit-add"),
]

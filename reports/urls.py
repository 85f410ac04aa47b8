from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("<int:unit_id>/", views.dashboard_view, name="unit-dashboard"),
]

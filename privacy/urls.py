from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.records, name="records"),
    path("records/<int:pk>/edit/", views.record_edit, name="record-edit"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/close/", views.request_close, name="request-close"),
]

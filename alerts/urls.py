from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.follow_list, name="list"),
    path("new/", views.follow_create, name="create"),
    # A follow is named by its unit: one per official and unit, and the unit says whether it is in scope.
    path("units/<int:unit_id>/", views.follow_update, name="update"),
    path("units/<int:unit_id>/unfollow/", views.follow_delete, name="delete"),
]

from django.urls import path

from transparency import views

app_name = "transparency"

urlpatterns = [
    # The public's pages (no sign-in).
    path("public/decisions/", views.public_list, name="public-list"),
    path("public/decisions/<int:pk>/", views.public_detail, name="public-detail"),
    # The officials' pages.
    path("decisions/", views.manage, name="manage"),
    path("decisions/case/<int:pk>/", views.publish, name="publish"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/correct/", views.correct, name="correct"),
    path("decisions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]

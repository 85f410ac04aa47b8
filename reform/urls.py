from django.urls import path

from reform import views
from reform.views import imports

app_name = "reform"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_update, name="plan_update"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/mine/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_update, name="task_update"),
    path("tasks/<int:pk>/files/<slug:kind>/<int:file_id>/", views.task_file, name="task-file"),
    path("tasks/<int:pk>/<slug:step>/", views.task_action, name="task-action"),
    path("indicators/", views.indicators, name="indicators"),
    path("import/", imports.import_tasks, name="import"),
    path("import/template/", imports.import_template, name="import-template"),
    path("import/<int:pk>/", imports.import_job, name="import-job"),
    path("indicators/import/", imports.import_indicators, name="import-indicators"),
]

from django.urls import path

from petitions import views
from petitions.views import printing, public

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("mine/", views.my_work, name="my-work"),
    path("approvals/", views.approval_queue, name="approvals"),
    path("proposals/<int:proposal_id>/draft/", views.proposal_draft, name="proposal-draft"),
    path("proposals/<int:proposal_id>/<slug:decision>/", views.proposal_decide, name="proposal-decide"),
    path("new/", views.petition_create, name="create"),
    path("new/duplicates/", views.duplicate_suggestions, name="duplicates"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("import/<int:job_id>/", views.import_job, name="import-job"),
    path("filters/", views.saved_filter_create, name="filter-save"),
    path("filters/<int:filter_id>/delete/", views.saved_filter_delete, name="filter-delete"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/print/receipt/", printing.print_receipt, name="print-receipt"),
    path("<int:pk>/lookup-code/", public.lookup_code_renew, name="lookup-code-renew"),
    path("<int:pk>/print/acceptance/", printing.print_acceptance, name="print-acceptance"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("<int:pk>/measures/", views.measure_add, name="measure-add"),
    path("<int:pk>/verification/", views.verification_assign, name="verification-assign"),
    path("<int:pk>/verification/steps/", views.verification_step, name="verification-step"),
    path("<int:pk>/measures/<int:measure_id>/", views.measure_report, name="measure-report"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document-download"),
    path("<int:pk>/<slug:action>/", views.petition_action, name="action"),
]

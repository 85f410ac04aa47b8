"""After a decision or during settlement: enforcement measures and the verification of a denunciation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.forms.base import DATE, VersionedForm, _past_date, offer_local_agencies
from portal.limits import LINE_MAX_LENGTH, LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, LimitedCharField
from portal.models import Agency, User
from portal.widgets import AgencyPicker


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Biện pháp"), choices=[])
    description = LimitedCharField(label=_("Nội dung"), max_length=NOTE_MAX_LENGTH)
    responsible = LimitedCharField(label=_("Cơ quan, người thực hiện"), max_length=LINE_MAX_LENGTH)
    due_on = forms.DateField(label=_("Thời hạn"), widget=DATE)
    ordered_amount = forms.DecimalField(
        label=_("Số phải thực hiện (triệu đồng, m² hoặc người)"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args, **kwargs):
        from petitions.models import MeasureKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeasureKind.choices


class MeasureReportForm(forms.Form):
    done_amount = forms.DecimalField(label=_("Số đã thực hiện"), min_value=0, initial=0)
    done_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE, required=False)
    note = LimitedCharField(label=_("Kết quả, ghi chú"), max_length=NOTE_MAX_LENGTH, required=False)


class VerificationAssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan xác minh"),
        queryset=Agency.objects.filter(is_active=True),
        widget=AgencyPicker(),
    )
    lead = forms.ModelChoiceField(
        label=_("Trưởng đoàn"), queryset=User.objects.filter(is_active=True), empty_label=_("— Chọn cán bộ —")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("Hạn xác minh"), widget=DATE)


def offer_verifiers(form: forms.Form, petition) -> None:
    offer_local_agencies(form, petition.unit)
    officials = (
        User.objects.filter(is_active=True, agency__isnull=False)
        .filter(agency__unit__path__startswith="/".join(petition.unit.path.split("/")[:2]) + "/")
        .select_related("agency")
        .order_by("agency__unit__path", "full_name")
    )
    for name in ("lead", "members"):
        form.fields[name].queryset = officials
        form.fields[name].label_from_instance = lambda u: f"{u} · {u.agency}"


class VerificationStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Bước"), choices=[])
    happened_on = forms.DateField(label=_("Ngày"), widget=DATE, initial=timezone.localdate)
    minutes = LimitedCharField(
        label=_("Biên bản, nội dung"),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    document = forms.FileField(label=_("Tài liệu"), required=False)

    def __init__(self, *args, **kwargs):
        from portal.models import CatalogEntry

        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(e.code, e.label) for e in CatalogEntry.objects.in_force("verification_step")]


class VerificationConcludeForm(VersionedForm):
    conclusion = LimitedCharField(
        label=_("Kết quả xác minh"), max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    concluded_on = _past_date(_("Ngày báo cáo"))

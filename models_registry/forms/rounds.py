"""A round's set-up: launch and thresholds, criteria, council, and the units it may be launched at."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from models_registry.choices import Aggregation, AppliesTo, CouncilRole, RecognitionLevel
from models_registry.forms.base import CHOOSE, DATE, POINTS, _text
from portal.choices import Level
from portal.limits import NUMBER_MAX_LENGTH, LimitedCharField
from portal.models import AdministrativeUnit

INDENT = {Level.PROVINCE: "", Level.DISTRICT: "— ", Level.COMMUNE: "— — "}


class RoundForm(forms.Form):
    """A round's launch, window, level and thresholds. District level is kept for old rounds only."""

    programme = forms.ModelChoiceField(label=_("Phong trào"), queryset=None, empty_label=_("— Chọn phong trào —"))
    phase = forms.ModelChoiceField(
        label=_("Giai đoạn"), queryset=None, required=False, empty_label=_("— Không gắn giai đoạn —")
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị phát động"), queryset=None, empty_label=_("— Chọn đơn vị —"))
    year = forms.IntegerField(label=_("Năm"), min_value=2009, max_value=2100)
    name = LimitedCharField(label=_("Tên đợt"), max_length=200)
    launch_number = LimitedCharField(label=_("Số văn bản phát động"), max_length=NUMBER_MAX_LENGTH, required=False)
    launch_date = forms.DateField(label=_("Ngày phát động"), widget=DATE, required=False)
    launch_issuer = LimitedCharField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    registration_opens = forms.DateField(label=_("Mở đăng ký từ ngày"), widget=DATE)
    registration_closes = forms.DateField(label=_("Hạn đăng ký"), widget=DATE)
    recognition_level = forms.ChoiceField(label=_("Cấp công nhận"), choices=())
    aggregation = forms.ChoiceField(label=_("Cách tổng hợp điểm"), choices=Aggregation.choices)
    pass_threshold = forms.DecimalField(
        label=_("Điểm đạt"), help_text=_("Tổng điểm tổng hợp tối thiểu để hội đồng đề nghị công nhận."), **POINTS
    )
    spread_threshold = forms.DecimalField(
        label=_("Độ chênh cảnh báo"),
        help_text=_("Tổng điểm cao nhất và thấp nhất của các thành viên chênh hơn mức này thì hồ sơ được đánh dấu."),
        **POINTS,
    )
    # The version the editor opened: a round saved by someone else meanwhile is refused, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # On an existing round these stay as set up.
    FIXED_ON_EDIT = ("programme", "unit", "year", "recognition_level")

    def __init__(self, *args, programmes=None, phases=None, units=None, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["phase"].queryset = phases
        self.fields["phase"].label_from_instance = lambda phase: f"{phase.programme.short_name} {phase.name}"
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: INDENT.get(unit.level, "") + unit.name
        levels = [(value, label) for value, label in RecognitionLevel.choices if value != RecognitionLevel.DISTRICT]
        if round is not None and round.recognition_level == RecognitionLevel.DISTRICT:
            levels = RecognitionLevel.choices
        self.fields["recognition_level"].choices = levels
        if round is not None:
            for name in self.FIXED_ON_EDIT:
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes < opens:
            self.add_error("registration_closes", _("Hạn đăng ký phải sau ngày mở đăng ký."))
        return data


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)  # kept: its self-assessments stay
    group = LimitedCharField(label=_("Nhóm tiêu chí"), max_length=200, required=False)
    text = LimitedCharField(label=_("Tiêu chí"), max_length=500, required=False)
    max_points = forms.DecimalField(label=_("Điểm tối đa"), required=False, **POINTS)
    mandatory = forms.BooleanField(label=_("Bắt buộc"), required=False)
    min_points = forms.DecimalField(
        label=_("Điểm tối thiểu để đạt"),
        required=False,
        help_text=_("Để trống: một nửa điểm tối đa."),
        **POINTS,
    )
    applies_to = forms.ChoiceField(label=_("Áp dụng cho"), choices=AppliesTo.choices, initial=AppliesTo.BOTH)
    guidance = _text(_("Hướng dẫn chấm"), rows=1)

    def clean(self):
        data = super().clean()
        if data.get("text", "").strip():
            if data.get("max_points") in (None, Decimal("0")):
                self.add_error("max_points", _("Tiêu chí phải có điểm tối đa lớn hơn 0."))
            elif data.get("min_points") is not None and data["min_points"] > data["max_points"]:
                self.add_error("min_points", _("Điểm tối thiểu không được lớn hơn điểm tối đa."))
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=60, validate_max=True)


def criteria_from(formset) -> list[dict]:
    return [
        {
            **({"id": row["id"]} if row.get("id") else {}),
            "group": row.get("group", "").strip(),
            "text": row["text"].strip(),
            "max_points": row["max_points"],
            "mandatory": bool(row.get("mandatory")),
            "min_points": row.get("min_points"),
            "applies_to": row.get("applies_to") or AppliesTo.BOTH,
            "guidance": row.get("guidance", "").strip(),
        }
        for row in formset.cleaned_data
        if row and row.get("text", "").strip()
    ]


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Thành viên"), queryset=None, required=False, empty_label=CHOOSE)
    role = forms.ChoiceField(label=_("Vai trò"), choices=CouncilRole.choices, initial=CouncilRole.MEMBER)

    def __init__(self, *args, officials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = officials
        # The options are read once for all the rows of the formset (see `council_choices`).
        self.fields["user"].choices = council_choices(officials)


def council_choices(officials) -> list[tuple]:
    cache = getattr(officials, "_council_choices", None)
    if cache is None:
        cache = [("", CHOOSE)] + [
            (user.pk, (user.full_name or user.username) + (f" · {user.agency.name}" if user.agency_id else ""))
            for user in officials
        ]
        officials._council_choices = cache
    return cache


CouncilFormSet = forms.formset_factory(CouncilMemberForm, extra=2, max_num=30, validate_max=True)


def members_from(formset) -> list[tuple]:
    return [(row["user"], row["role"]) for row in formset.cleaned_data if row and row.get("user")]


def scope_units(user):
    """The units an official may launch a round at: their own unit and those under it, province first."""
    units = AdministrativeUnit.objects.exclude(level=Level.DISTRICT).order_by("path")
    if user.is_superuser:
        return units.filter(level=Level.PROVINCE)
    scope = user.scope_unit
    if scope is None:
        return units.none()
    return units.filter(path__startswith=scope.path)

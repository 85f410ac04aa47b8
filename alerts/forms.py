"""The follow form: a unit of the official's scope, the conditions and their N, the weekly digest. Shape only:
the services check the rest (scope, duplicates, thresholds)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.choices import WITH_THRESHOLD, ConditionKind
from alerts.selectors import kinds_available, units_to_follow
from portal.choices import Level

INDENT = {Level.PROVINCE: "", Level.DISTRICT: "— ", Level.COMMUNE: "— — "}

HELP = {
    ConditionKind.RESOLUTION_BELOW_TARGET: _(
        "Tỷ lệ vụ việc đã giải quyết trên số phải giải quyết trong năm thấp hơn 85%."
    ),
    ConditionKind.OVERDUE_ABOVE: _("Số vụ việc quá hạn chưa giải quyết nhiều hơn ngưỡng N đồng chí đặt."),
    ConditionKind.REFORM_OVERDUE: _("Có nhiệm vụ của kế hoạch cải cách hành chính đang thực hiện quá hạn."),
    ConditionKind.RECEPTION_BELOW_MINIMUM: _(
        "Chủ tịch UBND xã (của đơn vị, hoặc của các xã trực thuộc) tiếp công dân trực tiếp ít hơn số ngày quy định."
    ),
}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return INDENT.get(obj.level, "") + obj.name


def field_name(kind: str) -> str:
    return f"watch_{kind}"


class FollowForm(forms.Form):
    """Follow a unit (`follow=None`), or change what a follow watches."""

    unit = UnitChoiceField(
        label=_("Đơn vị theo dõi"),
        queryset=None,
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            "required": _("Hãy chọn đơn vị cần theo dõi."),
            "invalid_choice": _("Đơn vị này không thuộc phạm vi của đồng chí, hoặc đã được theo dõi."),
        },
    )
    threshold = forms.IntegerField(
        label=_("Ngưỡng N (số vụ việc quá hạn)"),
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={
            "invalid": _("Ngưỡng phải là một số nguyên."),
            "min_value": _("Ngưỡng không được âm."),
            "max_value": _("Ngưỡng tối đa là %(limit_value)s."),
        },
    )
    weekly_digest = forms.BooleanField(
        label=_("Nhận bản tin hằng tuần qua thư điện tử (sáng thứ Hai)"), required=False, initial=True
    )

    def __init__(self, *args, user, follow=None, followed_unit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.follow = follow
        if follow is not None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units_to_follow(user).exclude(pk__in=list(followed_unit_ids))
        self.kinds = kinds_available()
        for kind in self.kinds:
            self.fields[field_name(kind)] = forms.BooleanField(label=kind.label, required=False, help_text=HELP[kind])
        if follow is not None and not self.is_bound:
            chosen = {c.kind: c.threshold for c in follow.conditions.all()}
            for kind in self.kinds:
                self.initial[field_name(kind)] = kind in chosen
            self.initial["threshold"] = chosen.get(ConditionKind.OVERDUE_ABOVE)
            self.initial["weekly_digest"] = follow.weekly_digest

    def condition_fields(self):
        return [self[field_name(kind)] for kind in self.kinds]

    def clean(self):
        data = super().clean()
        chosen = [kind for kind in self.kinds if data.get(field_name(kind))]
        if ConditionKind.OVERDUE_ABOVE in chosen and data.get("threshold") is None and "threshold" not in self.errors:
            self.add_error("threshold", _("Hãy nhập ngưỡng N khi chọn cảnh báo số vụ việc quá hạn."))
        if not chosen and not data.get("weekly_digest"):
            raise forms.ValidationError(_("Hãy chọn ít nhất một điều kiện cảnh báo hoặc nhận bản tin hằng tuần."))
        return data

    @property
    def conditions(self) -> dict[str, int | None]:
        """The chosen conditions as the services take them; those of a family not installed now are kept."""
        data = self.cleaned_data
        chosen = {
            kind.value: (data.get("threshold") if kind in WITH_THRESHOLD else None)
            for kind in self.kinds
            if data.get(field_name(kind))
        }
        if self.follow is not None:
            offered = {kind.value for kind in self.kinds}
            chosen.update({c.kind: c.threshold for c in self.follow.conditions.all() if c.kind not in offered})
        return chosen

"""The officials' forms: the decision's text and what to hide in it, a correction, a withdrawal (shape only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 100_000


class RedactionField(forms.CharField):
    """One marked string per line: names, addresses, ID numbers to hide."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def _redactions() -> RedactionField:
    return RedactionField(
        label=_("Thông tin cần che (mỗi dòng một mục)"),
        required=False,
        max_length=5000,
        help_text=_(
            "Họ tên, địa chỉ, số CCCD, số điện thoại… Mỗi mục được che ở mọi chỗ, dù viết hoa, có dấu hay không dấu."
        ),
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    text = forms.CharField(
        label=_("Nội dung quyết định"), widget=forms.Textarea(attrs={"rows": 16}), max_length=TEXT_MAX_LENGTH
    )
    redactions = _redactions()
    preview_hash = forms.CharField(widget=forms.HiddenInput, required=False)


class CorrectForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung đã đính chính"), widget=forms.Textarea(attrs={"rows": 16}), max_length=TEXT_MAX_LENGTH
    )
    redactions = _redactions()
    note = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=500,
        help_text=_("Công dân thấy lý do này bên cạnh ngày đính chính."),
    )
    preview_hash = forms.CharField(widget=forms.HiddenInput, required=False)
    # The number of the text the official corrected: a correction published meanwhile is not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Lý do gỡ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

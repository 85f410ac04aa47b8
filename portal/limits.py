"""How long free text may be: one place for HTML forms, API serializers and whoever comes next.

Each limit is what the column holds (varchar columns) or, for text columns, what a person can
sensibly type or paste: 20,000 characters is about eight typed A4 pages, far beyond any
petition's detailed content, yet small enough that a form full of such fields stays well under
DATA_UPLOAD_MAX_MEMORY_SIZE (portal/settings.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 150  # a person's full name (Person.full_name)
ID_NUMBER_MAX_LENGTH = 20  # CCCD/CMND
PHONE_MAX_LENGTH = 20
CODE_MAX_LENGTH = 40  # a case or register code
NUMBER_MAX_LENGTH = 60  # a decision's or notice's number
LINE_MAX_LENGTH = 255  # one line: an address, a place, a reason
SUMMARY_MAX_LENGTH = 255  # Petition.summary, Case.title
NOTE_MAX_LENGTH = 500  # a short note
LONG_TEXT_MAX_LENGTH = 20_000  # content, minutes, conclusions, notes (text columns)

# Django's own wording reads poorly in Vietnamese; Vietnamese has no plural forms, so one message.
TOO_LONG = _("Tối đa %(limit_value)s ký tự, bạn đã nhập %(show_value)s ký tự.")


class LimitedCharField(forms.CharField):
    """A CharField that must be given a max_length: enforced on the server, rendered as `maxlength`."""

    default_error_messages = {"max_length": TOO_LONG}

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

"""Vocabularies of published complaint decisions: the mark left where text was hidden, the legal minimum
time online, and how the audit trail reads (STYLE 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.choices import Field  # the same fields (lĩnh vực) petitions are classified by

__all__ = ["EVENT_LABELS", "MIN_ONLINE_DAYS", "REDACTED", "Field", "State"]

# What stands where an official marked a name, an address or an ID number.
REDACTED = "[đã che]"

# Decree 124/2020 art. 29 (DOMAIN R2.11): on the agency's website for at least 15 consecutive days. The day
# of publication is not counted (Civil Code art. 147(2)), so the 15th day after it is the last one required.
MIN_ONLINE_DAYS = 15


class State(models.TextChoices):
    PUBLISHED = "published", _("Đang công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


EVENT_LABELS = {
    "decision.published": _("Công khai quyết định giải quyết khiếu nại"),
    "decision.corrected": _("Đính chính quyết định đã công khai"),
    "decision.withdrawn": _("Gỡ quyết định đã công khai"),
}

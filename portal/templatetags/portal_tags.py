from django import template

from portal.audit_labels import label_for

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    """`{{ event.verb|verb_label }}`: the audit verb as a reader would say it."""
    return label_for(verb)


@register.filter
def waited(since, until=None) -> str:
    """How long something has waited, in the portal's words (Django's own timesince is not in Vietnamese)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    if since is None:
        return ""
    seconds = max(((until or timezone.now()) - since).total_seconds(), 0)
    if seconds < 3600:
        return _("dưới 1 giờ")
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("%(n)s giờ", "%(n)s giờ", hours) % {"n": hours}
    days = int(seconds // 86400)
    return ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days}


@register.filter
def catalog_label(code: str, catalog: str) -> str:
    """`{{ petition.channel|catalog_label:"petition_source" }}`: the label administrators keep for a code."""
    from portal.catalogs import label_of

    return label_of(catalog, code, default=code)

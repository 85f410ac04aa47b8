from django import template

from portal.audit_labels import label_for

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    """`{{ event.verb|verb_label }}`: the audit verb as a reader would say it."""
    return label_for(verb)

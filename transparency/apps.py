from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = _("Công khai quyết định giải quyết khiếu nại")

    def ready(self) -> None:
        from portal import audit_labels, registry
        from transparency.choices import EVENT_LABELS

        audit_labels.register(EVENT_LABELS)
        registry.add_nav_item(
            registry.NavItem(_("Công khai quyết định"), "transparency:manage", "transparency:", may_open, order=35)
        )
        registry.add_record_links("petitions.petition", petition_links)


def may_open(user) -> bool:
    """The section is shown to the officials who may read the published decisions of their unit."""
    return user.is_active and user.has_perm("transparency.view_publisheddecision")


def petition_links(user, petition) -> list[tuple[str, str]]:
    """On a settled complaint's page: its published decision, or the way to publish it for those who may
    (the services decide; this only spares the link where they would refuse)."""
    from django.urls import reverse

    from petitions.choices import Kind, SettlementForm
    from transparency.models import PublishedDecision

    if petition.kind != Kind.COMPLAINT or petition.settlement_form != SettlementForm.DECISION:
        return []
    if not (petition.settled_on and petition.settlement_decision_no) or not may_open(user):
        return []
    published = PublishedDecision.objects.filter(case_id=petition.case_id).values_list("pk", flat=True).first()
    if published:
        return [(_("Xem quyết định đã công khai"), reverse("transparency:decision", args=[published]))]
    settling_unit = petition.handling_agency.unit_id if petition.handling_agency_id else None
    if user.has_perm("transparency.add_publisheddecision") and user.agency_id and user.agency.unit_id == settling_unit:
        return [(_("Công khai quyết định giải quyết"), reverse("transparency:publish", args=[petition.case_id]))]
    return []

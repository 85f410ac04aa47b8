"""Navigation by role: each official sees the sections their roles can use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.models import Notification


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Trang chủ"), reverse("home"), "home", None)]
    # The apps' sections (dashboard, petitions, reception…) come from portal.registry.
    items += [
        (item.label, reverse(item.url_name), item.active, item.count(user) if item.count else None)
        for item in registry.nav_items(user)
    ]
    items += [
        (_("Đơn vị hành chính"), reverse("unit-list"), "unit", None),
        (_("Cơ quan"), reverse("agency-list"), "agency", None),
    ]
    if user.has_perm("portal.view_user"):
        items.append((_("Cán bộ"), reverse("official-list"), "official", None))
    if user.has_perm("portal.view_auditevent"):
        items.append((_("Nhật ký"), reverse("audit-list"), "audit", None))
    if user.is_staff:
        items.append((_("Quản trị"), reverse("admin:index"), "admin", None))
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "nav_items": [
            {"label": label, "url": url, "active": bool(current) and current.startswith(key), "count": count}
            for label, url, key, count in items
        ],
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }

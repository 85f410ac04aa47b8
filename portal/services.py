"""Write operations of the organisation app: audit trail and officials' accounts."""

from __future__ import annotations

import socket
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.choices import Role
from portal.models import AdministrativeUnit, Agency, AuditEvent, User, WorkerHeartbeat
from portal.redaction import payload_redacted


class DomainError(Exception):
    """A business rule refused the change; the message is translated and shown to the user."""


class NotPermitted(DomainError):
    """The official may not make this change (the API answers 403; pages show the message)."""


class NotFound(DomainError):
    """The row is missing or outside the official's scope: the two look the same (the API answers 404)."""


def messages_of(error: ValidationError) -> str:
    """A model validation's messages as one line for the user."""
    if hasattr(error, "message_dict"):
        return "; ".join(message for messages in error.message_dict.values() for message in messages)
    return "; ".join(error.messages)


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's own validation; its messages become the DomainError's."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise DomainError(messages_of(error)) from error


def required_text(value: str | None, message: str) -> str:
    """The stripped text, or the DomainError `message` when nothing is left."""
    text = (value or "").strip()
    if not text:
        raise DomainError(message)
    return text


def _fits(text: str, limit: int) -> str:
    # The before/after columns hold short states; a longer label is cut, visibly, rather than
    # failing the change on PostgreSQL (SQLite never enforces the length).
    return text if len(text) <= limit else text[: limit - 1] + "…"


def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    unit: AdministrativeUnit | None = None,
    before: str = "",
    after: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the audit trail; call it inside the transaction that makes the change.

    Personal search terms are dropped from the payload: administrators read the trail.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        unit=unit,
        before=_fits(before, AuditEvent._meta.get_field("before").max_length),
        after=_fits(after, AuditEvent._meta.get_field("after").max_length),
        payload=payload_redacted(payload or {}),
    )


@transaction.atomic
def official_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str = "",
    password_hash: str = "",
    agency: Agency | None,
    roles: list[Role],
    position: str = "",
    email: str = "",
    is_staff: bool = False,
) -> User:
    """Create an official's account with its roles, and record who created it."""
    user = User(
        username=username,
        full_name=full_name,
        agency=agency,
        position=position,
        email=email,
        is_staff=is_staff,
    )
    if password_hash:
        user.password = password_hash  # an already hashed password (bulk account creation)
    elif password:
        user.set_password(password)
    else:
        raise DomainError(_("Hãy đặt mật khẩu cho tài khoản."))
    user.full_clean()
    user.save()
    official_set_roles(actor=actor, official=user, roles=roles)
    audit_record(
        actor=actor,
        verb="official.created",
        target=user,
        unit=agency.unit if agency else None,
        payload={"roles": sorted(str(r) for r in roles)},
    )
    return user


@transaction.atomic
def official_set_roles(*, actor: User | None, official: User, roles: list[Role]) -> User:
    """Replace an official's roles (groups); administrators also get access to the admin site."""
    official.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    official.__dict__.pop("_role_keys", None)
    if Role.ADMINISTRATOR in roles and not official.is_staff:
        official.is_staff = True
        official.save(update_fields=["is_staff"])
    audit_record(
        actor=actor,
        verb="official.roles_set",
        target=official,
        unit=official.scope_unit,
        payload={"roles": sorted(str(r) for r in roles)},
    )
    return official


def worker_heartbeat_record(*, name: str) -> WorkerHeartbeat:
    """Overwrite the named heartbeat with the current time (safe to repeat)."""
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now(), "hostname": socket.gethostname()}
    )
    return heartbeat

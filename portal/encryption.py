"""Citizens' identity at rest: Fernet-encrypted columns and keyed digests for exact look-ups.

A citizen's name, ID number, phone and address are stored as Fernet tokens (AES-128-CBC with an
HMAC-SHA256, `cryptography`), so a copy of the database, a backup or a raw SQL console shows no
identity. The keys come from the environment (settings.IDENTITY_KEYS, IDENTITY_HASH_KEY): the first
key encrypts, every key listed decrypts, so keys rotate without downtime (docs/security.md).

Ciphertext cannot be searched, so each person also carries keyed digests (HMAC-SHA256) of the folded
name and the normalised ID number: an official who types the exact name or number finds the record,
while a digest alone reveals nothing to someone without IDENTITY_HASH_KEY.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models

from portal.text import fold

DIGEST_LENGTH = 64  # hex of HMAC-SHA256


def identity_key_problem() -> str | None:
    """Why the identity keys cannot protect production data, or None (checked at start-up)."""
    if not settings.IDENTITY_KEYS:
        return "IDENTITY_KEYS must be set (Fernet keys, comma-separated) when DEBUG is off (production mode)."
    if not settings.IDENTITY_HASH_KEY:
        return "IDENTITY_HASH_KEY must be set (a long random value) when DEBUG is off (production mode)."
    if settings.DEBUG:
        return None
    if set(settings.IDENTITY_KEYS) & set(settings.DEV_IDENTITY_KEYS):
        return "IDENTITY_KEYS must not contain the development key in production mode."
    if settings.IDENTITY_HASH_KEY == settings.DEV_IDENTITY_HASH_KEY:
        return "IDENTITY_HASH_KEY must not be the development key in production mode."
    try:
        _fernets(tuple(settings.IDENTITY_KEYS))
    except ImproperlyConfigured as error:
        return str(error)
    return None


@functools.cache
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    try:
        each = [Fernet(key) for key in keys]
    except (ValueError, TypeError) as error:
        # never echo the key itself: error messages end up in logs
        raise ImproperlyConfigured("IDENTITY_KEYS holds a value that is not a Fernet key.") from error
    return MultiFernet(each), each[0]


def _keys() -> tuple[str, ...]:
    if not settings.IDENTITY_KEYS:
        raise ImproperlyConfigured(identity_key_problem())
    return tuple(settings.IDENTITY_KEYS)


def fernet() -> MultiFernet:
    """All the configured keys: the first encrypts, each decrypts."""
    return _fernets(_keys())[0]


def current_fernet() -> Fernet:
    """The first key alone: a token it cannot open still needs rotating."""
    return _fernets(_keys())[1]


def encrypt(text: str) -> str:
    """A Fernet token for `text`; "" stays "" (an empty field says nothing about anyone)."""
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A citizen's identity could not be decrypted with IDENTITY_KEYS: a key it was written with is missing."
        ) from error


def digest(text: str) -> str:
    """The keyed digest of an already normalised value; "" for "" (no one is found by a blank)."""
    if not text:
        return ""
    key = settings.IDENTITY_HASH_KEY
    if not key:
        raise ImproperlyConfigured(identity_key_problem())
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def normal_name(name: str) -> str:
    """A name as it is compared: folded (no accents, NFC and NFD alike), lower case, single spaces."""
    return " ".join(fold(name).split())


def normal_id_number(number: str) -> str:
    return "".join((number or "").split()).upper()


def name_digest(name: str) -> str:
    return digest(normal_name(name))


def id_digest(number: str) -> str:
    return digest(normal_id_number(number))


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token: encrypted on every write (save, bulk_create, update, raw inserts
    that prepare values as Django does), decrypted on every read.

    Only `isnull` may be looked up: the same text encrypts differently each time, so any other filter
    would silently match nothing; search through the digests instead.
    """

    description = "Text encrypted at rest"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return None if value is None else encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None

    def formfield(self, **kwargs):
        # a one-line input, as the CharField it replaced (a TextField would offer a textarea)
        return models.Field.formfield(self, **{"form_class": forms.CharField, "max_length": self.max_length, **kwargs})


def _is_token(value: str) -> bool:
    try:
        fernet().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def encrypt_people_table(
    connection,
    *,
    table: str,
    owner_table: str,
    owner_column: str,
    confidential_kinds: frozenset[str],
    batch_size: int = 1000,
    forward: bool = True,
) -> int:
    """For the data migrations: encrypt (or, backwards, decrypt) a people table's identity in place, in
    batches by id, and fill the look-up columns as index_identity does. Plain SQL, so it reads the stored
    text whatever the model says; a value that is already a token is left as it is (idempotent)."""
    quote = connection.ops.quote_name
    select = (
        f"SELECT p.id, p.full_name, p.id_number, p.address, p.phone, o.kind FROM {quote(table)} p "
        f"JOIN {quote(owner_table)} o ON o.id = p.{quote(owner_column)} WHERE p.id > %s ORDER BY p.id LIMIT %s"
    )
    update = (
        f"UPDATE {quote(table)} SET full_name = %s, id_number = %s, address = %s, phone = %s, "
        "search_name = %s, name_digest = %s, id_digest = %s WHERE id = %s"
    )
    last, done = 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return done
        params = []
        for pk, *identity, kind in rows:
            plain = [decrypt(v) if v and _is_token(v) else (v or "") for v in identity]
            if forward:
                stored = [encrypt(v) for v in plain]
                search = "" if kind in confidential_kinds else normal_name(plain[0])[:150]
                params.append([*stored, search, name_digest(plain[0]), id_digest(plain[1]), pk])
            else:
                params.append([*plain, fold(plain[0])[:150], "", "", pk])
        with connection.cursor() as cursor:
            cursor.executemany(update, params)
        last, done = rows[-1][0], done + len(rows)


ENCRYPTED_COLUMNS = ("full_name", "id_number", "address", "phone")


def stale_tokens(values) -> list[int]:
    """Indexes of the tokens the first key cannot open (written under an older key)."""
    first = current_fernet()
    stale = []
    for index, value in enumerate(values):
        if not value:
            continue
        try:
            first.decrypt(value.encode())
        except InvalidToken:
            stale.append(index)
    return stale


def rotate_table(model, *, dry_run: bool = False, batch_size: int = 1000) -> int:
    """Re-encrypt with the first key every row of `model` that holds a token written under another key
    (MultiFernet.rotate); returns how many rows need it (dry run) or got it. Idempotent: a second run finds none.

    Plain SQL on the stored tokens, in batches by id: nothing is decrypted into the ORM's objects.
    """
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = [quote(model._meta.get_field(name).column) for name in ENCRYPTED_COLUMNS]
    select = f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"
    keys = fernet()
    last, rotated = 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(select, [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return rotated
        params = []
        for pk_value, *tokens in rows:
            if not stale_tokens(tokens):
                continue
            try:
                fresh = [keys.rotate(t.encode()).decode() if t else "" for t in tokens]
            except InvalidToken as error:
                raise ImproperlyConfigured(
                    f"{model._meta.label} row {pk_value} was written with a key no longer in IDENTITY_KEYS."
                ) from error
            params.append([*fresh, pk_value])
        if params and not dry_run:
            with connection.cursor() as cursor:
                cursor.executemany(update, params)
        last, rotated = rows[-1][0], rotated + len(params)

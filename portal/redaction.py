"""Keep citizens' personal data out of what administrators read: audit payloads and stored querystrings.

A search box matches petitioners' names and ID numbers, so what was typed into it is as secret as a
denouncer's identity: it is never written to the audit trail, in any encoding.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

# Parameters whose value may be a citizen's name, ID number, phone or address.
PERSONAL_KEYS = frozenset(
    {"q", "search", "name", "full_name", "id_number", "phone", "address", "citizen", "petitioner", "visitor"}
)
REDACTED = "[đã ẩn]"


def querystring_redacted(querystring: str) -> str:
    """The querystring with every personal parameter's value replaced."""
    pairs = parse_qsl(querystring.lstrip("?"), keep_blank_values=True)
    return urlencode([(key, REDACTED if key in PERSONAL_KEYS and value else value) for key, value in pairs])


def payload_redacted(payload: Any) -> Any:
    """A copy of an audit payload without personal search terms (nested dicts and lists included)."""
    if isinstance(payload, dict):
        redacted = {}
        for key, value in payload.items():
            if key in PERSONAL_KEYS and value not in ("", None, [], {}):
                redacted[key] = REDACTED
            elif key == "querystring" and isinstance(value, str):
                redacted[key] = querystring_redacted(value)
            else:
                redacted[key] = payload_redacted(value)
        return redacted
    if isinstance(payload, list):
        return [payload_redacted(item) for item in payload]
    return payload

"""What the API answers besides success, declared for every operation of the OpenAPI schema.

`declare_error_responses` is a drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS). It adds
the error statuses an operation can answer, unless the view declared them itself:

- 403 everywhere: the caller is not signed in or lacks the permission. The API never answers 401,
  because its first authentication class is the session one, which sends no `WWW-Authenticate`.
- 400 where the operation reads a body or query parameters (filters, page, period...).
- 404 where the path names a record, and on paginated lists (a page past the end).
- 409 and 202 on the workflow actions listed in `EXTRA_RESPONSES`.
- 429 everywhere while REST_FRAMEWORK throttles requests (DEFAULT_THROTTLE_CLASSES).

Error bodies are `{"detail": "..."}`; a 400 may instead carry one list of messages per field.
"""

from __future__ import annotations

import re

from drf_spectacular.utils import OpenApiResponse
from rest_framework.settings import api_settings

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"
PROPOSAL_SUBMITTED = "ProposalSubmitted"

COMPONENTS = {
    ERROR: {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "type": "object",
        "description": 'Either `{"detail": "..."}` or, per invalid field, its messages: `{"field": ["..."]}`.',
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {},
    },
    PROPOSAL_SUBMITTED: {
        "type": "object",
        "description": "The step needs a leader's approval: a proposal was submitted instead.",
        "properties": {
            "proposal": {"type": "integer"},
            "status": {"type": "string"},
            "detail": {"type": "string"},
        },
        "required": ["proposal", "status", "detail"],
    },
}

DESCRIPTIONS = {
    "202": "Proposed for approval: the change waits for a leader's decision.",
    "400": "Invalid input or query parameters.",
    "403": "Not signed in, or not permitted.",
    "404": "No such record in the caller's scope (or no such page).",
    "409": "Not allowed in the record's current state, or edited meanwhile (stale version).",
    "429": "Too many requests: try again after the seconds in the Retry-After header.",
}
BODIES = {"202": PROPOSAL_SUBMITTED, "400": VALIDATION_ERROR}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(status: str) -> dict:
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": _ref(BODIES.get(status, ERROR))}},
    }


# For views that declare their errors themselves: `responses={200: X, **ERROR_RESPONSES}`-style picks.
ERROR_RESPONSES = {
    int(status): OpenApiResponse(response=_ref(BODIES.get(status, ERROR)), description=DESCRIPTIONS[status])
    for status in DESCRIPTIONS
}

# Statuses that cannot be read off the operation. The petition workflow and proposal decisions
# live in petitions/api/views.py, which does not declare them itself (yet).
EXTRA_RESPONSES = [
    (re.compile(r"^/api/v1/petitions/\{id\}/[\w-]+/$"), "post", ("202", "409")),
    (re.compile(r"^/api/v1/proposals/\{id\}/[\w-]+/$"), "post", ("409",)),
]


def statuses_for(path: str, method: str, operation: dict) -> list[str]:
    """The error statuses (and 202) an operation may answer."""
    parameters = operation.get("parameters", [])
    statuses = ["403", "429"] if api_settings.DEFAULT_THROTTLE_CLASSES else ["403"]
    if operation.get("requestBody") or any(p["in"] == "query" for p in parameters):
        statuses.append("400")
    if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
        statuses.append("404")
    for pattern, verb, extra in EXTRA_RESPONSES:
        if verb == method and pattern.match(path):
            statuses.extend(extra)
    return statuses


def declare_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation declares its error statuses with an error body schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in COMPONENTS.items():
        schemas.setdefault(name, schema)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in statuses_for(path, method, operation):
                responses.setdefault(status, _response(status))
    return result

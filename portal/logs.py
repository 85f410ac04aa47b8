"""Structured logs: every line says which request it belongs to, and in production it is one JSON object.

`RequestIdMiddleware` gives each request an id (the proxy's `X-Request-ID` when it is a plain token, else a new
one), answers it back in the same header, and `RequestIdFilter` puts it on every log record made meanwhile, so
an operator finds all the lines of the request a user reports. Log messages name paths and ids, never what a
petitioner wrote or who they are (tests/portal/test_logs.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid

from django.core.signals import request_finished

REQUEST_ID_HEADER = "X-Request-ID"
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_TOKEN = re.compile(r"[A-Za-z0-9._-]{8,64}")  # what a proxy sends (a UUID, a hex digest); anything else is replaced


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One line of JSON a record: time, level, logger, message, request id, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = offered if _TOKEN.fullmatch(offered) else uuid.uuid4().hex
        # Set for the rest of this request's context, not reset here: Django logs an error answer ("Not Found: …")
        # after the middleware has returned. request_finished clears it (each thread, each ASGI task, has its own).
        _request_id.set(request.id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.id
        return response


def _forget_request_id(**_kwargs) -> None:
    _request_id.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="portal.logs.forget_request_id")

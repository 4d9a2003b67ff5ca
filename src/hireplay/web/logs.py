"""Logs that keep candidates' links out and errors in: a filter that masks the token of every
candidate link (`/a/<token>/...` becomes `/a/…/...`), a JSON formatter for production (one object
per line on stderr: time, level, logger, message, and the traceback of an error), and gunicorn's
access log with the same masking."""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger

TOKEN = re.compile(r"(/a/)[^/\s?\"']+")


def mask(text: str) -> str:
    """`text` with the token of every candidate link replaced by an ellipsis."""
    return TOKEN.sub(r"\1…", text) if "/a/" in text else text


class MaskTokens(logging.Filter):
    """Masks candidate links in a record's message and arguments (Django logs "Not Found: /a/...")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.path = mask(str(request.path))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the traceback of an error as text."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        path = getattr(record, "path", None)
        if path:
            entry["path"] = path
        status = getattr(record, "status_code", None)
        if status:
            entry["status"] = status
        if record.exc_info:
            entry["traceback"] = mask("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(entry, ensure_ascii=False)


class AccessLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, with candidate links masked in the access log's request line, path and
    referrer (a candidate's page is the referrer of its own scripts and saves)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e"):
            value = atoms.get(key)
            if isinstance(value, str):
                atoms[key] = mask(value)
        return atoms

"""The security tests use the web tests' organisations, people and candidates."""

from tests.web.conftest import _seal_audit_events_in_the_request, cast, opening, scored, session

__all__ = ["_seal_audit_events_in_the_request", "cast", "opening", "scored", "session"]

"""A broken rule of a workflow step, and the codes that name the rules for programs."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """What ``UserError.code`` says: one word per rule, stable for programs."""

    ALREADY_ANSWERED = "ALREADY_ANSWERED"
    APPROVED = "APPROVED"
    BEFORE_UTSOKING = "BEFORE_UTSOKING"
    BOUND_ELSEWHERE = "BOUND_ELSEWHERE"
    COMMENT_REQUIRED = "COMMENT_REQUIRED"
    CONFLICT = "CONFLICT"
    DESCRIPTION_REQUIRED = "DESCRIPTION_REQUIRED"
    DUPLICATE = "DUPLICATE"
    EMPTY = "EMPTY"
    EXPECTED_TIME_MISSING = "EXPECTED_TIME_MISSING"
    FAMILY_SPLIT = "FAMILY_SPLIT"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    IN_FUTURE = "IN_FUTURE"
    IN_PAST = "IN_PAST"
    INVALID = "INVALID"
    NEGATIVE = "NEGATIVE"
    NOT_A_MONDAY = "NOT_A_MONDAY"
    NOT_ALLOWED = "NOT_ALLOWED"
    NOT_APPROVED = "NOT_APPROVED"
    NOT_ASKED = "NOT_ASKED"
    NOT_FOUND = "NOT_FOUND"
    NOT_RELEVANT = "NOT_RELEVANT"
    NOT_SETTLEMENT_READY = "NOT_SETTLEMENT_READY"
    OTHER_SOURCE = "OTHER_SOURCE"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    PERIOD_ORDER = "PERIOD_ORDER"
    PERSON_NOT_FOUND = "PERSON_NOT_FOUND"
    PERSONLISTE_FULL = "PERSONLISTE_FULL"
    REASON_REQUIRED = "REASON_REQUIRED"
    REGISTERED_BY_INTEGRATION = "REGISTERED_BY_INTEGRATION"
    REQUIRED = "REQUIRED"
    ROLE_NOT_ALLOWED = "ROLE_NOT_ALLOWED"
    SELF = "SELF"
    TOO_LONG = "TOO_LONG"
    UNCHANGED = "UNCHANGED"
    VEDTAK_MISSING = "VEDTAK_MISSING"
    WINDOW_NOT_ALLOWED = "WINDOW_NOT_ALLOWED"
    WINDOW_ORDER = "WINDOW_ORDER"
    WINDOW_REQUIRED = "WINDOW_REQUIRED"
    WRONG_TYPE = "WRONG_TYPE"


class Regelbrudd(Exception):
    """A step the rules refuse; the transaction is rolled back and the caller told why."""

    def __init__(self, field: str, message: str, code: ErrorCode) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code = code


def er_landkode(value: str) -> bool:
    """An ISO 3166-1 alpha-3 code as the service keeps it: three capitals (XXX: stateless)."""
    return len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()


def tekst_eller_none(value: str | None) -> str | None:
    """Text as given, trimmed; blank is none."""
    return (value or "").strip() or None


def required_text(
    value: str | None, field: str, message: str, code: ErrorCode = ErrorCode.REASON_REQUIRED
) -> str:
    """``value`` trimmed; blank breaks the rule ``message`` says (a reason, by default)."""
    text = tekst_eller_none(value)
    if text is None:
        raise Regelbrudd(field, message, code)
    return text

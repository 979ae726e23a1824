"""What a GraphQL request over HTTP may be: its media type, a JSON body in UTF-8 nested at most
so deep, and one operation unless it names the one to run. Each check is a scan in C (regular
expressions, ``bytes.translate``) or a loop of a bounded number of steps."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

import orjson

from app.settings import SettingsError
from models.identifikatorer import er_siffer
from schema.limits import MAX_TOKENS

JSON = "application/json"
MAX_JSON_DEPTH_CEILING = 256
"""The deepest BOSETTING_MAX_JSON_DEPTH can be: the depth check is a regular expression with
one nested group per level, and Python compiles a few hundred at most."""


def _whole(name: str, default: int, lowest: int, highest: int | None = None) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    number = int(value) if er_siffer(value) else -1
    if number < lowest or (highest is not None and number > highest):
        within = f"from {lowest} to {highest}" if highest is not None else f"at least {lowest}"
        raise SettingsError(f"{name} must be a whole number {within}, not {value!r}")
    return number


@dataclass(frozen=True)
class HttpLimits:
    max_json_depth: int = 64
    """BOSETTING_MAX_JSON_DEPTH: how deep a request's JSON (body, GET ``variables``, websocket
    message) may nest its arrays and objects (400 LIMIT_EXCEEDED above)."""
    max_answer_bytes: int = 10_485_760
    """BOSETTING_MAX_ANSWER_BYTES: the largest answer sent over HTTP, once encoded; a larger
    one is refused with LIMIT_EXCEEDED instead."""

    @classmethod
    def from_env(cls) -> HttpLimits:
        limits = cls(
            max_json_depth=_whole("BOSETTING_MAX_JSON_DEPTH", 64, 1, MAX_JSON_DEPTH_CEILING),
            max_answer_bytes=_whole("BOSETTING_MAX_ANSWER_BYTES", 10_485_760, 1024),
        )
        _nested_at_most(limits.max_json_depth)  # compiled once, at start-up
        return limits


class JsonInputError(ValueError):
    """A JSON text the service does not read; ``kind`` is ``utf8``, ``syntax`` or ``depth``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def is_json_media_type(content_type: str | None) -> bool:
    """``application/json`` in any case; a ``charset`` parameter, if any, says UTF-8."""
    if not content_type:
        return False
    media, *parameters = content_type.split(";")
    if media.strip().lower() != JSON:
        return False
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            return False
    return True


_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_A_BRACKET = bytes(range(256)).translate(None, b"[]{}")
_OBJECT_AS_LIST = bytes.maketrans(b"{}", b"[]")


@functools.cache
def _nested_at_most(depth: int) -> re.Pattern[bytes]:
    """Balanced brackets nested at most ``depth`` deep (possessive: no backtracking)."""
    pattern = b""
    for _ in range(depth):
        pattern = rb"(?:\[" + pattern + rb"\])*+"
    return re.compile(pattern)


def _deeper_than(text: bytes, max_depth: int) -> bool:
    """Whether a JSON text's arrays and objects nest deeper than ``max_depth`` (for a text that
    is not JSON the answer means nothing; the parser refuses it)."""
    brackets = _JSON_STRING.sub(b"", text).translate(_OBJECT_AS_LIST, _NOT_A_BRACKET)
    return _nested_at_most(max_depth).fullmatch(brackets) is None


def load_json(data: bytes | str, max_depth: int, what: str) -> object:
    """The value of a JSON text in UTF-8 nested at most ``max_depth`` deep; ``what`` names the
    text in the refusal ("the request body", "the variables parameter")."""
    try:
        raw = data.encode() if isinstance(data, str) else data
        raw.decode()
    except UnicodeError as error:
        raise JsonInputError("utf8", f"{what} is not UTF-8") from error
    deep = _deeper_than(raw, max_depth)
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        # orjson stops at 1,024 levels itself; any other failure is the text's.
        if not (deep and "depth limit" in str(error)):
            raise JsonInputError("syntax", f"{what} is not JSON ({error})") from error
    if deep:
        raise JsonInputError(
            "depth",
            f"{what} is nested deeper than {max_depth} levels (BOSETTING_MAX_JSON_DEPTH)",
        )
    return value


_SCANNED = re.compile(
    r'"""(?:[^"\\]++|\\(?:""")?|"(?!""))*+(?:""")?'  # block string, even unterminated
    r'|"(?:[^"\\\n\r]++|\\.)*+"?'  # string, even unterminated
    r"|#[^\n\r]*+(?:[\n\r][\s,\ufeff]*+#[^\n\r]*+)*+"  # comments, a run of them at once
    r"|[{}()]"
)
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_OPERATION_KEYWORDS = frozenset(("query", "mutation", "subscription"))
SCAN_MATCHES = 4 * MAX_TOKENS
"""Brackets, strings and runs of comments the operation count reads at most. Brackets and
strings are tokens and a run of comments ends at one, so a document with more has more tokens
than the parser's limit (BOSETTING_MAX_TOKENS) lets through, and is refused there."""


def several_operations(document: str) -> bool:
    """Whether a GraphQL document defines more than one operation: a top-level ``{`` opens an
    operation unless the first word of its definition is another keyword (``fragment``).
    Strings and comments are read past, and braces inside parentheses (default values,
    directive arguments) are no definition's. False past ``SCAN_MATCHES``."""
    depth = 0
    operations = 0
    keyword: str | None = None  # the first word of the top-level definition being read
    gap_start = 0
    for seen, match in enumerate(_SCANNED.finditer(document)):
        if seen > SCAN_MATCHES:
            return False
        if depth == 0 and keyword is None:
            word = _NAME.search(document, gap_start, match.start())
            keyword = word.group() if word else None
        gap_start = match.end()
        piece = match.group()
        if piece in ("{", "("):
            if depth == 0 and piece == "{" and (keyword is None or keyword in _OPERATION_KEYWORDS):
                operations += 1
                if operations > 1:
                    return True
            depth += 1
        elif piece in ("}", ")"):
            depth -= 1
            if depth == 0 and piece == "}":
                keyword = None
    return False

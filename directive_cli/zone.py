"""The office's time zone: which day "today" is, and the clock recorded times are shown in.

Clerks of one office may sit in different zones (a laptop left on its home zone, a clerk
abroad): each mark keeps the offset of the clerk who made it (`recorded_at`), but "today"
and every time shown are those of the office, so the same screen reads the same for all.
The zone is a setting (DIRECTIVE_TZ, or `time_zone` in office.toml), Asia/Ho_Chi_Minh by
default; it is resolved once, and only when a command needs it (loading a zone costs a
file read). Like the language, it is one value for the run; the core takes it as a
parameter or asks `current()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from .errors import InvalidInput
from .i18n import t

DEFAULT = "Asia/Ho_Chi_Minh"
ENV_VAR = "DIRECTIVE_TZ"
# Vietnam has kept UTC+7 without daylight saving since 1975: where no zone database is
# installed (a bare Windows without the tzdata package), the default still reads right.
_FALLBACK = {DEFAULT: timezone(timedelta(hours=7), "ICT")}
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)

_resolver: Callable[[], tzinfo] | None = None
_zone: tzinfo | None = None


def named(text: str, where: str = ENV_VAR) -> tzinfo:
    """The zone `text` names: an IANA name (Asia/Ho_Chi_Minh) or an offset (+07:00, UTC+7);
    refused in one line naming `where` it came from."""
    typed = text.strip()
    fixed = _OFFSET.fullmatch(typed)
    if fixed:
        sign, hours, minutes = fixed.group(1), int(fixed.group(2)), int(fixed.group(3) or 0)
        if hours <= 14 and minutes < 60:
            delta = timedelta(hours=hours, minutes=minutes)
            return timezone(-delta if sign == "-" else delta)
    elif typed.upper() in ("UTC", "GMT", "Z"):
        return UTC
    elif typed and ".." not in typed and not typed.startswith("/"):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(typed)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            if typed in _FALLBACK:
                return _FALLBACK[typed]
    raise InvalidInput(f"{where}: {t('err.time_zone', value=text, default=DEFAULT)}")


def use(resolver: Callable[[], tzinfo] | None) -> None:
    """Resolve the office's zone with `resolver` when first needed (None: the default)."""
    global _resolver, _zone
    _resolver, _zone = resolver, None


def current() -> tzinfo:
    """The office's zone for this run."""
    global _zone
    if _zone is None:
        _zone = _resolver() if _resolver is not None else named(DEFAULT)
    return _zone


def office_time(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """`moment` on the office's clock (a moment without an offset is taken as it reads)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone or current())

"""Deadline phrases of Vietnamese letters → kind, dates and the phrase itself.

Every rule below is a table of real phrases in tests/test_draft_when.py. A year left out
("trước ngày 15/11") is the year of the letter, never today's: the letter's date is a
parameter, and a phrase without any year in a letter without a date gets no date at all.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..deadlines import phrase_due
from ..model import DeadlineKind, ReportsOn
from .bare import restored
from .model import DraftDeadline

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_HANG = r"(?:hằng|hàng)"
_SEP = r"\s*[/.\-]\s*"

# One date expression: a day, a month, a quarter, a half year, the end of a year or a year.
# Each alternative has its own groups; _span() reads whichever matched.
_EXPR = (
    r"(?:(?P<half>6\s+tháng\s+(?P<hpart>đầu|cuối)\s+năm(?:\s+(?P<hy>\d{4}))?)"
    r"|(?:quý\s+(?P<q>IV|I{1,3}|[1-4])(?:(?:\s*/\s*|\s+năm\s+)(?P<qy>\d{4}))?)"
    r"|(?:tháng\s+(?P<m>\d{1,2})(?:(?:\s*/\s*|\s+năm\s+)(?P<my>\d{4}))?)"
    r"|(?:(?:ngày\s+)?(?P<d>\d{1,2})(?:" + _SEP + r"|\s+tháng\s+)(?P<dm>\d{1,2})"
    r"(?:(?:" + _SEP + r"|\s+năm\s+)(?P<dy>\d{4}))?(?![\d/]))"
    r"|(?:(?P<endy>cuối)\s+năm\s+(?P<ey>\d{4}))"
    r"|(?:năm\s+(?P<y>\d{4})))"
)


def _expr(tag: str) -> str:
    """The expression with its groups renamed, so that two can sit in one pattern."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{tag}{m.group(1)}>", _EXPR).replace(
        "(?P=", f"(?P={tag}"
    )


_A, _B = _expr("a_"), _expr("b_")
_PERIOD = re.compile(
    r"\btừ\s+(?:ngày\s+)?" + _A + r"\s*(?:\([^)]*\)\s*)?(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?" + _B,
    re.I,
)
_FROM = re.compile(r"\b(?:kể\s+)?từ\s+(?:ngày\s+)?" + _A, re.I)
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?,?\s*)?"
_FIXED = re.compile(
    r"\b(?:hoàn\s+thành\s+)?"
    r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?|không\s+quá)\s+"
    + _HOUR
    + r"(?:ngày\s+)?"
    + _A,
    re.I,
)
_DONE_IN = re.compile(
    r"\b(?:hoàn\s+thành|xong)\s+(?:trong|trước|vào|ngay\s+trong|trước\s+hết|xong\s+trong)?\s*" + _A,
    re.I,
)
_TARGET = re.compile(r"\b(?:ngay\s+trong|trong|đến\s+hết|hết|vào)\s+" + _A, re.I)
_END_YEAR = re.compile(r"\bcuối\s+năm\s+(?P<a_ey>\d{4})", re.I)
_HALF = re.compile(
    r"\b6\s+tháng\s+(?P<a_hpart>đầu|cuối)\s+năm(?:\s+(?P<a_hy>\d{4}))?(?P<a_half>)", re.I
)
_ON_DAY = re.compile(r"^\s*(?:vào\s+)?(?:ngày\s+)?" + _A, re.I)

_MONTHLY = [
    re.compile(r"\b(?:trước\s+)?ngày\s+(?P<day>\d{1,2})\s+" + _HANG + r"\s+tháng\b", re.I),
    re.compile(
        r"\b" + _HANG + r"\s+tháng,?\s+(?:trước\s+)?ngày\s+(?P<day>\d{1,2})\b(?![/\d])", re.I
    ),
    re.compile(
        r"\bđịnh\s+kỳ\s+(?:vào\s+)?ngày\s+(?P<day>\d{1,2})\s+" + _HANG + r"\s+tháng\b", re.I
    ),
]
_YEARLY = [
    re.compile(
        r"\b(?:trước\s+)?ngày\s+(?P<day>\d{1,2})(?:\s*/\s*|\s+tháng\s+)(?P<month>\d{1,2})\s+"
        + _HANG
        + r"\s+năm\b",
        re.I,
    ),
    re.compile(
        r"\b(?:định\s+kỳ\s+)?" + _HANG + r"\s+năm\s*[(,]?\s*trước\s+ngày\s+(?P<day>\d{1,2})"
        r"(?:\s*/\s*|\s+tháng\s+)(?P<month>\d{1,2})\b(?![/\d])",
        re.I,
    ),
]
# A report due in the period after the one it covers: "trước ngày 20 của tháng đầu quý sau",
# "trước ngày 5 của tháng sau", "trước ngày 15/1 năm sau" (each a rule, reporting on the previous).
_NEXT_PERIOD = r"\s+(?:sau|tiếp\s+theo)\b"
# Each with the last day its rule may name: some months have no 29th (or no 31st, of those
# that open a quarter: April); a yearly day exists every year, but 29/2.
_NEXT: list[tuple[re.Pattern[str], str, int]] = [
    (
        re.compile(
            r"\b(?:trước\s+)?ngày\s+(?P<day>\d{1,2})\s+(?:của\s+)?tháng\s+(?:đầu(?:\s+tiên)?"
            r"|thứ\s+nhất)\s+(?:của\s+)?quý" + _NEXT_PERIOD,
            re.I,
        ),
        "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY={day}",
        30,
    ),
    (
        re.compile(
            r"\b(?:trước\s+)?ngày\s+(?P<day>\d{1,2})\s+(?:của\s+)?tháng" + _NEXT_PERIOD, re.I
        ),
        "FREQ=MONTHLY;BYMONTHDAY={day}",
        28,
    ),
    (
        re.compile(
            r"\b(?:trước\s+)?ngày\s+(?P<day>\d{1,2})(?:\s*/\s*|\s+tháng\s+)(?P<month>\d{1,2})"
            r"\s+(?:của\s+)?năm" + _NEXT_PERIOD,
            re.I,
        ),
        "FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}",
        31,
    ),
]
# In a cadence's sentence, the period reported on named as the one before ("báo cáo kết quả
# tháng trước", "của quý trước") or the due date as in the next ("… của tháng sau"); "so với
# cùng kỳ năm trước" compares, it names no period reported on.
_BEFORE = re.compile(r"(?<!cùng\skỳ\s)(?<!so\svới\s)\b(?:tháng|quý|năm|kỳ)\s+trước\b", re.I)
_AFTER = re.compile(
    r"[\s,(]*(?:của\s+)?(?:tháng\s+đầu\s+(?:của\s+)?)?(?:tháng|quý|năm)" + _NEXT_PERIOD, re.I
)
_CADENCE = re.compile(
    r"\b(?:định\s+kỳ(?:\s+"
    + _HANG
    + r"\s+(?:tuần|tháng|quý|năm))?|"
    + _HANG
    + r"\s+(?:tuần|tháng|quý|năm))\b(?:[^.;]{0,80}?theo\s+quy\s+định)?",
    re.I,
)
_WITHIN = re.compile(
    r"(?:\b(?P<in>trong)\s+(?:vòng\s+|thời\s+hạn\s+)?|(?<![\d/.]))(?P<n>\d{1,3})\s+ngày"
    r"(?P<work>\s+làm\s+việc)?"
    r"(?:[^.;]{0,30}?kể\s+từ\s+(?:(?:ngày\s+)?(?P<since>ký(?:\s+ban\s+hành)?|ban\s+hành"
    r"|văn\s+bản\s+này\s+có\s+hiệu\s+lực|nhận(?:\s+được)?(?:\s+(?:văn\s+bản|công\s+văn"
    r"|kế\s+hoạch|quyết\s+định)(?:\s+này)?)?)\b|ngày\s+" + _A + r"|(?P<other>[^.;,]{1,40})))?",
    re.I,
)
_WORDS: list[tuple[re.Pattern[str], DeadlineKind]] = [
    (
        re.compile(
            r"\b(?:thường\s+xuyên|trong\s+thời\s+gian\s+(?:đến|tới)|lâu\s+dài|liên\s+tục)\b", re.I
        ),
        DeadlineKind.ONGOING,
    ),
    (
        re.compile(
            r"\b(?:khẩn\s+trương|cấp\s+bách|ngay(?!\s+(?:trong|từ|sau|khi))|gấp)\b(?:\s+[^\s,.;]+){0,4}",
            re.I,
        ),
        DeadlineKind.URGENT,
    ),
    (
        re.compile(
            r"\b(?:sau\s+khi\s+có|sau\s+khi|khi\s+có\s+yêu\s+cầu|đột\s+xuất|(?:phải\s+)?kịp\s+thời\s+(?:báo\s+cáo|thông\s+tin|phản\s+ánh|đề\s+xuất|tham\s+mưu|kiến\s+nghị)|trước,\s+trong\s+và\s+sau|trước,\s+trong,\s+sau|nếu\s+có\s+(?:khó\s+khăn|vướng\s+mắc))\b[^.;]{0,60}",
            re.I,
        ),
        DeadlineKind.EVENT,
    ),
]
# "giai đoạn 2021 - 2025" is the span of a plan, "Đề án … giai đoạn 2017-2021" its name.
_PLAN_SPAN = re.compile(r"\bgiai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}", re.I)


@dataclass(frozen=True)
class _Span:
    first: date
    last: date
    year_given: bool


def _last_of_month(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _span(m: re.Match[str], tag: str, year: int | None) -> _Span | None:
    """The first and last day of the expression matched under `tag`."""

    def g(name: str) -> str | None:
        try:
            return m.group(tag + name)
        except IndexError:
            return None

    def y_of(name: str) -> tuple[int | None, bool]:
        raw = g(name)
        return (int(raw), True) if raw else (year, False)

    try:
        if g("half") is not None:
            y, given = y_of("hy")
            if y is None:
                return None
            if g("hpart").lower() == "đầu":  # type: ignore[union-attr]
                return _Span(date(y, 1, 1), date(y, 6, 30), given)
            return _Span(date(y, 7, 1), date(y, 12, 31), given)
        if g("q"):
            q = g("q") or ""
            n = int(q) if q.isdigit() else _ROMAN[q.lower()]
            y, given = y_of("qy")
            if y is None:
                return None
            return _Span(date(y, 3 * n - 2, 1), _last_of_month(y, 3 * n), given)
        if g("m"):
            y, given = y_of("my")
            month = int(g("m") or 0)
            if y is None or not 1 <= month <= 12:
                return None
            return _Span(date(y, month, 1), _last_of_month(y, month), given)
        if g("d"):
            y, given = y_of("dy")
            if y is None:
                return None
            day = date(y, int(g("dm") or 0), int(g("d") or 0))
            return _Span(day, day, given)
        if g("ey"):
            y = int(g("ey") or 0)
            return _Span(date(y, 12, 31), date(y, 12, 31), True)
        if g("y"):
            y = int(g("y") or 0)
            return _Span(date(y, 1, 1), date(y, 12, 31), True)
    except ValueError:  # 31/2, tháng 13: not a date, so not a deadline
        return None
    return None


@dataclass(frozen=True)
class _Found:
    start: int
    deadline: DraftDeadline


def _phrase(text: str, m: re.Match[str]) -> str:
    return text[m.start() : m.end()].strip(" ,;:(")


def _dated(
    text: str, year: int | None, issued_on: date | None, taken: list[tuple[int, int]]
) -> list[_Found]:
    found: list[_Found] = []

    def free(m: re.Match[str]) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for m in _PERIOD.finditer(text):
        if not free(m):
            continue
        end = _span(m, "b_", year)
        first = _span(m, "a_", end.last.year if end else year)
        if first and end and first.first <= end.last:
            doubt = None if (first.year_given or end.year_given) else "năm lấy theo ngày văn bản"
            found.append(
                _Found(
                    m.start(),
                    DraftDeadline(
                        DeadlineKind.PERIOD, _phrase(text, m), end.last, first.first, doubt=doubt
                    ),
                )
            )
            taken.append((m.start(), m.end()))
    for pattern, kind in (
        (_FIXED, DeadlineKind.FIXED),
        (_DONE_IN, DeadlineKind.FIXED),
        (_TARGET, DeadlineKind.TARGET),
        (_END_YEAR, DeadlineKind.TARGET),
        (_HALF, DeadlineKind.TARGET),
    ):
        for m in pattern.finditer(text):
            if not free(m) or _in_citation(text, m.start()):
                continue
            span = _span(m, "a_", year)
            if span is None:
                continue
            if (
                kind is DeadlineKind.TARGET
                and m.group(0).lower().startswith("vào")
                and span.first != span.last
            ):
                continue
            # "trong năm 2026" of a plan's title is a span, not a deadline, unless work is due.
            if kind is DeadlineKind.TARGET and re.match(r"(?i)năm\s", text[m.end() - 8 : m.end()]):
                pass
            doubt = None
            due = span.last
            if not span.year_given:
                doubt = "năm không ghi, lấy theo năm của văn bản"
                if issued_on and due < issued_on:
                    due = (
                        due.replace(year=due.year + 1)
                        if not (due.month == 2 and due.day == 29)
                        else due
                    )
                    doubt = "năm không ghi; ngày đã qua so với ngày văn bản nên lấy năm sau"
            found.append(_Found(m.start(), DraftDeadline(kind, _phrase(text, m), due, doubt=doubt)))
            taken.append((m.start(), m.end()))
    return found


def _in_citation(text: str, pos: int) -> bool:
    """A date right after a document's number ("Kết luận số 1753-KL/TU ngày 19/4/2023")."""
    before = text[max(0, pos - 40) : pos]
    return bool(re.search(r"(?:số\s+)?\d+[\w\-]*/[\w\-/Đđ]+\s*,?\s*$", before))


def _reports_on(text: str, m: re.Match[str]) -> tuple[ReportsOn, str]:
    """Whether the cadence matched by `m` reports on the period before its due date's, said
    in its sentence ("tháng trước") or right after it ("hằng tháng, trước ngày 5 của tháng
    sau"); and its phrase, with those words after it."""
    begin = max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start())) + 1
    ends = [i for i in (text.find(".", m.end()), text.find(";", m.end())) if i >= 0]
    after = _AFTER.match(text, m.end())
    phrase = text[m.start() : after.end()].strip(" ,;:(") if after else _phrase(text, m)
    if after or _BEFORE.search(text[begin : min(ends, default=len(text))]):
        return ReportsOn.PREVIOUS, phrase
    return ReportsOn.SAME, phrase


def _previous_periods(text: str, taken: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    for pattern, rule, last in _NEXT:
        for m in pattern.finditer(text):
            day = int(m.group("day"))
            month = int(m.groupdict().get("month") or 1)
            try:
                date(2024, month, day)
            except ValueError:
                continue
            ok = day <= last and (month, day) != (2, 29)  # else the clerk writes the rule
            deadline = DraftDeadline(
                DeadlineKind.RECURRING,
                _phrase(text, m),
                rrule=rule.format(day=day, month=month) if ok else None,
                doubt=None if ok else "ngày cuối tháng: chu kỳ cần ghi tay",
                reports_on=ReportsOn.PREVIOUS,
            )
            found.append(_Found(m.start(), deadline))
            taken.append((m.start(), m.end()))
    return found


def _recurring(text: str, taken: list[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = _previous_periods(text, taken)
    for pattern in _MONTHLY:
        for m in pattern.finditer(text):
            day = int(m.group("day"))
            if 1 <= day <= 31:
                rule = (
                    f"FREQ=MONTHLY;BYMONTHDAY={day}"
                    if day <= 28
                    else f"FREQ=MONTHLY;BYMONTHDAY={day},-1;BYSETPOS=1"
                )
                covers, phrase = _reports_on(text, m)
                found.append(
                    _Found(
                        m.start(),
                        DraftDeadline(
                            DeadlineKind.RECURRING,
                            phrase,
                            rrule=rule if day <= 28 else None,
                            doubt=None if day <= 28 else "ngày cuối tháng: chu kỳ cần ghi tay",
                            reports_on=covers,
                        ),
                    )
                )
    for pattern in _YEARLY:
        for m in pattern.finditer(text):
            day, month = int(m.group("day")), int(m.group("month"))
            try:
                date(2024, month, day)
            except ValueError:
                continue
            rule = f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
            covers, phrase = _reports_on(text, m)
            found.append(
                _Found(
                    m.start(),
                    DraftDeadline(DeadlineKind.RECURRING, phrase, rrule=rule, reports_on=covers),
                )
            )
            taken.append((m.start(), m.end()))
    if not found:
        # "định kỳ báo cáo …" before a bare "hằng năm", which often qualifies a noun.
        cadences = sorted(
            _CADENCE.finditer(text),
            key=lambda m: (not m.group(0).lower().startswith("định kỳ"), m.start()),
        )
        for m in cadences[:1]:
            found.append(_Found(m.start(), DraftDeadline(DeadlineKind.RECURRING, _phrase(text, m))))
    return found


def _words(text: str, issued_on: date | None) -> list[_Found]:
    found: list[_Found] = []
    for m in _WITHIN.finditer(text):
        # "10 ngày" alone is a length ("tổ chức trong 02 ngày" is not a deadline either,
        # unless in working days): only a count from a day, or "trong N ngày", is a deadline.
        if m.group("in") or re.search(r"(?i)kể\s+từ", m.group(0)):
            found.append(_Found(m.start(), _within(text, m, issued_on)))
    for pattern, kind in _WORDS:
        for m in pattern.finditer(text):
            found.append(_Found(m.start(), DraftDeadline(kind, _phrase(text, m))))
    return found


def _within(text: str, m: re.Match[str], issued_on: date | None) -> DraftDeadline:
    """ "trong vòng N ngày (làm việc) kể từ …": a count the loader turns into a date.

    From the letter's signing (or, when it says none, from its date, with a doubt), or from
    the day it names (`from:`); from an occasion ("kể từ ngày kết thúc đợt kiểm tra") it is
    an event: no day to count from.
    """
    from ..workdays import add_working_days

    n, working = int(m.group("n")), bool(m.group("work"))
    unit = "ngày làm việc" if working else "ngày"
    since = m.group("since")
    named = _span(m, "a_", issued_on.year if issued_on else None) if m.group("a_d") else None
    counted_from = re.search(r"(?i)kể\s+từ", m.group(0))
    if (counted_from and not since and named is None) or n == 0:
        origin = (m.group("other") or "").strip()
        why = f"{n} {unit} kể từ {origin or 'một ngày chưa rõ'}: không có ngày để tính"
        return DraftDeadline(DeadlineKind.EVENT, _phrase(text, m), doubt=why)
    origin_day = named.first if named else issued_on
    if origin_day is None:
        why = f"{n} {unit}; văn bản không có ngày để tính"
        return DraftDeadline(DeadlineKind.EVENT, _phrase(text, m), doubt=why)
    if not (counted_from or working):
        # "trong 10 ngày" from no stated day: a length as often as a deadline.
        why = f"{n} ngày; mốc tính thời hạn không rõ"
        return DraftDeadline(DeadlineKind.EVENT, _phrase(text, m), doubt=why)
    doubt = None
    if since is None and named is None:
        doubt = f"không ghi mốc tính {n} {unit}: tính từ ngày văn bản"
    elif since and re.match(r"(?i)nhận", since):
        doubt = f"{n} {unit} kể từ ngày nhận: tính từ ngày văn bản; ghi from: khi biết ngày nhận"
    elif since and re.match(r"(?i)văn", since):
        doubt = f"{n} {unit} kể từ ngày có hiệu lực: tính từ ngày ký"
    elif named is not None and not named.year_given:
        doubt = "năm không ghi, lấy theo năm của văn bản"
    due = add_working_days(origin_day, n) if working else origin_day + timedelta(days=n)
    return DraftDeadline(
        DeadlineKind.FIXED,
        _phrase(text, m),
        due,
        doubt=doubt,
        within=n,
        working=working,
        since=named.first if named else None,
    )


def phrase_days(phrase: str, issued_on: date | None) -> tuple[date, ...]:
    """The days a deadline phrase names ("trước ngày 15/12/2023" → 15/12/2023; a month, a
    quarter, a period: its last day), read as the draft reads letters: for the loader to
    check an encoded `due` against its `source`. Deadline words typed without diacritics
    are read as with them (`restored`); the phrase itself is never changed."""
    year = issued_on.year if issued_on else None
    text = restored(phrase)
    # A count of days from a day the phrase names, or from the letter's signing ("trong 15
    # ngày kể từ ngày 1/9/2023"): not one it leaves in doubt (from receipt, no origin said),
    # nor working days, which the data's own calendar may count otherwise than this reader.
    counted = [
        f
        for f in _words(text, issued_on)
        if f.deadline.within and not f.deadline.doubt and not f.deadline.working
    ]
    found = _dated(text, year, issued_on, []) + counted
    return tuple(f.deadline.due for f in found if f.deadline.due is not None)


def find_deadline(
    text: str, issued_on: date | None, *, stated: str | None = None
) -> DraftDeadline | None:
    """The deadline of a clause; `stated` is the value of its "Thời gian …:" line, if any.

    A stated line wins over the text. Dated phrases win over cadences, cadences over words;
    among dated phrases the earliest day wins and the others are named as a doubt.
    """
    year = issued_on.year if issued_on else None
    if stated:
        on_day = _ON_DAY.match(stated)
        got = _choose(stated, year, issued_on)
        if got is None and on_day and (span := _span(on_day, "a_", year)):
            # A "Thời gian hoàn thành" line or column: "Quý III/2023" alone is by its end.
            doubt = None if span.year_given else "năm không ghi, lấy theo năm của văn bản"
            source = stated[: on_day.end()].strip(" .;")
            got = DraftDeadline(DeadlineKind.FIXED, source, span.last, doubt=doubt)
        if got is not None:
            return _agree(got)
    got = _choose(_PLAN_SPAN.sub(lambda m: " " * len(m.group(0)), text), year, issued_on)
    return _agree(got) if got else None


def _choose(text: str, year: int | None, issued_on: date | None) -> DraftDeadline | None:
    taken: list[tuple[int, int]] = []
    recurring = _recurring(text, taken)
    dated = _dated(text, year, issued_on, taken)
    if dated:
        best = min(dated, key=lambda f: (f.deadline.due or date.max, f.start))
        others = [f.deadline.source for f in dated if f is not best]
        if others:
            note = "còn thời hạn khác: " + "; ".join(s for s in others if s)
            best = _Found(
                best.start,
                replace(
                    best.deadline, doubt="; ".join(x for x in (best.deadline.doubt, note) if x)
                ),
            )
        return best.deadline
    words = _words(text, issued_on)
    if recurring:
        with_rule = [f for f in recurring if f.deadline.rrule]
        ongoing = [f for f in words if f.deadline.kind is DeadlineKind.ONGOING]
        if not with_rule and ongoing:  # "thường xuyên hằng năm": continuous work
            return ongoing[0].deadline
        with_rule = [f for f in recurring if f.deadline.rrule]
        return min(with_rule or recurring, key=lambda f: f.start).deadline
    if words:
        return min(words, key=lambda f: f.start).deadline
    opening = _FROM.search(text)
    if opening and _span(opening, "a_", year):
        return DraftDeadline(
            DeadlineKind.ONGOING,
            _phrase(text, opening),
            doubt="chỉ có ngày bắt đầu, không có ngày kết thúc",
        )
    return None


def _agree(found: DraftDeadline) -> DraftDeadline:
    """Keep the phrase and the date in the agreement the loader checks (load.py)."""
    if found.source and found.due:
        try:
            said = phrase_due(found.source)
        except ValueError:
            said = None
        if said and said != found.due:
            cut = re.search(r"(?:đến|tới)\s.*$", found.source)
            source = cut.group(0) if cut else None
            if source:
                try:
                    said = phrase_due(source)
                except ValueError:
                    said = None
            if not source or (said and said != found.due):
                source = None
            return replace(
                found,
                source=source,
                doubt="; ".join(
                    x for x in (found.doubt, "câu chữ thời hạn ghi trong ghi chú") if x
                ),
            )
    return found

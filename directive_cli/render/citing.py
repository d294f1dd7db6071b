"""How official documents write dates, numbers and citations of other documents. Pure text,
shared by the Word, HTML and plain-text writers."""

from __future__ import annotations

from datetime import date

from ..office import Office
from ..weekly import DirectiveRef

BLANK_NUMBER = "\u00a0" * 6  # non-breaking: the blank for the number survives justification


def short_date(day: date) -> str:
    """16/5/2023: how a document's text cites a date."""
    return f"{day.day}/{day.month}/{day.year}"


def day_words(place: str, day: date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 02 năm 2024": a day below 10 and the months 1 and 2 take
    a leading zero (NĐ 30/2020, Phụ lục I, mục 5)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def number_line(office: Office, symbol: str) -> str:
    """ "Số: 12/BC-UBND", or with the number left blank for the clerk who registers it."""
    return f"Số: {office.number or BLANK_NUMBER}/{symbol}"


def named(d: DirectiveRef) -> str:
    """ "Công văn số 2167/UBND-KTTH"."""
    return f"{d.type} số {d.reference}" if d.type else d.reference


def cited(d: DirectiveRef, *, sep: str = " ") -> str:
    """ "Công văn số 2167/UBND-KTTH ngày 16/5/2023 của Ủy ban nhân dân tỉnh Quảng Ngãi"."""
    text = named(d)
    if d.issued_on:
        text += f" ngày {short_date(d.issued_on)}"
    if d.issuer:
        text += f"{sep}của {d.issuer}"
    return text


def about(d: DirectiveRef) -> str:
    """ " về việc triển khai thực hiện …" from the subject "V/v triển khai thực hiện …"."""
    text = d.subject.strip()
    for lead in ("V/v ", "v/v ", "Về việc ", "về việc "):
        if text.startswith(lead):
            return " về việc " + text[len(lead) :]
    return ""

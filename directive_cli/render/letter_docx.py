"""A reminder letter (công văn đôn đốc) as a Word document, in the layout of NĐ 30/2020
(Phụ lục I, a công văn): the header with "Số: …/UBND-KTTH" and "V/v …" under it, "Kính gửi:",
the tasks owed with their clause's text and deadline (a recurring one's periods owed, one
line each), the request to report by a date, the
signature and "Nơi nhận"."""

from __future__ import annotations

from datetime import datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..office import Office
from ..remind import Letter
from . import official as o
from .letter import subject, words


def render(letter: Letter, office: Office, made: datetime) -> bytes:
    """The letter as .docx bytes, `made` its creation date in the file's properties (the
    moment it was written, given by the caller: never the clock here): the same letter,
    office and moment give the same bytes."""
    w = words(letter, office)
    day = letter.as_of
    doc = o.document(w.subject, office.name, made)
    o.header_block(doc, office, office.letter_symbol, day, subject=subject(letter))
    addressee = o.para(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=12)
    o.run(addressee, "Kính gửi: ", size=o.BODY_PT)
    o.run(addressee, f"{w.addressee}.", size=o.BODY_PT)
    o.body(doc, w.intro)
    for item in w.items:
        o.body(doc, item.heading, bold=True, keep_next=True)
        quote = o.body(doc, item.text, keep_next=True)
        for r in quote.runs:
            r.font.italic = True
        o.body(doc, item.deadline, keep_next=bool(item.periods))
        for number, line in enumerate(item.periods, start=1):
            o.body(doc, f"- {line}", keep_next=number < len(item.periods))
    o.body(doc, w.closing, keep_next=True)
    o.signature(doc, office, office.letter_recipients)
    return o.to_bytes(doc)

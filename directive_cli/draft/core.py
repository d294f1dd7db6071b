"""Letter text → Draft: the pure core of `directive draft` (no files, no clock).

The letter's own date is the only "today" it knows: a deadline without a year takes the
year of the letter. Every choice it is unsure of is kept as a doubt, which the writer puts
on the line concerned as `# KIỂM TRA: …`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from ..model import Registry
from ..text import fold
from .clauses import Builder
from .layout import LOWER, UPPER, Para, clean, paragraphs, tree
from .meta import (
    dated_of,
    documents_of,
    issuer_of,
    kind_of,
    listed_after,
    number_of,
    province_of,
    signer_of,
    subject_of,
)
from .model import Draft, DraftMeta
from .names import Resolver

_SIGNATURE = re.compile(r"^(?:TM\.|KT\.|K/T|Q\.|TL\.|TUQ\.)")
_PERSON = re.compile(r"^(?:[" + UPPER + r"][" + LOWER + r"]*\s?){2,5}$")


def draft_letter(
    text: str,
    registry: Registry,
    *,
    draft_id: str | None = None,
    filename: str | None = None,
    dated: date | None = None,
    home: tuple[str, ...] = (),
) -> Draft:
    """Read a letter's text into a Draft; `filename` only fills a number left blank.

    `dated`: the letter's date as the clerk knows it (its e-office record, the signed copy),
    for a text that leaves the day blank ("ngày … tháng … năm 2026"): it is never guessed.
    `home`: the issuers of the directives the registry serves (those beside its bodies.yaml),
    which say whose province it is: a letter of another province is matched with a doubt.
    """
    cleaned = clean(text)
    lines = cleaned.split("\n")
    paras = paragraphs(text)
    flat = [f"{p.label} {p.text}".strip() for p in paras]
    meta_doubts: list[str] = []

    number, symbol = number_of(cleaned)
    if not number and filename:
        hint = re.search(r"(?i)(?:^|[^a-z])[a-zđ]{2,4}-?(\d{1,5})-(\d{4})", PurePath(filename).stem)
        if hint:
            number = hint.group(1)
            meta_doubts.append(f"số văn bản để trống, lấy theo tên tệp: {number}")
    if not number:
        meta_doubts.append("không thấy số văn bản")
    place, issued_on, why = dated_of(cleaned)
    if dated is not None:
        if issued_on is not None and issued_on != dated:
            meta_doubts.append(
                f"văn bản ghi ngày {issued_on.isoformat()}, đã dùng ngày nhập: {dated.isoformat()}"
            )
        issued_on, why = dated, None
    if why:
        meta_doubts.append(why)
    year = re.search(
        r"ngày\s+(?:\d{1,2}\s+)?tháng\s+(?:\d{1,2}\s+)?năm\s+(\d{4})", " ".join(cleaned.split())
    )
    issuer = issuer_of(lines)
    kind = kind_of(cleaned, symbol)
    signer_name, signer_title = signer_of(cleaned)
    subject = subject_of(flat, kind, place)
    own_ref = f"{number}/{symbol}" if number and symbol else None
    documents = tuple(documents_of(cleaned, own_ref))
    if issued_on is None and year:
        # A letter is never older than what it cites: the latest cited day of its year is
        # the earliest it can be (its own date is left blank in the text).
        stated = int(year.group(1))
        cited = [d.issued_on for d in documents if d.issued_on and d.issued_on.year == stated]
        issued_on = max(cited, default=date(stated, 1, 1))
        meta_doubts.append(
            f"ngày ký tạm ghi {issued_on.isoformat()}: "
            f"ngày muộn nhất mà văn bản dẫn trong năm {stated}"
        )
    implements = None
    if subject:
        implements = next((d.id for d in documents if d.reference and d.reference in subject), None)
    urgency = next(
        (
            w
            for w in ("HỎA TỐC", "HOẢ TỐC", "THƯỢNG KHẨN", "KHẨN")
            if re.search(r"(?m)^\s*" + w + r"\s*$", cleaned)
        ),
        None,
    )

    resolver = Resolver(registry, issued_on, place)
    foreign = _another_province(issuer, home, resolver)
    if foreign:
        meta_doubts.append(foreign)
    addressed, used_addr = listed_after(flat, r"Kính gửi")
    recipients, used_recip = listed_after(flat, r"Nơi nhận")
    addressees = tuple((a, resolver.group(a)) for a in addressed)

    body = _body_paragraphs(paras, used_addr | used_recip)
    builder = Builder(resolver, issued_on)
    builder.walk(tree(body), prefix="", inherited=[])
    clauses = tuple(builder.finish())

    did = draft_id or _default_id(number, issued_on, symbol)
    meta = DraftMeta(
        number=number,
        symbol=symbol,
        type=kind,
        issuer=issuer,
        place=place,
        issued_on=issued_on,
        subject=subject,
        signer_name=signer_name,
        signer_title=signer_title,
        urgency=urgency,
        addressees=addressees,
        recipients=tuple(recipients),
        documents=documents,
        implements=implements,
        doubts=tuple(meta_doubts),
    )
    return Draft(did, meta, clauses, tuple(resolver.proposals.values()))


def _another_province(issuer: str | None, home: tuple[str, ...], resolver: Resolver) -> str | None:
    """The doubt for a letter of one province drafted against another's registry: its
    collectives ("UBND các huyện, thành phố") would be that other province's groups."""
    theirs = province_of(issuer)
    ours = {p for p in map(province_of, home) if p}
    if not theirs or not ours or theirs in ours:
        return None
    if issuer and resolver.registry_body(issuer)[0]:
        return None  # the issuer is a body of the registry: a city of its own province
    registry_of = sorted({h for h in home if province_of(h) in ours})
    return (
        f"văn bản của {issuer} nhưng danh bạ cơ quan là của {', '.join(registry_of)}: các nhóm"
        " (UBND các huyện, các xã …) và cơ quan đã được đối chiếu với danh bạ của tỉnh khác;"
        " hãy soạn lại với --registry là danh bạ của đúng tỉnh, thành phố"
    )


def _default_id(number: str | None, issued_on: date | None, symbol: str | None) -> str:
    year = str(issued_on.year) if issued_on else "0000"
    base = f"{number}-{year}" if number else f"{fold(symbol or 'van ban').replace(' ', '-')}-{year}"
    return re.sub(r"[^a-z0-9\-]", "", base.lower()) or "draft"


def _body_paragraphs(paras: list[Para], skip: set[int]) -> list[Para]:
    """The paragraphs that may hold tasks: from the first numbered point on (or, in a
    letter without numbers, after "Kính gửi"), without recipients, signature, footnotes."""
    numbered = [i for i, p in enumerate(paras) if p.kind not in ("text", "dash") and i not in skip]
    if numbered:
        start = numbered[0]
    else:
        # No numbers: the body follows the "Kính gửi" list (in the first half of the letter).
        start = max((i for i in skip if i < len(paras) // 2 + 1), default=-1) + 1
    out: list[Para] = []
    for i, p in enumerate(paras):
        if i < start or i in skip:
            continue
        text = p.text
        if re.match(r"^\[\d+\]", text):
            continue  # a footnote
        if p.kind == "text" and (
            _SIGNATURE.search(text) or text.upper() == text or _PERSON.match(text)
        ):
            continue  # the signature block, a title in capitals, the signer's name
        if re.match(r"^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT)\s*:?$", text):
            continue
        out.append(p)
    return out

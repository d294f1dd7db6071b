"""End to end on the seed letter (2167/UBND-KTTH): the draft reproduces the hand-made
data/directive_2167.yaml clause by clause, validates, and the bench scores it in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_cli.draft.core import draft_letter
from directive_cli.draft.files import ReadError, read_letter, write_draft
from directive_cli.load import bundled_data, load_catalog, load_directive, load_registry

LETTERS = Path(__file__).parent / "letters"


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages in the default language, whatever an earlier CLI test chose (--lang en)."""
    from directive_cli import i18n

    i18n.set_lang("vi")


SEED = LETTERS / "2167-2023-quangngai.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    registry_path = bundled_data() / "bodies.yaml"
    registry = load_registry(registry_path)
    draft = draft_letter(read_letter(SEED), registry, filename=SEED.name)
    out = tmp_path_factory.mktemp("draft") / "2167"
    write_draft(draft, registry, out, registry_text=registry_path.read_text(encoding="utf-8"))
    catalog = load_catalog(out, collect=True)  # raises with every problem if it does not validate
    hand = load_directive(bundled_data() / "directive_2167.yaml", registry)
    return draft, catalog.directives[0], hand, out


def test_the_draft_validates_and_names_the_letter(drafted):
    draft, mine, hand, _ = drafted
    assert (
        mine.id,
        mine.number,
        mine.symbol,
        mine.type,
        mine.issuer,
        mine.place,
        mine.issued_on,
    ) == (
        hand.id,
        hand.number,
        hand.symbol,
        hand.type,
        hand.issuer,
        hand.place,
        hand.issued_on,
    )
    assert (mine.subject, mine.signer, mine.addressees, mine.recipients, mine.implements) == (
        hand.subject,
        hand.signer,
        hand.addressees,
        hand.recipients,
        hand.implements,
    )
    # Every numbered document the letter cites (the hand file adds unnumbered ones too).
    numbered = [d for d in hand.documents if d.reference]
    assert [(d.reference, d.issued_on, d.type) for d in mine.documents] == [
        (d.reference, d.issued_on, d.type) for d in numbered
    ]
    assert not draft.proposals  # every body of the seed is in the bundled registry


def test_clauses_headings_and_texts_are_the_hand_made_ones(drafted):
    _, mine, hand, _ = drafted
    assert [(c.id, c.heading) for c in mine.clauses] == [(c.id, c.heading) for c in hand.clauses]
    for m, h in zip(mine.clauses, hand.clauses, strict=True):
        if m.id == "5":
            # The draft keeps the point's own title in its text; the hand file moved it to title.
            assert m.text == f"{h.title}: {h.text}"
        else:
            assert m.text == h.text, m.id


def test_tasks_are_the_hand_made_ones(drafted):
    _, mine, hand, _ = drafted
    assert [(t.clause, t.body, t.role) for t in mine.tasks] == [
        (t.clause, t.body, t.role) for t in hand.tasks
    ]
    # The letter's 211, and the same tasks passed on to the successors of ended bodies.
    assert len(mine.tasks) - len(mine.inherited) == 211
    assert mine.inherited == hand.inherited
    assert [c.partners for c in mine.clauses if c.partners] == [
        h.partners for h in hand.clauses if h.partners
    ]


def test_deadlines_are_the_hand_made_ones(drafted):
    _, mine, hand, _ = drafted
    got = {
        c.id: (c.deadline.kind, c.deadline.due, c.deadline.source)
        for c in mine.clauses
        if not c.heading
    }
    want = {
        c.id: (c.deadline.kind, c.deadline.due, c.deadline.source)
        for c in hand.clauses
        if not c.heading
    }
    assert got == want


def test_the_bench_scores_the_seed_in_full():
    from bench.draft_eval import score_letter

    score = score_letter(
        LETTERS / "00_quangngai-2167-2023-seed.key.json", LETTERS, bundled_data() / "bodies.yaml"
    )
    assert (score.clauses, score.found, score.tp, score.fp, score.fn) == (13, 13, 31, 0, 0)
    assert (score.dated, score.due_right, score.meta_right, score.valid) == (2, 2, 4, True)
    assert score.seconds < 1.0


def test_the_bench_counts_misses_and_false_pairs(tmp_path):
    """A key that the seed does not fit: one clause not found, one body not named."""
    from bench.draft_eval import score_letter

    key = json.loads((LETTERS / "00_quangngai-2167-2023-seed.key.json").read_text(encoding="utf-8"))
    key["text_file"] = str(SEED.resolve())
    key["clauses"].append(
        {
            "id": "8",
            "text_start": "Không có trong văn bản",
            "bodies": [{"name": "Sở Y tế", "role": "lead"}],
        }
    )
    key["clauses"][12]["bodies"] = key["clauses"][12]["bodies"][:2]  # 7 without its third body
    key["signer"] = "Người Khác"
    path = tmp_path / "x.key.json"
    path.write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    score = score_letter(path, tmp_path, bundled_data() / "bodies.yaml")
    assert (score.clauses, score.found, score.missed) == (14, 13, ["8"])
    assert (score.tp, score.fp, score.fn) == (30, 1, 1)
    assert (score.meta_right, score.meta_wrong) == (3, ["signer"])


def test_proposals_land_in_bodies_yaml_marked_and_the_folder_validates(tmp_path):
    registry_path = bundled_data() / "bodies.yaml"
    registry = load_registry(registry_path)
    text = SEED.read_text(encoding="utf-8").replace(
        "7. Công an tỉnh,", "7. Liên đoàn Lao động tỉnh chủ trì, phối hợp với Công an tỉnh,"
    )
    draft = draft_letter(text, registry)
    write_draft(draft, registry, tmp_path, registry_text=registry_path.read_text(encoding="utf-8"))
    bodies = (tmp_path / "bodies.yaml").read_text(encoding="utf-8")
    assert bodies.startswith(registry_path.read_text(encoding="utf-8").rstrip("\n"))
    order = max(b.order for b in registry.bodies) + 1
    assert bodies.endswith(
        f"  - id: ldldt\n    name: Liên đoàn Lao động tỉnh\n    groups: []\n    order: {order}\n"
        '    note: "ĐỀ XUẤT từ văn bản 2167-2023: chưa được xác nhận"\n'
    )
    catalog = load_catalog(tmp_path, collect=True)
    assert [t.body for t in catalog.directives[0].tasks if t.clause == "7"][:2] == ["ldldt", "cat"]


def test_writing_refuses_to_replace_a_file_without_force(tmp_path):
    from directive_cli.errors import OutputError

    registry = load_registry(bundled_data() / "bodies.yaml")
    draft = draft_letter(SEED.read_text(encoding="utf-8"), registry)
    write_draft(draft, registry, tmp_path, registry_text=None)
    before = (tmp_path / "bodies.yaml").read_text(encoding="utf-8")
    with pytest.raises(OutputError):
        write_draft(draft, registry, tmp_path, registry_text=None)
    assert (tmp_path / "bodies.yaml").read_text(encoding="utf-8") == before
    write_draft(draft, registry, tmp_path, registry_text=None, force=True)
    load_catalog(tmp_path, collect=True)


# --- readers ----------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Số: 12/UBND-VX")
    document.add_paragraph("1. Sở Y tế chủ trì.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nội dung", "Cơ quan chủ trì"
    table.cell(1, 0).text, table.cell(1, 1).text = "Rà soát", "Sở Y tế"
    path = tmp_path / "letter.docx"
    document.save(str(path))
    assert read_letter(path).split("\n") == [
        "Số: 12/UBND-VX",
        "",
        "1. Sở Y tế chủ trì.",
        "",
        "| Nội dung | Cơ quan chủ trì |",
        "| Rà soát | Sở Y tế |",
        "",
        "",
    ]


def _pdf(text: bytes) -> bytes:
    """A one-page PDF whose content stream is `text` (Helvetica, so ASCII only)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_text_layer_is_read_and_a_scan_is_refused(tmp_path):
    pytest.importorskip("pypdf")
    path = tmp_path / "letter.pdf"
    path.write_bytes(_pdf(b"BT /F1 12 Tf 72 720 Td (So: 12/UBND-VX) Tj ET"))
    assert read_letter(path).strip() == "So: 12/UBND-VX"
    path.write_bytes(_pdf(b""))
    with pytest.raises(ReadError) as caught:
        read_letter(path)
    assert (
        str(caught.value)
        == f"{path}: tệp PDF không có lớp chữ (bản quét); hãy nhận dạng chữ (OCR) trước"
    )


def test_text_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(b"S\xf4 N\xf4i v\xf9")  # Latin-1, as an old word processor saves it
    with pytest.raises(ReadError) as caught:
        read_letter(path)
    assert (
        str(caught.value)
        == f"{path}: không phải văn bản UTF-8; hãy lưu lại dưới dạng UTF-8 (hoặc .docx)"
    )

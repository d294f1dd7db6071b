"""Measure `directive draft` on letters with answer keys (the rules of letters/README.md).

    python bench/draft_eval.py [LETTERS_DIR] [--registry BODIES_YAML] [--json]

LETTERS_DIR holds NN_name.key.json files beside their texts (default: ../shared/letters
next to the repository). Each letter is drafted against the registry (default: the bundled
bodies.yaml), written to a temporary folder and checked with the loader, then scored:

- clause recall: a key task clause is found when a draft clause's text (NFC, spaces
  collapsed) holds its `text_start` within its first 300 characters; each draft clause
  matches once, in document order;
- named pairs: (clause, body) for the bodies a draft lists by `body:` under `responsible`,
  compared by folded name (the body's name or one of its aliases in the draft's
  bodies.yaml) with the key's `bodies`; groups are not counted either way; a pair of a draft
  clause that matches no key clause is a false positive;
- due: on found clauses whose key has a `due`, the draft's deadline gives that day (for a
  recurring deadline with a cadence, its first occurrence on or after the letter's date);
- metadata: number/symbol, date, issuer (or the key's "(header: …)" form) and signer.

Overall figures are pooled over the letters (micro-averaged).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directive_cli.deadlines import due_date  # noqa: E402
from directive_cli.draft.core import draft_letter  # noqa: E402
from directive_cli.draft.files import write_draft  # noqa: E402
from directive_cli.draft.names import norm  # noqa: E402
from directive_cli.load import (  # noqa: E402
    DirectiveError,
    bundled_data,
    load_catalog,
    load_registry,
)
from directive_cli.model import Directive, Registry  # noqa: E402


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Score:
    name: str
    clauses: int = 0
    found: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dated: int = 0
    due_right: int = 0
    meta_right: int = 0
    meta_total: int = 4
    meta_wrong: list[str] = field(default_factory=list)
    valid: bool = False
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.clauses if self.clauses else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def pair_recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.pair_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def due(self) -> float:
        return self.due_right / self.dated if self.dated else 1.0


def letter_text(letters: Path, key: dict[str, object], key_path: Path) -> tuple[str, Path]:
    name = str(key.get("text_file") or key_path.name.replace(".key.json", ".txt"))
    path = (letters / name).resolve()
    text = path.read_text(encoding="utf-8")
    if text.startswith("# source:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text, path


def labels(registry: Registry, body_id: str) -> set[str]:
    body = registry.body(body_id)
    return {norm(body.name), *(norm(a) for a in body.aliases)}


def score_letter(key_path: Path, letters: Path, registry_path: Path) -> Score:
    key = json.loads(key_path.read_text(encoding="utf-8"))
    text, path = letter_text(letters, key, key_path)
    score = Score(key_path.name.replace(".key.json", ""))
    registry = load_registry(registry_path)
    start = time.perf_counter()
    draft = draft_letter(text, registry, filename=path.name)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "draft"
        write_draft(draft, registry, out, registry_text=registry_path.read_text(encoding="utf-8"))
        score.seconds = time.perf_counter() - start
        try:
            catalog = load_catalog(out, collect=True)
            score.valid = True
            directive: Directive | None = catalog.directives[0]
            drafted_registry = catalog.registry
        except DirectiveError as exc:
            score.problems = [str(p) for p in exc.problems]
            directive, drafted_registry = None, registry
    # What the draft says, clause by clause: from the validated file, else from the model.
    rows: list[tuple[str, list[str], object | None]] = []
    if directive is not None:
        for c in directive.clauses:
            rows.append((collapse(c.text), [r.body for r in c.responsible if r.body], c.deadline))
    else:
        for dc in draft.clauses:
            bodies = [m.body for m in dc.responsible if m.body]
            rows.append((collapse(dc.text), bodies, dc.deadline))
    issued = draft.meta.issued_on

    used: set[int] = set()
    matched_bodies: set[tuple[int, str]] = set()
    for kc in key["clauses"]:
        if kc.get("heading"):
            continue
        score.clauses += 1
        start_words = collapse(kc["text_start"])
        hit = next(
            (i for i, (t, _, _) in enumerate(rows) if i not in used and start_words in t[:300]),
            None,
        )
        key_bodies = [norm(b["name"]) for b in kc.get("bodies", [])]
        if hit is None:
            score.fn += len(key_bodies)
            score.missed.append(kc["id"])
            continue
        used.add(hit)
        score.found += 1
        _, bodies, deadline = rows[hit]
        free = [b for b in bodies if b is not None and drafted_registry.has_body(b)]
        for kb in key_bodies:
            match = next((b for b in free if kb in labels(drafted_registry, b)), None)
            if match is None:
                score.fn += 1
            else:
                free.remove(match)
                matched_bodies.add((hit, match))
                score.tp += 1
        if kc.get("due"):
            score.dated += 1
            got = None
            if deadline is not None and issued is not None:
                got = due_date(deadline, issued, issued)  # type: ignore[arg-type]
            elif deadline is not None:
                got = getattr(deadline, "due", None)
            if got is not None and got.isoformat() == kc["due"]:
                score.due_right += 1
    for i, (_, bodies, _) in enumerate(rows):
        for b in bodies:
            if b is not None and (i, b) not in matched_bodies:
                score.fp += 1

    meta = draft.meta
    checks = {
        "number": f"{meta.number}/{meta.symbol}".lower() == str(key["number"]).lower(),
        "date": bool(meta.issued_on) and meta.issued_on.isoformat() == key["date"],  # type: ignore[union-attr]
        "issuer": _issuer_right(meta.issuer, str(key["issuer"])),
        "signer": norm(meta.signer_name or "") == norm(str(key["signer"])),
    }
    score.meta_right = sum(checks.values())
    score.meta_wrong = [k for k, ok in checks.items() if not ok]
    return score


def _issuer_right(drafted: str | None, keyed: str) -> bool:
    """The key's issuer, or the header form it gives in "(header: …)"."""
    if not drafted:
        return False
    forms = [keyed.split(" (")[0]]
    if "(header:" in keyed:
        forms.append(keyed.split("(header:", 1)[1].rstrip(") "))
    return any(norm(drafted) == norm(f) for f in forms)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", nargs="?", type=Path, default=ROOT.parent / "shared" / "letters")
    parser.add_argument("--registry", type=Path, default=bundled_data() / "bodies.yaml")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    parser.add_argument("--verbose", action="store_true", help="list missed clauses and problems")
    args = parser.parse_args(argv)
    keys = sorted(args.letters.glob("*.key.json"))
    if not keys:
        print(f"no *.key.json in {args.letters}", file=sys.stderr)
        return 2
    scores = [score_letter(k, args.letters, args.registry) for k in keys]
    total = Score("overall")
    for s in scores:
        for f in ("clauses", "found", "tp", "fp", "fn", "dated", "due_right", "meta_right"):
            setattr(total, f, getattr(total, f) + getattr(s, f))
        total.seconds = max(total.seconds, s.seconds)
    total.meta_total = 4 * len(scores)
    total.valid = all(s.valid for s in scores)
    if args.json:
        rows = [
            {
                "letter": s.name,
                "clause_recall": round(s.recall, 3),
                "pair_precision": round(s.precision, 3),
                "pair_recall": round(s.pair_recall, 3),
                "pair_f1": round(s.f1, 3),
                "due_accuracy": round(s.due, 3),
                "dated": s.dated,
                "metadata_right": f"{s.meta_right}/{s.meta_total}",
                "valid": s.valid,
                "seconds": round(s.seconds, 3),
            }
            for s in [*scores, total]
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    head = (
        f"{'letter':<52} {'clauses':>7} {'recall':>6} {'P':>5} {'R':>5} {'F1':>5} {'due':>5} "
        f"{'meta':>5} "
        f"{'valid':>5} {'s':>6}"
    )
    print(head)
    print("-" * len(head))
    for s in [*scores, total]:
        name = s.name if s is not total else "overall (pooled; s = slowest)"
        print(
            f"{name[:52]:<52} {s.found:>3}/{s.clauses:<3} {s.recall:6.2f} {s.precision:5.2f} "
            f"{s.pair_recall:5.2f} {s.f1:5.2f} {s.due_right:>2}/{s.dated:<2} "
            f"{s.meta_right:>2}/{s.meta_total:<2} "
            f"{'yes' if s.valid else 'NO':>5} {s.seconds:6.3f}"
        )
        if args.verbose and s is not total:
            if s.missed:
                print(f"    missed: {', '.join(s.missed)}")
            if s.meta_wrong:
                print(f"    metadata wrong: {', '.join(s.meta_wrong)}")
            for p in s.problems[:10]:
                print(f"    problem: {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

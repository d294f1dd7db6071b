"""Bodies and groups named in a clause: found by their place in the sentence, matched
against the registry, or proposed when the registry lacks them.

Names are read only where Vietnamese administrative wording puts the bodies that do the
work: the subject of a clause ("Sở Nội vụ chủ trì, …"), after "phối hợp (với)", after
"chỉ đạo / đôn đốc / hướng dẫn", in "Cơ quan thực hiện: …" lines, and a recipient that
works on what it receives ("gửi Sở Tài chính tổng hợp"). Recipients of reports ("báo cáo
UBND tỉnh", "tham mưu UBND tỉnh") and issuers of cited documents are not bodies of a task.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..model import Registry, Role
from ..text import fold, nfc
from .layout import UPPER
from .model import Mention, Proposal

# Words that open the name of a body (cơ quan, đơn vị). Longest first.
HEADS = sorted(
    [
        "Ủy ban nhân dân",
        "Uỷ ban nhân dân",
        "Ủy ban Nhân dân",
        "Uỷ ban Nhân dân",
        "UBND",
        "Hội đồng nhân dân",
        "HĐND",
        "Ủy ban",
        "Uỷ ban",
        "Bộ Chỉ huy",
        "Bộ Tư lệnh",
        "Bộ đội",
        "Bộ",
        "Sở",
        "Ban",
        "Tổng cục",
        "Tổng Cục",
        "Chi cục",
        "Cục",
        "Vụ",
        "Văn phòng",
        "Công an",
        "Liên đoàn",
        "Liên hiệp",
        "Đài",
        "Báo",
        "Trung tâm",
        "Bảo tàng",
        "Viện",
        "Học viện",
        "Trường",
        "trường",
        "Đại học",
        "Thanh tra",
        "Kho bạc",
        "Ngân hàng",
        "Bảo hiểm xã hội",
        "Tòa án",
        "Toà án",
        "Viện kiểm sát",
        "Thành đoàn",
        "Tỉnh đoàn",
        "Hội",
        "Tổng Công ty",
        "Tổng công ty",
        "Công ty",
        "Tập đoàn",
        "Hãng phim",
        "Hãng",
        "Nhà xuất bản",
        "Thông tấn xã",
        "Mặt trận",
        "Tỉnh ủy",
        "Tỉnh uỷ",
        "Thành ủy",
        "Thành uỷ",
        "Huyện ủy",
        "Đảng ủy",
        "Vườn quốc gia",
        "Đại sứ quán",
        "Phòng",
        "Quỹ",
        "Cảng vụ",
        "Ban Chỉ huy",
        "Cơ quan",
    ],
    key=len,
    reverse=True,
)
# Standard names of the departments and ministries (after "Sở"/"Bộ"/"Ủy ban"): they hold
# commas and "và", so a list "các Sở: Văn hóa, Thể thao và Du lịch, Y tế" splits right
# without a registry (Nghị định 24/2014, 107/2020 and 150/2025 on provincial departments;
# the ministries of the governments since 1976).
FIELDS = [
    "Văn hóa, Thể thao và Du lịch",
    "Lao động - Thương binh và Xã hội",
    "Kế hoạch và Đầu tư",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Tài nguyên và Môi trường",
    "Thông tin và Truyền thông",
    "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo",
    "Giao thông vận tải",
    "Văn hóa và Thể thao",
    "Văn hóa và Thông tin",
    "Dân tộc và Tôn giáo",
    "Lương thực và Thực phẩm",
    "Quy hoạch - Kiến trúc",
    "Nội vụ",
    "Tư pháp",
    "Tài chính",
    "Công Thương",
    "Xây dựng",
    "Y tế",
    "Ngoại vụ",
    "Du lịch",
    "Công an",
    "Quốc phòng",
    "Ngoại giao",
    "Dân tộc",
    # Offices whose own name joins two bodies (Văn phòng Đoàn ĐBQH và HĐND tỉnh, since 2021).
    "Đoàn đại biểu Quốc hội và HĐND tỉnh",
    "Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
]
_PLACE_WORDS = (
    r"(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|huyện|Huyện|quận|Quận|thị xã|Thị xã|xã|Xã|"
    r"phường|Phường|thị trấn)"
)
# Words that end a name: the predicate of the clause starts there (lower case only: a
# capital "Phát triển" is inside "Sở Nông nghiệp và Phát triển nông thôn").
_VERBS = (
    "chủ trì|phối hợp|theo chức năng|căn cứ|chủ động|có trách nhiệm|có nhiệm vụ|có ý kiến|"
    "có kế hoạch|có văn bản|có báo cáo|tập trung|khẩn trương|tổ chức|thực hiện|triển khai|"
    "tham mưu|xây dựng|cử|cần|phải|tiếp tục|tăng cường|bảo đảm|đảm bảo|huy động|làm|là|"
    "được|để|tại|theo|về|của|gửi|báo cáo|chỉ đạo|hướng dẫn|đôn đốc|nghiên cứu|rà soát|"
    "quán triệt|thống nhất|giải quyết|cung cấp|bố trí|chuẩn bị|lựa chọn|kiểm tra|ứng phó|tổng hợp|"
    "trình|đề xuất|chịu trách nhiệm|thông báo|trực tiếp|cân đối|hỗ trợ|"
    "giúp|nắm|phát huy|thẩm định|tham gia|hoàn thành|trong|với|cho|khi|"
    "đã|sẽ|đang|thì|nhằm|sau|trước|diễn ra|đóng|tiếp nhận|lập|ban hành|cùng cấp"
)
# Words after a list of names that do not make it the subject of a clause.
FUNCTION_WORDS = re.compile(
    r"^(?:của|theo|tại|về|để|trong|với|cho|khi|và|là|được|đã|sẽ|đang|thì|nhằm|sau|trước|"
    r"cùng cấp|diễn ra|trên|đến|từ)(?![\wÀ-ỹ])"
)
_STOP = re.compile(
    r"(?<![\wÀ-ỹ])(?:" + _VERBS + r"|đề nghị|yêu cầu|giao|mời|Chủ trì|Phối hợp)(?![\wÀ-ỹ])"
)
_GENERIC = (
    "sở|ban|ngành|ban ngành|đơn vị|địa phương|cơ quan|tổ chức|cá nhân|doanh nghiệp|huyện|"
    "thị xã|thành phố|quận|phường|xã|thị trấn|tỉnh|cấp|lực lượng|đoàn thể|hội|trường|bộ|"
    "cơ quan ngang bộ|tập thể|ngành|nhà thầu|chính quyền|chủ đầu tư|đại sứ quán|nghệ sĩ|"
    "nghệ sỹ|nhóm|làng nghề|câu lạc bộ|giám tuyển"
)
_GENERIC_START = re.compile(r"^(?:" + _GENERIC + r")(?![\wÀ-ỹ])", re.I)
_TITLES = re.compile(
    r"^(?:(?:Thủ trưởng|Giám đốc|Chủ tịch|Trưởng ban|Đồng chí|đồng chí|Lãnh đạo|Bộ trưởng|"
    r"Bí thư|Chánh Văn phòng)\s+)+"
)
SHARED_HEAD = re.compile(
    r"^(?P<head>(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+các\s+(?:phường|xã|huyện|quận|"
    r"tỉnh|thị xã|thành phố))|(?:các\s+|Các\s+)?(?:Sở|Bộ|Ban|Cục|Tổng cục|Đại sứ quán)"
    r"(?:\s+các\s+nước)?)\s*:\s*",
    re.I,
)
_SHARED_NO_COLON = re.compile(r"^(?:các|Các)\s+(?P<head>Sở|Bộ)\s+(?=[" + UPPER + "])(?!Sở|Bộ)")


def norm(name: str) -> str:
    """The folded key of a name: "Ủy ban nhân dân" = "UBND", "&" = "và", dashes ignored."""
    key = fold(name)
    key = re.sub(r"\b(?:uy|uỷ) ban nhan dan\b", "ubnd", key)
    return " ".join(w for w in key.split() if w != "va")


_FIELD_KEYS = {norm(f): f for f in FIELDS}


# Heads that also start ordinary words: what follows them then is no name.
_NOT_A_BODY = {
    "Ban": r"(?:hành|bố|đầu|ngày|đêm)\b",
    "Bộ": r"(?:máy|luật|tiêu chí|trưởng|phận|nhận diện|hồ sơ|chỉ số|mặt|óc)\b",
    "Sở": r"(?:hữu|dĩ|thích|trường)\b",
    "Hội": r"(?:nghị|thảo|viên|chợ|diễn|thi)\b",
    "Cục": r"(?:bộ|diện)\b",
}


def starts_with_head(text: str) -> str | None:
    for head in HEADS:
        if text.startswith(head) and (len(text) == len(head) or not text[len(head)].isalnum()):
            rest = text[len(head) :].lstrip()
            if re.match(_NOT_A_BODY.get(head, r"(?!)"), rest):
                return None  # "Ban hành", "Bộ máy", "Sở hữu", "Hội nghị": words, not bodies
            if rest.lower().startswith("các ") and head not in ("Liên hiệp", "Liên đoàn", "Hội"):
                return None  # "UBND các huyện": a group ("Liên hiệp các tổ chức …" is one body)
            if head in (
                "Cơ quan",
                "Hội",
                "Phòng",
                "Quỹ",
                "Hãng",
                "Vụ",
                "Báo",
                "Đài",
                "Trường",
                "trường",
            ) and not (rest[:1].isupper()):
                return None  # "Cơ quan truyền thông", "Hội viên": a kind, not a name
            return head
    return None


def _is_place(text: str) -> bool:
    return bool(re.match(_PLACE_WORDS + r"\s+[" + UPPER + "]", text))


@dataclass
class Resolver:
    """Matches names to one registry over a whole letter, and keeps the proposals."""

    registry: Registry
    issued_on: date | None
    place: str | None = None
    proposals: dict[str, Proposal] = field(default_factory=dict)
    _by_key: dict[str, str] = field(default_factory=dict)  # norm(label) → proposal id
    _index: dict[str, set[str]] | None = None

    def _registry_index(self) -> dict[str, set[str]]:
        if self._index is None:
            index: dict[str, set[str]] = {}
            for body in self.registry.bodies:
                if self.issued_on and not body.valid_on(self.issued_on):
                    continue
                for label in (body.name, *body.aliases):
                    index.setdefault(norm(label), set()).add(body.id)
            self._index = index
        return self._index

    def registry_body(self, name: str) -> tuple[str | None, str | None]:
        """(body id, doubt): one registry body by its folded name, never a guess between two."""
        hits = self._registry_index().get(norm(name), set())
        if len(hits) == 1:
            return next(iter(hits)), None
        if len(hits) > 1:
            return None, f"'{name}' trùng tên nhiều cơ quan: {', '.join(sorted(hits))}"
        return None, None

    def _base(self, name: str) -> str:
        """A proposal's key: the name without the letter's own place ("… Hà Nội", "… tỉnh")."""
        key = norm(name)
        if self.place:
            place = norm(self.place)
            key = re.sub(r"\s+(?:thanh pho|tinh)?\s*" + re.escape(place) + r"$", "", key)
        key = re.sub(r"\s+(?:tinh|thanh pho)$", "", key)
        key = re.sub(r"^ubnd\s+", "", key)  # "UBND tỉnh Điện Biên" is "tỉnh Điện Biên"
        return key

    def propose(self, name: str) -> str:
        """The id of the proposal for `name`, made on first sight; spellings become aliases."""
        base = self._base(name)
        pid = self._by_key.get(base)
        if pid is not None:
            old = self.proposals[pid]
            labels = {norm(x) for x in (old.name, *old.aliases)}
            if norm(name) not in labels:
                if name.startswith(("UBND", "Ủy ban", "Uỷ ban")) and not old.name.startswith(
                    ("UBND", "Ủy ban", "Uỷ ban")
                ):
                    old = Proposal(old.id, name, (*old.aliases, old.name))
                else:
                    old = Proposal(old.id, old.name, (*old.aliases, name))
                # An alias may not be any registry body's label (the loader refuses the clash).
                clean = tuple(a for a in old.aliases if norm(a) not in self._registry_index())
                self.proposals[pid] = Proposal(old.id, old.name, clean)
            return pid
        pid = self._new_id(name)
        self.proposals[pid] = Proposal(pid, name)
        self._by_key[base] = pid
        return pid

    def _new_id(self, name: str) -> str:
        words = fold(name).split()
        stem = "".join(w[0] for w in words if w not in ("va",))[:10] or "cq"
        stem = re.sub(r"[^a-z0-9]", "", stem) or "cq"
        taken = {b.id for b in self.registry.bodies} | set(self.proposals)
        pid, n = stem, 2
        while pid in taken:
            pid, n = f"{stem}-{n}", n + 1
        return pid

    def group(self, phrase: str) -> str | None:
        """A registry group that `phrase` names collectively, when it had members that day."""
        words = set(norm(phrase).split()) - {"cac", "cap", "truc", "thuoc", "cua", "tren", "dia"}
        if "lien" in words or "khac" in words:
            return None
        if len(words) < 3 and norm(phrase) not in {norm(g.short) for g in self.registry.groups}:
            return None  # "các cơ quan" alone names no group of the registry
        hits = []
        for g in self.registry.groups:
            names = set(norm(g.name).split()) | set(norm(g.short).split())
            if words <= names:
                members = [
                    b
                    for b in self.registry.members(g.id)
                    if not self.issued_on or b.valid_on(self.issued_on)
                ]
                if members:
                    hits.append(g.id)
        return hits[0] if len(hits) == 1 else None

    # --- reading a list of names ------------------------------------------------------------

    def names(self, segment: str, role: Role, *, unspecified: bool = False) -> list[Mention]:
        """Every body and group of a list: "Sở Y tế, Công an tỉnh và các đơn vị liên quan"."""
        out: list[Mention] = []
        for raw, is_body in _items(segment, lambda x: norm(x) in self._registry_index()):
            text = raw.strip(" ,;:.-–")
            if not text:
                continue
            if is_body:
                out.append(self._body(text, role, unspecified))
            else:
                # An open group ends with its "(có) liên quan": what follows is the predicate.
                text = re.sub(r"^(.*?\b(?:có\s+)?liên\s+quan)\b.*$", r"\1", text)
                gid = self.group(text)
                related = gid is None
                doubt = None
                if related and not re.search(r"liên quan|khác", text):
                    doubt = f"nhóm '{text}' không có trong bodies.yaml"
                out.append(Mention(text, role, group=gid, related=related, doubt=doubt))
        return out

    def _gone(self, name: str) -> str | None:
        """A registry body of that name that did not exist on the letter's date."""
        key = norm(name)
        for body in self.registry.bodies:
            if key in {norm(x) for x in (body.name, *body.aliases)} and not (
                self.issued_on and body.valid_on(self.issued_on)
            ):
                return body.id
        return None

    def _body(self, text: str, role: Role, unspecified: bool) -> Mention:
        gone = self._gone(text) if self.issued_on else None
        if gone and self.registry_body(text) == (None, None):
            # Proposing it again would give bodies.yaml two bodies of one name.
            day = self.issued_on.isoformat() if self.issued_on else ""
            return Mention(
                text,
                role,
                related=True,
                doubt=f"'{text}' ({gone}) không còn tồn tại vào ngày {day}; ghi là nhóm mở",
            )
        if _is_place(text):
            # "Mời tỉnh Điện Biên": a province or city named as a doer is its People's Committee.
            committee = f"UBND {text}"
            bid, doubt = self.registry_body(committee)
            if bid is None and doubt is None:
                bid, doubt = self.registry_body(text)
            if bid is None and doubt is None:
                bid = self.propose(committee)
                self.propose(text)
            return Mention(text, role, body=bid, unspecified=unspecified, doubt=doubt)
        bid, doubt = self.registry_body(text)
        if bid is None and doubt is None:
            bid = self.propose(text)
        return Mention(text, role, body=bid, unspecified=unspecified, doubt=doubt)


def listed(segment: str) -> list[str]:
    """The names of a list as written, matched to nothing (a clause's partners)."""
    return [raw.strip(" ,;:.-–") for raw, _ in _items(segment) if raw.strip(" ,;:.-–")]


def _split_top(segment: str) -> list[tuple[str, str]]:
    """Split at ",", ";" and " và " outside parentheses: (item, separator before it)."""
    parts: list[tuple[str, str]] = []
    depth, start, sep = 0, 0, ""
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ",;":
            parts.append((segment[start:i], sep))
            sep, start = ch, i + 1
        elif depth == 0 and segment.startswith(" và ", i):
            parts.append((segment[start:i], sep))
            sep, start = "và", i + 4
            i += 3
        i += 1
    parts.append((segment[start:], sep))
    return [(p.strip(), s) for p, s in parts if p.strip()]


def _items(segment: str, known: Callable[[str], bool] = lambda _: False) -> list[tuple[str, bool]]:
    """Items of a list of names, each marked body (True) or collective (False).

    `known` says whether a name is a registry label: "Ban Quản lý Khu kinh tế Dung Quất và
    các Khu công nghiệp Quảng Ngãi" holds "và các", which otherwise ends a name.
    """
    out: list[tuple[str, bool]] = []
    head: str | None = None  # the shared head of "các Sở: A, B" while its items last
    pending = _split_top(nfc(segment))
    i = 0
    while i < len(pending):
        item, sep = pending[i]
        item = _TITLES.sub("", item).strip()
        item = re.sub(r"\.\.\.|…", "", item).strip()
        shared = SHARED_HEAD.match(item) or _SHARED_NO_COLON.match(item)
        if shared:
            head = _singular(shared.group("head"))
            item = item[shared.end() :].strip()
            pending[i] = (item, sep)
            if not item:
                i += 1
                continue
        starts = starts_with_head(item)
        if not starts and not head and known(item):
            out.append((item, True))  # "So Noi vu": a registry label typed without marks
            i += 1
            continue
        if head and norm(_longest_field(pending, i)[0]) in _FIELD_KEYS:
            joined, used = _longest_field(pending, i)
            out.append((f"{head} {joined}", True))
            i += used
            continue
        if (
            head
            and not starts
            and not item.lower().startswith("các")
            and not _GENERIC_START.match(item)
        ):
            # "các Sở: Văn hóa, Thể thao và Du lịch": the longest standard name first.
            joined, used = _longest_field(pending, i)
            out.append((f"{head} {joined}", True))
            i += used
            continue
        head = None
        if starts or _is_place(item):
            joined, used = _longest_known(pending, i, known)
            if used > 1:
                out.append((joined, True))
                i += used
                continue
            name = item
            # "Sở Kế hoạch" + "Đầu tư": a comma or "và" inside a name, glued back.
            while i + 1 < len(pending) and _continues(name, pending[i + 1][0]):
                name = f"{name}{', ' if pending[i + 1][1] == ',' else ' và '}{pending[i + 1][0]}"
                i += 1
            name, members = _split_members(name)
            out.append((name, True))
            out.extend((m, True) for m in members)
            i += 1
            continue
        if out and not out[-1][1] and (_GENERIC_START.match(item) or item.islower()):
            out[-1] = (f"{out[-1][0]}, {item}" if sep == "," else f"{out[-1][0]} và {item}", False)
            i += 1
            continue
        name, members = _split_members(item)
        out.append((name, False))
        out.extend((m, True) for m in members)
        i += 1
    return out


def _split_members(item: str) -> tuple[str, list[str]]:
    """ "Các Bộ khác (Bộ Xây dựng, Bộ Thủy lợi)": the group and the bodies it names."""
    m = re.search(r"\(([^()]*)\)", item)
    if not m:
        return item, []
    inside = [x.strip(" .…") for x, _ in _split_top(m.group(1))]
    named = [x for x in inside if starts_with_head(x)]
    if named and starts_with_head(item):
        # "Bộ Quốc phòng (Cục Bản đồ Tổng tham mưu)", "Sở Nội vụ (Ban Thi đua …)": one body.
        return item[: m.end()].strip(), []
    if len(named) >= 1 and not starts_with_head(item):
        return item[: m.start()].strip(), named
    # "Sở Văn hóa và Thể thao Hà Nội (cơ quan thường trực)": a remark, not part of the name.
    return item[: m.start()].strip(), []


def _continues(name: str, nxt: str) -> bool:
    rest = norm(_after_head(name) + " " + nxt)
    if rest and any(norm(f).startswith(rest) for f in FIELDS):
        return True
    if starts_with_head(nxt) or _is_place(nxt) or nxt.lower().startswith("các"):
        return False
    if SHARED_HEAD.match(nxt) or any(nxt.startswith(h + " ") for h in HEADS):
        return False
    if _GENERIC_START.match(nxt):
        return False
    return nxt[:1].isupper() or (
        not _STOP.match(nxt)
        and len(nxt.split()) <= 4
        and nxt[:1].islower()
        and not re.search(r"liên quan", nxt)
    )


def _after_head(name: str) -> str:
    head = starts_with_head(name)
    return name[len(head) :].strip() if head else name


def _joined(pending: list[tuple[str, str]], i: int, n: int) -> str:
    joined = pending[i][0]
    for part, sep in pending[i + 1 : i + n]:
        joined += (", " if sep == "," else " và ") + part
    return joined


def _longest_field(pending: list[tuple[str, str]], i: int) -> tuple[str, int]:
    for n in (4, 3, 2):
        if i + n <= len(pending) and norm(joined := _joined(pending, i, n)) in _FIELD_KEYS:
            return joined, n
    return pending[i][0], 1


def _longest_known(
    pending: list[tuple[str, str]], i: int, known: Callable[[str], bool]
) -> tuple[str, int]:
    for n in (5, 4, 3, 2):
        if i + n <= len(pending) and known(joined := _joined(pending, i, n)):
            return joined, n
    return pending[i][0], 1


def _singular(head: str) -> str:
    """ "các Sở" → "Sở", "UBND các phường" → "UBND phường", "Đại sứ quán các nước" → …"""
    words = re.sub(r"\bcác\s+nước\b", "", head)
    words = " ".join(re.sub(r"\b[Cc]ác\s+", "", words).split())
    return words[:1].upper() + words[1:]


def name_end(text: str) -> int:
    """Where a list of names that starts `text` ends: at the first predicate word or stop mark."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in ".;" and not text[i - 2 : i + 1].endswith("..."):
            if ch == "." and i + 1 < len(text) and text[i + 1] not in " \n":
                continue
            return i
        elif depth == 0 and ch == ":" and not SHARED_HEAD.match(_shared_tail(text[: i + 1])):
            return i
        elif depth == 0 and (i == 0 or not text[i - 1].isalnum()):
            m = _STOP.match(text, i)
            if m and i > 0:
                return i
    return len(text)


def _shared_tail(prefix: str) -> str:
    """The end of `prefix` from its last separator: is its ':' the colon of a shared head?"""
    tail = re.split(r"[,;]", prefix)[-1].strip()
    tail = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Mời|và)\s+", "", tail)
    return _TITLES.sub("", tail) + " "

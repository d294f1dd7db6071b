"""What a new clerk did with `directive draft` in the trial of main, done again: a folder's own
registry kept, two letters in one folder, counts of working days, subjects as written, and a
letter of another province."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date

from draft_helpers import bundled, letter

from directive_cli.app import Exit
from directive_cli.draft.core import draft_letter
from directive_cli.draft.meta import as_written, province_of
from directive_cli.draft.model import Proposal
from directive_cli.draft.writer import bodies_yaml
from directive_cli.load import bundled_data, load_catalog, load_registry
from directive_cli.yamlstrict import parse

# ../shared/letters/04_vpcp-3722-2026-metro-dong-nai.txt, the letter's own lines (the
# "# source:" line dropped; the preamble and the "Nơi nhận" list shortened).
VPCP_3722 = """VĂN PHÒNG CHÍNH PHỦ
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 3722/VPCP-CN
V/v cơ chế đặc thù xây dựng công trình khẩn cấp đối với Dự án kéo dài tuyến Metro Bến Thành - Suối Tiên đến Trung tâm hành chính tỉnh và Cảng hàng không quốc tế Long Thành
Hà Nội, ngày 28 tháng 4 năm 2026
HỎA TỐC
Kính gửi:
- Các Bộ: Công an, Tư pháp, Tài chính, Xây dựng, Nông nghiệp và Môi trường;
- Ủy ban nhân dân tỉnh Đồng Nai.
Xét đề nghị của Ủy ban nhân dân tỉnh Đồng Nai tại văn bản số 92/TTr-UBND ngày 21 tháng 4 năm 2026, Phó Thủ tướng Thường trực Chính phủ Phạm Gia Túc có ý kiến như sau:
Giao các Bộ: Công an, Tài chính, Xây dựng, Tư pháp, Nông nghiệp và Môi trường có ý kiến đối với đề xuất, kiến nghị của Ủy ban nhân dân tỉnh Đồng Nai tại Tờ trình số 92/TTr-UBND nêu trên, ý kiến gửi Ủy ban nhân dân tỉnh Đồng Nai trước ngày 10 tháng 5 năm 2026 để nghiên cứu, tiếp thu, báo cáo Thủ tướng Chính phủ.
Văn phòng Chính phủ thông báo để các Bộ, cơ quan biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, CN. pvc5
KT. BỘ TRƯỞNG, CHỦ NHIỆM
PHÓ CHỦ NHIỆM
Phạm Mạnh Cường
"""

# A second letter of the Government, after 05_cp-nq115-2026: two ministries of 3722, one new.
CP_115 = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 115/NQ-CP
Hà Nội, ngày 05 tháng 5 năm 2026
NGHỊ QUYẾT
Về việc chuyển giao Vườn quốc gia Ba Vì về Ủy ban nhân dân Thành phố Hà Nội quản lý
Điều 1. Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Tài chính, Bộ Nội vụ thực hiện việc chuyển giao.
Điều 2. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Hồ Quốc Dũng
"""

# ../shared/letters/01_kontum-qd435-2020…: its header as the crawler gave it, one sentence
# of its preamble (how the letter writes the names of its subject) and a clause for the
# districts; the programme itself left out.
KONTUM_435 = """Quyết định 435/QĐ-UBND năm 2020
ỦY BAN NHÂN DÂN TỈNH KON TUM -------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU NGÀY 18 THÁNG 12 NĂM 2019 CỦA BAN THƯỜNG VỤ TỈNH ỦY VỀ THỰC HIỆN CHỈ THỊ SỐ 37-CT/TW NGÀY 03 THÁNG 9 NĂM 2019 CỦA BAN BÍ THƯ TRUNG ƯƠNG ĐẢNG “VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO, CHỈ ĐẠO XÂY DỰNG QUAN HỆ LAO ĐỘNG HÀI HOÀ, ỔN ĐỊNH VÀ TIẾN BỘ TRONG TÌNH HÌNH MỚI” ỦY BAN NHÂN DÂN TỈNH KON TUM
Thực hiện Kế hoạch số 119-KH/TU ngày 18 tháng 12 năm 2019 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 37-CT/TW ngày 03 tháng 9 năm 2019 của Ban Bí thư Trung ương Đảng “về tăng cường sự lãnh đạo, chỉ đạo xây dựng quan hệ lao động hài hoà, ổn định và tiến bộ trong tình hình mới”;
1. Ủy ban nhân dân các huyện, thành phố: tổ chức quán triệt Chỉ thị số 37-CT/TW đến cán bộ, đảng viên.
Nơi nhận:
- Lưu VT, KGVX2.
TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp
"""

PROPOSALS_3722 = [
    ("bca", "Bộ Công an"),
    ("btc", "Bộ Tài chính"),
    ("bxd", "Bộ Xây dựng"),
    ("btp", "Bộ Tư pháp"),
    ("bnnmt", "Bộ Nông nghiệp và Môi trường"),
    ("ubndtdn", "Ủy ban nhân dân tỉnh Đồng Nai"),
]


def _proposals(text: str) -> list[tuple[str, str]]:
    bodies = parse(text)["bodies"]
    return [(b["id"], b["name"]) for b in bodies if str(b.get("note", "")).startswith("ĐỀ XUẤT")]


# --- 1. the folder's own bodies.yaml is the registry --------------------------------------


def test_force_into_a_copy_of_the_data_keeps_the_clerks_bodies_and_adds_proposals(cli, tmp_path):
    out = tmp_path / "du-lieu"
    shutil.copytree(bundled_data(), out)
    own = (out / "bodies.yaml").read_text(encoding="utf-8") + (
        "\n  # Văn thư thêm ngày 1/12: chưa có trong danh bạ đi kèm.\n"
        "  - id: tthcc\n"
        "    name: Trung tâm Phục vụ hành chính công tỉnh\n"
        "    groups: []\n"
        "    order: 900\n"
    )
    (out / "bodies.yaml").write_text(own, encoding="utf-8")
    source = tmp_path / "cong-van-88.txt"
    source.write_text(
        letter(
            "1. Trung tâm Phục vụ hành chính công tỉnh và Liên đoàn Lao động tỉnh báo cáo"
            " trước ngày 30/6/2023."
        ).replace("Số: 123/UBND-VX", "Số: 88/UBND-VX"),
        encoding="utf-8",
    )
    result = cli("draft", str(source), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "1 điểm, 2 nhiệm vụ; 1 cơ quan đề xuất mới; 0 thời hạn cần kiểm tra; 0 dòng # KIỂM TRA\n"
    )
    # Every line of the clerk's file, then the proposal at the end of its `bodies` list.
    assert (out / "bodies.yaml").read_text(encoding="utf-8") == own + (
        "\n"
        "  # ĐỀ XUẤT: cơ quan có trong văn bản 88-2023 mà danh bạ chưa có.\n"
        "  # Kiểm tra tên, bí danh, nhóm và thứ tự; bỏ dòng note khi đã xác nhận.\n"
        "  - id: ldldt\n"
        "    name: Liên đoàn Lao động tỉnh\n"
        "    groups: []\n"
        "    order: 901\n"
        '    note: "ĐỀ XUẤT từ văn bản 88-2023: chưa được xác nhận"\n'
    )
    catalog = load_catalog(out)
    drafted = next(d for d in catalog.directives if d.id == "88-2023")
    assert [(t.clause, t.body) for t in drafted.tasks] == [("1", "tthcc"), ("1", "ldldt")]
    assert catalog.registry.body("tthcc").name == "Trung tâm Phục vụ hành chính công tỉnh"


def test_a_second_letter_into_the_same_folder_keeps_the_first_ones_proposals(cli, tmp_path):
    """The trial: `draft 04… -o dd`, then `draft 05… -o dd --force`, then `validate dd`."""
    first, second, out = tmp_path / "3722.txt", tmp_path / "115.txt", tmp_path / "dd"
    first.write_text(VPCP_3722, encoding="utf-8")
    second.write_text(CP_115, encoding="utf-8")
    one = cli("draft", str(first), "-o", str(out))
    assert one.exit_code == 0, one.output
    assert _proposals((out / "bodies.yaml").read_text(encoding="utf-8")) == PROPOSALS_3722
    after_first = (out / "bodies.yaml").read_text(encoding="utf-8")
    two = cli("draft", str(second), "-o", str(out), "--force")
    assert two.exit_code == 0, two.output
    # Bộ Nông nghiệp và Môi trường and Bộ Tài chính are now the folder's: only Bộ Nội vụ is new.
    assert (
        two.stderr
        == "1 điểm, 3 nhiệm vụ; 1 cơ quan đề xuất mới; 0 thời hạn cần kiểm tra; 0 dòng # KIỂM TRA\n"
    )
    text = (out / "bodies.yaml").read_text(encoding="utf-8")
    assert text.startswith(after_first)
    assert _proposals(text) == [*PROPOSALS_3722, ("bnv", "Bộ Nội vụ")]
    nq = next(d for d in load_catalog(out).directives if d.id == "115-2026")
    assert [(t.body, t.role.value) for t in nq.tasks] == [
        ("bnnmt", "lead"),
        ("btc", "support"),
        ("bnv", "support"),
    ]
    validated = cli("validate", str(out))
    assert (validated.exit_code, validated.stdout) == (
        0,
        "Tất cả tệp hợp lệ: 2 văn bản, 3 điểm, 9 nhiệm vụ.\n",
    )


def test_proposals_land_at_the_end_of_the_bodies_list_wherever_it_is(tmp_path):
    """A clerk's file with `bodies` before `groups`, items at the margin, comments: kept."""
    text = (
        "schema: 1\n"
        "# Các cơ quan của văn thư\n"
        "bodies:\n"
        "- id: snv\n"
        "  name: Sở Nội vụ\n"
        "  groups: [g1]\n"
        "  order: 1\n"
        "\n"
        "# Nhóm\n"
        "groups:\n"
        "- id: g1\n"
        "  name: Các sở\n"
        "  order: 1\n"
    )
    path = tmp_path / "bodies.yaml"
    path.write_text(text, encoding="utf-8")
    proposal = Proposal("bxd", "Bộ Xây dựng", ("BXD",))
    written = bodies_yaml(text, load_registry(path), (proposal,), "1-2023")
    assert written == (
        "schema: 1\n"
        "# Các cơ quan của văn thư\n"
        "bodies:\n"
        "- id: snv\n"
        "  name: Sở Nội vụ\n"
        "  groups: [g1]\n"
        "  order: 1\n"
        "\n"
        "# ĐỀ XUẤT: cơ quan có trong văn bản 1-2023 mà danh bạ chưa có.\n"
        "# Kiểm tra tên, bí danh, nhóm và thứ tự; bỏ dòng note khi đã xác nhận.\n"
        "- id: bxd\n"
        "  name: Bộ Xây dựng\n"
        "  aliases: [BXD]\n"
        "  groups: []\n"
        "  order: 2\n"
        '  note: "ĐỀ XUẤT từ văn bản 1-2023: chưa được xác nhận"\n'
        "\n"
        "# Nhóm\n"
        "groups:\n"
        "- id: g1\n"
        "  name: Các sở\n"
        "  order: 1\n"
    )
    path.write_text(written, encoding="utf-8")
    assert [b.id for b in load_registry(path).bodies] == ["snv", "bxd"]


def test_another_registry_for_a_folder_with_its_own_is_refused_and_nothing_is_written(
    cli, tmp_path
):
    out, source = tmp_path / "dd", tmp_path / "3722.txt"
    source.write_text(VPCP_3722, encoding="utf-8")
    assert cli("draft", str(source), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = tmp_path / "khac"
    shutil.copytree(bundled_data(), other)
    for lang, message in (
        (
            "vi",
            f"Lỗi: {out}/bodies.yaml đã có danh mục cơ quan, khác với {other}/bodies.yaml; bỏ"
            " --registry để bản nháp dùng và bổ sung danh mục này, hoặc ghi vào thư mục khác\n",
        ),
        (
            "en",
            f"Error: {out}/bodies.yaml already holds a registry, not {other}/bodies.yaml; leave"
            " out --registry to have the draft use and extend it, or write into another folder\n",
        ),
    ):
        result = cli(
            "draft",
            str(source),
            "-o",
            str(out),
            "--force",
            "--registry",
            str(other),
            "--lang",
            lang,
        )
        assert (result.exit_code, result.stdout, result.stderr) == (Exit.OUTPUT, "", message)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # Naming the folder's own registry is no conflict: nothing new is proposed again.
    same = cli("draft", str(source), "-o", str(out), "--force", "--registry", str(out))
    assert same.exit_code == 0, same.output
    assert (out / "bodies.yaml").read_bytes() == before["bodies.yaml"]


# --- 2. counts of working days -----------------------------------------------------------


def test_ten_working_days_from_signing_is_a_fixed_deadline_the_loader_counts(cli, tmp_path):
    source, out = tmp_path / "cong-van.txt", tmp_path / "nhap"
    source.write_text(
        letter(
            "1. Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trong vòng 10 ngày làm việc kể từ ngày ký."
        ),
        encoding="utf-8",
    )
    result = cli("draft", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "1 điểm, 1 nhiệm vụ; 0 cơ quan đề xuất mới; 0 thời hạn cần kiểm tra; 0 dòng # KIỂM TRA\n"
    )
    [clause] = parse((out / "directive_123-2023.yaml").read_text(encoding="utf-8"))["clauses"]
    assert dict(clause["deadline"]) == {
        "kind": "fixed",
        "within": {"working_days": "10"},
        "source": "trong vòng 10 ngày làm việc kể từ ngày ký",
    }
    [directive] = load_catalog(out).directives
    # Tuesday 20/6/2023 + 10 working days: Tuesday 4/7/2023, and overdue the day after.
    assert directive.clause("1").deadline.due == date(2023, 7, 4)  # type: ignore[union-attr]
    listed = cli("list", "--data", str(out), "--as-of", "5/7/2023", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    rows = [
        (r["task"], r["timeliness"], r["due"], r["deadline_kind"], r["days_overdue"])
        for r in csv.DictReader(io.StringIO(listed.stdout))
    ]
    assert rows == [("1:snv", "overdue", "2023-07-04", "fixed", "1")]


# --- 3. subjects as the letter writes them -------------------------------------------------


def test_a_subject_keeps_its_last_words_before_the_place_and_date_line():
    d = draft_letter(VPCP_3722, bundled())
    assert d.meta.subject == (
        "V/v cơ chế đặc thù xây dựng công trình khẩn cấp đối với Dự án kéo dài tuyến Metro Bến"
        " Thành - Suối Tiên đến Trung tâm hành chính tỉnh và Cảng hàng không quốc tế Long Thành"
    )


def test_a_subject_in_capitals_is_written_as_the_letter_writes_its_words():
    d = draft_letter(KONTUM_435, bundled())
    assert d.meta.subject == (
        "V/v Ban hành chương trình hành động triển khai Kế hoạch số 119-KH/TU ngày 18 tháng 12"
        " năm 2019 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 37-CT/TW ngày 03 tháng 9"
        " năm 2019 của Ban Bí thư Trung ương Đảng “về tăng cường sự lãnh đạo, chỉ đạo xây dựng"
        " quan hệ lao động hài hoà, ổn định và tiến bộ trong tình hình mới”"
    )
    # Without the letter's own spelling: small letters, symbols and the proper nouns kept.
    assert as_written("KẾ HOẠCH SỐ 119-KH/TU CỦA BAN THƯỜNG VỤ TỈNH ỦY", "") == (
        "Kế hoạch số 119-KH/TU của ban thường vụ Tỉnh ủy"
    )
    # A run the letter writes only at the start of a sentence says nothing of its case.
    assert as_written("VỀ VIỆC TRIỂN KHAI", "Về việc triển khai. x") == "Về việc triển khai"
    assert as_written("KẾ HOẠCH VỀ VIỆC", "Ban hành kế hoạch. Về việc này") == "Kế hoạch về việc"


# --- 4. a letter of another province --------------------------------------------------------

FOREIGN = (
    "# KIỂM TRA: văn bản của Ủy ban nhân dân tỉnh Kon Tum nhưng danh bạ cơ quan là của Ủy ban"
    " nhân dân tỉnh Quảng Ngãi: các nhóm (UBND các huyện, các xã …) và cơ quan đã được đối chiếu"
    " với danh bạ của tỉnh khác; hãy soạn lại với --registry là danh bạ của đúng tỉnh, thành phố\n"
)


def test_a_letter_of_another_province_against_the_bundled_registry_is_flagged(cli, tmp_path):
    source, out = tmp_path / "qd-435.txt", tmp_path / "nhap"
    source.write_text(KONTUM_435, encoding="utf-8")
    result = cli("draft", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "1 điểm, 13 nhiệm vụ; 0 cơ quan đề xuất mới; 0 thời hạn cần kiểm tra; 1 dòng # KIỂM TRA\n"
    )
    lines = (out / "directive_435-2020.yaml").read_text(encoding="utf-8").splitlines(True)
    assert [ln for ln in lines if ln.startswith("# KIỂM TRA")] == [FOREIGN]
    # A registry folder without directives says no province: no line.
    bare = tmp_path / "danh-ba"
    bare.mkdir()
    shutil.copy(bundled_data() / "bodies.yaml", bare)
    again = cli("draft", str(source), "-o", str(tmp_path / "nhap2"), "--registry", str(bare))
    assert again.exit_code == 0, again.output
    assert again.stderr.endswith("; 0 dòng # KIỂM TRA\n")


def test_province_of_an_issuer():
    assert [
        province_of(x)
        for x in (
            "Ủy ban nhân dân tỉnh Kon Tum",
            "UBND thành phố Hà Nội",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Tỉnh ủy Quảng Ngãi",
            "Văn phòng Chính phủ",
            "UBND huyện Bình Sơn",
            None,
        )
    ] == ["kon tum", "ha noi", "ho chi minh", "quang ngai", None, None, None]

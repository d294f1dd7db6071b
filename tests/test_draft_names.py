"""Bodies and groups of a clause: lists with a shared head, registry matching that forgives
spelling but never guesses, roles from the wording, proposals for bodies the registry lacks."""

from __future__ import annotations

from datetime import date

import pytest

from directive_cli.draft.names import Resolver, norm
from directive_cli.model import Body, Registry, Role
from tests.draft_helpers import bundled, draft, proposed, who

EMPTY = Registry((), ())


def names(segment: str, registry: Registry | None = None, day: date | None = date(2023, 6, 20)):
    r = Resolver(registry if registry is not None else bundled(), day, "Quảng Ngãi")
    return [(m.body or m.group or f"~{m.text}") for m in r.names(segment, Role.LEAD)], r


@pytest.mark.parametrize(
    ("segment", "ids"),
    [
        # The example, and the seed's point 2 (commas and "và" inside names).
        ("các Sở: Tài chính, Xây dựng, Y tế", ["stc", "sxd", "syt"]),
        (
            "Các Sở: Kế hoạch và Đầu tư, Văn hóa, Thể thao và Du lịch, Lao động - Thương binh và Xã hội, Y tế, Ban Dân tộc tỉnh",
            ["skhdt", "svhttdl", "sldtbxh", "syt", "bdt"],
        ),
        # "và các" inside a registry name does not end it.
        (
            "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi và các sở, ngành, đơn vị, địa phương có liên quan",
            ["bqlkkt", "~các sở, ngành, đơn vị, địa phương có liên quan"],
        ),
        # Spelling forgiven: tone placement, "&", dashes, "Ủy ban nhân dân" = "UBND", no marks.
        ("Sở Văn hoá, Thể thao và Du lịch", ["svhttdl"]),
        ("Sở KH&ĐT", ["skhdt"]),
        ("Sở Lao động – Thương binh và Xã hội", ["sldtbxh"]),
        ("Ủy ban nhân dân thành phố Quảng Ngãi", ["tp-quangngai"]),
        ("So Noi vu", ["snv"]),
        # The titles of heads are not bodies: "Thủ trưởng các sở", "Chủ tịch UBND các huyện".
        (
            "Thủ trưởng các sở, ban ngành, đơn vị trực thuộc UBND tỉnh, các cơ quan Trung ương trên địa bàn tỉnh và Chủ tịch UBND các huyện, thị xã, thành phố",
            ["g1", "g2", "g3"],
        ),
        (
            "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội biên phòng tỉnh",
            ["cat", "bchqs", "bdbp"],
        ),
    ],
)
def test_lists_against_the_registry(segment, ids):
    assert names(segment)[0] == ids


def test_shared_head_of_wards_makes_one_body_each():
    """Hà Nội 173/KH-UBND point V.17: a list of wards under one head, then a commune."""
    got, r = names(
        "UBND các phường: Ba Đình, Hoàn Kiếm, Văn Miếu – Quốc Tử Giám và UBND xã Bát Tràng.", EMPTY
    )
    assert [r.proposals[i].name for i in got] == [
        "UBND phường Ba Đình",
        "UBND phường Hoàn Kiếm",
        "UBND phường Văn Miếu – Quốc Tử Giám",
        "UBND xã Bát Tràng",
    ]


def test_shared_head_of_ministries_without_registry():
    """Government Office 3722/VPCP-CN: "Giao các Bộ: Công an, Tài chính, …"."""
    got, r = names(
        "các Bộ: Công an, Tài chính, Xây dựng, Tư pháp, Nông nghiệp và Môi trường", EMPTY
    )
    assert [r.proposals[i].name for i in got] == [
        "Bộ Công an",
        "Bộ Tài chính",
        "Bộ Xây dựng",
        "Bộ Tư pháp",
        "Bộ Nông nghiệp và Môi trường",
    ]


def test_shared_head_without_colon_and_a_name_with_lower_case():
    """Chỉ thị 299/TTg (1980): "các Bộ Vật tư, lương thực và thực phẩm, Nội thương"."""
    got, r = names(
        "Ủy ban kế hoạch Nhà nước, các Bộ Vật tư, lương thực và thực phẩm, Nội thương, Ngân hàng Nhà nước Việt Nam",
        EMPTY,
    )
    assert [r.proposals[i].name for i in got] == [
        "Ủy ban kế hoạch Nhà nước",
        "Bộ Vật tư",
        "Bộ lương thực và thực phẩm",
        "Bộ Nội thương",
        "Ngân hàng Nhà nước Việt Nam",
    ]


def test_members_named_in_brackets_after_a_group():
    """Chỉ thị 299/TTg 3g: "Các Bộ khác có máy móc … (Bộ Xây dựng, Bộ Thủy lợi, Tổng cục địa chất...)"."""
    got, r = names("Các Bộ khác có máy móc (Bộ Xây dựng, Bộ Thủy lợi, Tổng cục địa chất...)", EMPTY)
    assert got[0] == "~Các Bộ khác có máy móc"
    assert [r.proposals[i].name for i in got[1:]] == [
        "Bộ Xây dựng",
        "Bộ Thủy lợi",
        "Tổng cục địa chất",
    ]


def test_a_sub_unit_in_brackets_stays_with_its_body_and_a_remark_goes():
    got, r = names("Sở Nội vụ (Ban Thi đua Khen thưởng Thành phố)", EMPTY)
    assert [r.proposals[i].name for i in got] == ["Sở Nội vụ (Ban Thi đua Khen thưởng Thành phố)"]
    got, r = names("Sở Văn hóa và Thể thao Hà Nội (cơ quan thường trực)", EMPTY)
    assert [r.proposals[i].name for i in got] == ["Sở Văn hóa và Thể thao Hà Nội"]


def test_one_proposal_per_body_whatever_the_spelling():
    """Kon Tum: "Sở Lao động - Thương binh và xã hội" / "… và Xã hội" / en dash "–"."""
    r = Resolver(EMPTY, date(2020, 5, 4), "Kon Tum")
    ids = {
        m.body
        for text in (
            "Sở Lao động - Thương binh và xã hội",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Lao động – Thương binh và Xã hội",
        )
        for m in r.names(text, Role.LEAD)
    }
    assert len(ids) == 1 and len(r.proposals) == 1


def test_a_place_named_as_doer_is_its_peoples_committee():
    """Hà Nội 173: "Mời Thành phố Hồ Chí Minh, tỉnh Điện Biên" = their UBND, one body each."""
    got, r = names("Thành phố Hồ Chí Minh, tỉnh Điện Biên", EMPTY)
    assert [(r.proposals[i].name, r.proposals[i].aliases) for i in got] == [
        ("UBND Thành phố Hồ Chí Minh", ("Thành phố Hồ Chí Minh",)),
        ("UBND tỉnh Điện Biên", ("tỉnh Điện Biên",)),
    ]


def test_names_that_fold_alike_are_never_guessed():
    registry = Registry((), (Body("a", "Sở An", (), (), 1), Body("b", "Số An", (), (), 2)))
    r = Resolver(registry, None)
    [m] = r.names("Sở An", Role.LEAD)
    assert (m.body, m.doubt) == (None, "'Sở An' trùng tên nhiều cơ quan: a, b")
    assert not r.proposals  # nor proposed as a third body of that name
    assert r.registry_body("Sở An") == (None, "'Sở An' trùng tên nhiều cơ quan: a, b")


def test_a_group_stands_only_for_the_members_it_had_that_day():
    """District level abolished on 1/7/2025: in 2026 "UBND các huyện" names no registry group."""
    assert names("UBND các huyện, thị xã, thành phố", day=date(2023, 6, 20))[0] == ["g3"]
    got, _ = names("UBND các huyện, thị xã, thành phố", day=date(2026, 4, 28))
    assert got == ["~UBND các huyện, thị xã, thành phố"]


def test_open_groups_stay_open():
    assert names("các sở, ngành, đơn vị liên quan")[0] == ["~các sở, ngành, đơn vị liên quan"]
    # Two words name no group: "các cơ quan" is not "Các cơ quan Trung ương trên địa bàn tỉnh".
    assert names("các cơ quan")[0] == ["~các cơ quan"]


def test_a_body_not_existing_on_the_day_is_not_matched_nor_proposed_twice():
    got, r = names("UBND huyện Bình Sơn", day=date(2026, 4, 28))
    assert got == ["~UBND huyện Bình Sơn"] and not r.proposals


def test_norm_unifies_what_the_scoring_rules_unify():
    assert norm("Ủy ban nhân dân tỉnh Quảng Ngãi") == norm("UBND tỉnh Quảng Ngãi")
    assert norm("Sở KH&ĐT") == norm("Sở KH và ĐT")
    assert norm("Văn Miếu – Quốc Tử Giám") == norm("Văn Miếu - Quốc Tử Giám")
    assert norm("hòa") == norm("hoà")


# --- roles from the wording, through whole clauses --------------------------------------------


def test_lead_and_support_from_chu_tri_phoi_hop():
    """2167 point 4: "Sở Nội vụ chủ trì, phối hợp với …"."""
    d = draft(
        "1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và các cơ quan, đơn vị có liên quan tổng hợp, báo cáo UBND tỉnh."
    )
    assert who(d) == {
        "1": [("snv", "lead"), ("stc", "support"), ("~các cơ quan, đơn vị có liên quan", "support")]
    }


def test_recipients_of_reports_are_not_bodies():
    d = draft("1. Sở Y tế tham mưu UBND tỉnh, báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện.")
    assert who(d) == {"1": [("syt", "lead")]}


def test_giao_and_de_nghi_name_the_doer():
    d = draft(
        "1. Giao Sở Tư pháp rà soát các văn bản.\n\n2. Đề nghị Công an tỉnh: Chỉ đạo lực lượng bảo đảm an ninh."
    )
    assert who(d) == {"1": [("stp", "lead")], "2": [("cat", "lead")]}


def test_a_body_directed_is_named_without_a_role():
    """Kon Tum 2.7: "Sở Thông tin và Truyền thông đôn đốc, hướng dẫn các đơn vị, địa phương"."""
    d = draft("1. Sở Xây dựng chỉ đạo Thanh tra tỉnh kiểm tra các công trình.")
    assert who(d) == {"1": [("sxd", "lead"), ("ttt", "unspecified")]}


def test_a_recipient_that_works_on_what_it_receives():
    """Hà Nội 173 IV: "các đơn vị có văn bản đề xuất, gửi Sở Tài chính tổng hợp"."""
    d = draft("1. Các sở có văn bản đề xuất, gửi Sở Tài chính tổng hợp, báo cáo UBND tỉnh.")
    assert ("stc", "unspecified") in who(d)["1"]


def test_heading_passes_its_bodies_to_its_points():
    """2167 point 3: "Văn phòng UBND tỉnh:" and two dashes, each its own task."""
    d = draft(
        "3. Văn phòng UBND tỉnh:\n\n- Khẩn trương rà soát quy chế; hoàn thành trong tháng 7/2023.\n\n- Phối hợp với Sở Nội vụ tham mưu."
    )
    assert [(c.id, c.heading) for c in d.clauses] == [("3", True), ("3.1", False), ("3.2", False)]
    assert who(d) == {"3.1": [("vpub", "lead")], "3.2": [("vpub", "support"), ("snv", "support")]}


def test_task_block_lines_name_lead_and_support():
    """Kon Tum 435 II.2.1: "- Cơ quan thực hiện: A chủ trì, phối hợp với B; C; D"."""
    d = draft(
        "II. NỘI DUNG\n\n1. Nâng cao hiệu quả\n\n1.1. Rà soát cơ chế giải quyết tranh chấp lao động.\n"
        "- Cơ quan thực hiện: Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Sở Tư pháp; các sở, ngành liên quan; Ủy ban nhân dân các huyện, thành phố.\n"
        "- Thời gian thực hiện: Hoàn thành trong quý III/2023."
    )
    assert who(d) == {
        "2.1.1": [
            ("sldtbxh", "lead"),
            ("stp", "support"),
            ("~các sở, ngành liên quan", "support"),
            ("g3", "support"),
        ]
    }
    [task] = d.tasks
    assert (task.deadline.kind.value, task.deadline.due) == ("fixed", date(2023, 9, 30))  # type: ignore[union-attr]


def test_points_without_a_block_share_the_next_ones():
    """Kon Tum 435 II.3.1–3.4: one "Cơ quan thực hiện" block after 3.4 serves the four."""
    d = draft(
        "1. Giải quyết tranh chấp\n\n1.1. Rà soát thiết chế.\n\n1.2. Tập huấn hòa giải viên.\n"
        "- Cơ quan thực hiện: Sở Tư pháp chủ trì.\n- Thời gian thực hiện: Thực hiện thường xuyên."
    )
    assert who(d) == {"1.1": [("stp", "lead")], "1.2": [("stp", "lead")]}
    assert "khối chung" in d.clauses[1].doubts[0]


def test_trong_do_makes_its_own_task():
    """2167 point 6a: "…du lịch; trong đó, Sở Văn hóa, Thể thao và Du lịch khẩn trương …"."""
    d = draft(
        "6. Sở Văn hóa, Thể thao và Du lịch, Sở Kế hoạch và Đầu tư chủ động triển khai:\n\n"
        "a) Tổ chức thực hiện tốt các nhiệm vụ trọng tâm; trong đó, Sở Văn hóa, Thể thao và Du lịch khẩn trương xây dựng Đề án."
    )
    assert who(d) == {"6a": [("svhttdl", "lead"), ("skhdt", "lead")], "6a.1": [("svhttdl", "lead")]}
    assert [c.text for c in d.tasks] == [
        "Tổ chức thực hiện tốt các nhiệm vụ trọng tâm;",
        "trong đó, Sở Văn hóa, Thể thao và Du lịch khẩn trương xây dựng Đề án.",
    ]


def test_sent_to_before_a_date_then_de_is_the_recipients_task():
    """3722/VPCP-CN: "ý kiến gửi UBND tỉnh Đồng Nai trước ngày … để nghiên cứu, tiếp thu"."""
    d = draft(
        "1. Giao các Sở: Tư pháp, Tài chính có ý kiến, ý kiến gửi Sở Xây dựng trước ngày 10 tháng 7 năm 2023 để nghiên cứu, tiếp thu, báo cáo UBND tỉnh."
    )
    assert who(d) == {"1": [("stp", "lead"), ("stc", "lead")], "1.1": [("sxd", "lead")]}
    assert [c.deadline.due if c.deadline else None for c in d.tasks] == [date(2023, 7, 10), None]


def test_proposals_are_named_as_written_and_counted():
    d = draft(
        "1. Liên đoàn Lao động tỉnh chủ trì, phối hợp với Hội Nông dân tỉnh tổ chức tuyên truyền."
    )
    assert sorted(proposed(d).values()) == ["Hội Nông dân tỉnh", "Liên đoàn Lao động tỉnh"]
    assert [r for r, _ in who(d)["1"]] == [p for p in proposed(d)]

"""Vietnamese help: the screens `-h` prints, for clerks who read Vietnamese first.

The code keeps each help text in English where the option is declared (it is read next to the
code); this table gives the Vietnamese text shown by default. `localize` rewrites a freshly
built Click command tree before it parses anything, so `--lang en` and `DIRECTIVE_LANG` choose
the help language the same way they choose every other message. A test checks that every help
text of every command has its entry here: a new option without one fails the suite.
"""

from __future__ import annotations

from typing import Any

# Command help by command name: what it does, then the worked examples (kept identical to the
# English ones, which a test checks). "\b" keeps Click from re-wrapping the example lines.
COMMANDS: dict[str, str] = {
    "": "Theo dõi thực hiện văn bản chỉ đạo (Công văn 2167/UBND-KTTH): danh sách việc phải làm,"
    " ai chủ trì, hạn nào, đã xong chưa.",
    "list": "Liệt kê nhiệm vụ (một điểm × một cơ quan) với trạng thái và tiến độ so với hạn.",
    "show": "Xem một điểm như trong văn bản: nội dung, thời hạn và câu gốc, trạng thái từng cơ"
    " quan, lịch sử.",
    "mark": "Ghi nhận tiến độ của cơ quan; nhiều nhiệm vụ được ghi thành một lô: ghi hết hoặc"
    " không ghi gì.",
    "history": "Xem ai đã ghi gì, khi nào (chỉ ghi thêm; hoàn tác cũng là một cập nhật mới,"
    " không xóa gì).",
    "undo": "Hoàn tác lô cập nhật gần nhất bằng cách ghi thêm cập nhật bù trừ.",
    "summary": "Mỗi cơ quan một dòng, theo nhóm G1/G2/G3: hoàn thành đúng hạn/trễ hạn, chưa"
    " hoàn thành trong hạn/quá hạn, %.",
    "bodies": "Danh mục cơ quan, đơn vị: mã, tên, các tên viết tắt gõ được, nhóm.",
    "validate": "Kiểm tra tệp văn bản và danh mục cơ quan; báo mọi lỗi, không chỉ lỗi đầu tiên.",
    "completion": "In (hoặc cài) gợi ý bằng phím Tab cho mã điểm, cơ quan và trạng thái.",
    "backup": "Sao lưu cơ sở dữ liệu tiến độ trong khi người khác vẫn làm việc; bản sao được"
    " kiểm tra trước khi dùng.",
    "report": "Báo cáo tuần: số liệu 2×2 từng cơ quan, nhiệm vụ quá hạn, thay đổi, nhiệm vụ"
    " sắp đến hạn.\n\nSố liệu là tình trạng cuối kỳ, dựng lại từ lịch sử. Cập nhật"
    " ghi sau nhưng có hiệu lực trong kỳ được đánh dấu «ghi lùi ngày».",
}

# Help panels of the top-level screen, by what a clerk wants to do.
PANELS: dict[str, tuple[str, str]] = {
    "look": ("Tra cứu", "Look up"),
    "record": ("Ghi nhận", "Record progress"),
    "report": ("Báo cáo", "Report"),
    "admin": ("Dữ liệu và an toàn", "Data and safety"),
}

# Option and argument help: English (as declared) → Vietnamese.
PARAMS: dict[str, str] = {
    "Install completion for the current shell.": "Cài gợi ý bằng phím Tab cho shell đang dùng.",
    "Show completion for the current shell, to copy it or customize the installation.": "In đoạn gợi ý bằng phím Tab cho shell đang dùng, để tự chép hoặc chỉnh.",
    "Show this message and exit.": "Xem hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Xem phiên bản rồi thoát.",
    "Body id, alias or name (repeat for OR): SNV, 'so noi vu'.": "Mã, tên viết tắt hoặc tên cơ quan (lặp lại để lấy nhiều): SNV, 'so noi vu'.",
    "Group: g1 (sở, ban ngành), g2 (Trung ương), g3 (huyện).": "Nhóm: g1 (sở, ban ngành), g2 (Trung ương), g3 (huyện).",
    "Clause id; 1 also matches 1a–1d.": "Mã điểm; 1 gồm cả 1a–1d.",
    "Directive: id (2167-2023), number or reference (repeat for OR).": "Văn bản: mã (2167-2023), số hoặc số ký hiệu (lặp lại để lấy nhiều).",
    "todo, in_progress, done, blocked (or Vietnamese words).": "todo, in_progress, done, blocked (hoặc: 'hoàn thành', 'dang thuc hien').",
    "on_time, late, in_time, due_soon, overdue, no_deadline.": "on_time (đúng hạn), late (trễ hạn), in_time (trong hạn), due_soon (sắp đến hạn),"
    " overdue (quá hạn), no_deadline (không thời hạn).",
    "Only overdue tasks.": "Chỉ nhiệm vụ quá hạn.",
    "Due on or before this day.": "Hạn vào hoặc trước ngày này.",
    "Due on or after this day.": "Hạn vào hoặc sau ngày này.",
    "Words in the clause text, title, note or evidence.": "Từ có trong nội dung, tiêu đề điểm, ghi chú hoặc văn bản căn cứ.",
    "lead (chủ trì) or support (phối hợp).": "lead (chủ trì) hoặc support (phối hợp).",
    "Order: clause, due, body, name, status, overdue, updated.": "Sắp xếp: clause (điểm), due (hạn), body (cơ quan, theo thứ tự nghi thức), name (tên,"
    " theo vần), status, overdue (số ngày quá hạn), updated (cập nhật).",
    "Output format: table, json, jsonl, csv, md.": "Định dạng: table (bảng), json, jsonl, csv, md.",
    "Rows shown in a table (machine formats: all).": "Số dòng hiện trong bảng (định dạng máy: tất cả).",
    "Show every row in a table.": "Hiện mọi dòng của bảng.",
    "Judge deadlines as of this day (16/5/2023 or 2023-05-16); default today.": "Xét hạn và trạng thái tính đến hết ngày này (16/5/2023 hoặc 2023-05-16); mặc định"
    " hôm nay.",
    "Directive file or folder (with bodies.yaml); default: the bundled 2167.": "Tệp văn bản hoặc thư mục (có bodies.yaml); mặc định: Công văn 2167 kèm theo.",
    "Progress database; default: the per-user app folder.": "Cơ sở dữ liệu tiến độ; mặc định: thư mục ứng dụng của người dùng.",
    "Language of labels: vi (default) or en.": "Ngôn ngữ: vi (mặc định) hoặc en.",
    "A clause (3.1) or a task (3.1:vpub, 4:SNV).": "Một điểm (3.1) hoặc một nhiệm vụ (3.1:vpub, 4:SNV).",
    "todo, in_progress, done, blocked (or: 'hoàn thành', 'dang thuc hien').": "todo, in_progress, done, blocked (hoặc: 'hoàn thành', 'dang thuc hien').",
    "Tasks CLAUSE:BODY (4:snv, '3.1:VPUB'); a clause alone if it has one body.": "Nhiệm vụ ĐIỂM:CƠ_QUAN (4:snv, '3.1:VPUB'); chỉ cần điểm nếu điểm có một cơ quan.",
    "Effective date: the date of the evidence document (default today).": "Ngày hiệu lực: ngày của văn bản báo cáo (mặc định hôm nay; không sau hôm nay).",
    "Evidence: 'Báo cáo số 45/BC-SNV ngày 20/6/2023'.": "Văn bản căn cứ: 'Báo cáo số 45/BC-SNV ngày 20/6/2023'.",
    "Free note.": "Ghi chú tự do.",
    "Who records it (default DIRECTIVE_USER, else the OS user).": "Người ghi (mặc định DIRECTIVE_USER, không có thì tài khoản máy).",
    "Mark by filter: these bodies (with --clause/--group).": "Ghi theo bộ lọc: các cơ quan này (cùng --clause/--group).",
    "Mark by filter: every body of these groups.": "Ghi theo bộ lọc: mọi cơ quan của các nhóm này.",
    "Mark by filter: these clauses.": "Ghi theo bộ lọc: các điểm này.",
    "Do not ask before marking many tasks.": "Không hỏi lại trước khi ghi nhiều nhiệm vụ.",
    "A clause or task; default: everything.": "Một điểm hoặc nhiệm vụ; mặc định: tất cả.",
    "Who undoes it.": "Người hoàn tác.",
    "Only these bodies' marks.": "Chỉ cập nhật của các cơ quan này.",
    "Only these groups.": "Chỉ các nhóm này.",
    "protocol (default) or name (Vietnamese dictionary order).": "protocol (thứ tự nghi thức, mặc định) hoặc name (theo vần tiếng Việt).",
    "A directive file or a folder of them (default: $DIRECTIVE_DATA, else the bundled data).": "Tệp văn bản hoặc thư mục (mặc định: $DIRECTIVE_DATA, không có thì dữ liệu kèm theo).",
    "bash, zsh, fish or powershell (default: detected, else $SHELL).": "bash, zsh, fish hoặc powershell (mặc định: tự nhận, không được thì theo $SHELL).",
    "Install it for that shell.": "Cài cho shell đó.",
    "Where to write the copy, e.g. D:/sao-luu/tien-do-2023-06-30.db.": "Nơi ghi bản sao, ví dụ D:/sao-luu/tien-do-2023-06-30.db.",
    "Replace FILE if it exists.": "Ghi đè FILE nếu đã có.",
    "ISO week (Monday–Sunday) such as 2023-W22, or 'last'; default: the last complete week"
    " before today.": "Tuần ISO (thứ Hai – Chủ nhật) như 2023-W22, hoặc 'last'; mặc định: tuần trọn vẹn gần"
    " nhất trước hôm nay.",
    "First day of a custom window (16/5/2023 or 2023-05-16); with --to.": "Ngày đầu của kỳ tự chọn (16/5/2023 hoặc 2023-05-16); dùng cùng --to.",
    "Last day of a custom window, inclusive; with --from.": "Ngày cuối của kỳ tự chọn (tính cả ngày đó); dùng cùng --from.",
    "md (e-mail, the default), csv, json or xlsx; when omitted, taken from the --output"
    " extension.": "md (thư điện tử, mặc định), csv, json hoặc xlsx; không nêu thì theo đuôi tệp --output.",
    "Write to this file (atomically) instead of standard output; required for xlsx.": "Ghi vào tệp này (trọn vẹn hoặc không ghi) thay vì in ra màn hình; bắt buộc với xlsx.",
    "Replace the --output file if it exists.": "Ghi đè tệp --output nếu đã có.",
    "Write to this file (csv, json, jsonl, md; the format from the extension unless --format is"
    " given); CSV gets a BOM so Excel reads Vietnamese.": "Ghi vào tệp này (csv, json, jsonl, md; định dạng theo đuôi tệp nếu không có --format);"
    " CSV có BOM để Excel đọc đúng tiếng Việt.",
    "CSV only, one table per file: summary (default: one row per body), overdue, changes or"
    " due_soon.": "Chỉ với CSV, mỗi tệp một bảng: summary (mặc định: mỗi cơ quan một dòng), overdue (quá"
    " hạn), changes (thay đổi) hoặc due_soon (sắp đến hạn).",
}

# Typer's fixed strings on the help screen, by language (module constants of typer.rich_utils).
TYPER_STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "ARGUMENTS_PANEL_TITLE": "Tham số",
        "OPTIONS_PANEL_TITLE": "Tùy chọn",
        "COMMANDS_PANEL_TITLE": "Lệnh",
        "DEFAULT_STRING": "[mặc định: {}]",
        "ENVVAR_STRING": "[biến môi trường: {}]",
        "REQUIRED_LONG_STRING": "[bắt buộc]",
    },
    "en": {
        "ARGUMENTS_PANEL_TITLE": "Arguments",
        "OPTIONS_PANEL_TITLE": "Options",
        "COMMANDS_PANEL_TITLE": "Commands",
        "DEFAULT_STRING": "[default: {}]",
        "ENVVAR_STRING": "[env var: {}]",
        "REQUIRED_LONG_STRING": "[required]",
    },
}

EXAMPLES = ("Examples:", "Example:")


def split_examples(text: str) -> tuple[str, str]:
    """A command's help → (what it does, the examples block with its heading)."""
    for head in EXAMPLES:
        at = text.find(head)
        if at >= 0:
            start = text.rfind("\b", 0, at)  # Click's no-rewrap marker belongs to the examples
            cut = start if start >= 0 and not text[start:at].strip("\b\n ") else at
            return text[:cut].rstrip(), text[cut:]
    return text.rstrip(), ""


def command_help(name: str, english: str, lang: str) -> str:
    """The help of command `name` in `lang`; its examples stay as written."""
    if lang == "en":
        return english
    _, examples = split_examples(english)
    examples = examples.replace("Examples:", "Ví dụ:").replace("Example:", "Ví dụ:")
    return COMMANDS[name] + ("\n\n" + examples if examples else "")


def localize(group: Any, lang: str, english_panels: dict[str, str]) -> None:
    """Rewrite the help texts of a freshly built Click command tree for `lang`.

    `english_panels` maps each panel key to the English panel name used at declaration, so
    commands are moved to the panel name of `lang`.
    """
    import typer.rich_utils as ru
    from typer._click.decorators import help_option  # Typer 0.28 vendors Click (pinned)

    for attr, value in TYPER_STRINGS[lang].items():
        setattr(ru, attr, value)
    panel_of = {
        english: PANELS[key][0 if lang == "vi" else 1] for key, english in english_panels.items()
    }
    for command in [group, *getattr(group, "commands", {}).values()]:
        name = "" if command is group else command.name
        if command.help is not None:
            command.help = command_help(name, command.help, lang)
        panel = getattr(command, "rich_help_panel", None)
        if panel in panel_of:
            command.rich_help_panel = panel_of[panel]
        if lang == "en":
            continue
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                param.help = PARAMS[text]
        # Click builds the -h/--help option on demand with an English text; build it now, with
        # ours (Click caches it in `_help_option`, and reuses a cached one).
        if getattr(command, "_help_option", "missing") is None and command.add_help_option:
            help_option(["-h", "--help"])(command)
            command._help_option = command.params.pop()
            command._help_option.help = PARAMS["Show this message and exit."]

"""The parsed-data cache: served when nothing changed, never when something did."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from directive_cli import load as load_module
from directive_cli.cache import load_cached, load_for_bodies, only_bodies
from directive_cli.errors import NotFound
from directive_cli.load import DirectiveError, bundled_data
from directive_cli.model import Catalog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(bundled_data(), folder)
    return folder


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = load_module.load_catalog

    def counting(path: Path | None = None, **kw: bool):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(path, **kw)

    # The cache imports the loader when it needs it, so the module attribute is the one used.
    monkeypatch.setattr(load_module, "load_catalog", counting)
    return calls


def test_second_load_comes_from_the_cache(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_loads(monkeypatch)
    first = load_cached(data, tmp_path / "cache")
    second = load_cached(data, tmp_path / "cache")
    assert len(calls) == 1 and first == second and len(second.directives[0].tasks) == 410


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(data: Path, tmp_path: Path) -> None:
    load_cached(data, tmp_path / "cache")
    file = data / "directive_2167.yaml"
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    edited = text.replace(
        "title: Phát triển hạ tầng và du lịch", "title: Phát triển hạ tầng và du lịcH"
    )
    assert len(edited.encode()) == len(text.encode()) and edited != text
    file.write_text(edited, encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = load_cached(data, tmp_path / "cache")
    assert again.directives[0].clause("6").title == "Phát triển hạ tầng và du lịcH"


def test_a_broken_file_is_reported_not_served_from_cache(data: Path, tmp_path: Path) -> None:
    load_cached(data, tmp_path / "cache")
    (data / "directive_2167.yaml").write_text("schema: 1\nid: [", encoding="utf-8")
    with pytest.raises(DirectiveError):
        load_cached(data, tmp_path / "cache")


def test_a_corrupt_cache_is_ignored_and_rebuilt(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cached(data, tmp_path / "cache")
    [pickle_file] = (tmp_path / "cache").glob("*.pickle")
    pickle_file.write_bytes(b"\x80\x05garbage")
    calls = _count_loads(monkeypatch)
    assert len(load_cached(data, tmp_path / "cache").directives) == 1
    assert len(calls) == 1
    assert load_cached(data, tmp_path / "cache").directives[0].id == "2167-2023"
    assert len(calls) == 1


def test_an_unwritable_cache_folder_only_costs_speed(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert load_cached(data, blocker / "cache").directives[0].id == "2167-2023"


# --- the task index (commands filtered by body) ------------------------------------------------


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated province: several directives, groups fanned out, every deadline kind."""
    out = tmp_path_factory.mktemp("province") / "p"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            str(out),
            "--tasks",
            "600",
            "--events",
            "3000",
            "--seed",
            "7",
            "--no-taskwarrior",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / "data"


BODY_SETS = [{"snv"}, {"snv", "h-sontinh", "cat"}, {"vpub"}, {"khong-co"}]


@pytest.mark.parametrize("where", ["letter", "province"])
def test_the_index_gives_exactly_the_cut_of_the_whole_catalog(
    where: str, data: Path, province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = data if where == "letter" else province
    whole = load_cached(folder, None)
    assert len(whole.directives) > (1 if where == "province" else 0)
    cache = tmp_path / "cache"
    for bodies in BODY_SETS:
        expected = only_bodies(whole, bodies)
        assert load_for_bodies(folder, cache, lambda r, b=bodies: b) == expected  # builds it
        assert list(cache.glob("*.tasks.sqlite"))
        calls = _count_loads(monkeypatch)
        monkeypatch.setattr(pickle, "loads", _no_whole_pickle(pickle.loads))
        served = load_for_bodies(folder, cache, lambda r, b=bodies: b)
        monkeypatch.undo()
        assert served == expected and calls == []
        # Each directive keeps its header, and only the tasks of those bodies.
        assert [d.id for d in served.directives] == [d.id for d in whole.directives]
        assert {t.body for d in served.directives for t in d.tasks} <= bodies
        assert sum(len(d.tasks) for d in served.directives) == sum(
            1 for d in whole.directives for t in d.tasks if t.body in bodies
        )


def _no_whole_pickle(real):  # type: ignore[no-untyped-def]
    """pickle.loads that refuses the whole-catalog pickle: the index must serve on its own."""

    def loads(data: bytes, *args: object, **kw: object) -> object:
        value = real(data, *args, **kw)
        assert not (
            isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], Catalog)
        ), "read the whole catalog"
        return value

    return loads


def test_an_edited_file_makes_the_index_stale(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_for_bodies(data, cache, lambda r: {"snv"})
    file = data / "directive_2167.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "title: Phát triển hạ tầng và du lịch", "title: Hạ tầng"
        ),
        encoding="utf-8",
    )
    served = load_for_bodies(data, cache, lambda r: {"snv"})
    assert served == only_bodies(load_cached(data, None), {"snv"})
    assert (
        served.directives[0].clause("6") is None
        or served.directives[0].clause("6").title == "Hạ tầng"
    )
    assert len(list(cache.glob("*.tasks.sqlite"))) == 1


@pytest.mark.parametrize("damage", [b"", b"SQLite format 3\x00garbage", None])
def test_a_damaged_index_is_ignored_and_rebuilt(
    data: Path, tmp_path: Path, damage: bytes | None
) -> None:
    cache = tmp_path / "cache"
    expected = load_for_bodies(data, cache, lambda r: {"snv"})
    [index] = cache.glob("*.tasks.sqlite")
    if damage is None:  # a valid database of another shape
        index.unlink()
        con = sqlite3.connect(index)
        con.execute("CREATE TABLE meta (key BLOB, registry BLOB)")
        con.execute("INSERT INTO meta VALUES (x'00', x'00')")
        con.commit()
        con.close()
    else:
        index.write_bytes(damage)
    assert load_for_bodies(data, cache, lambda r: {"snv"}) == expected
    assert load_for_bodies(data, cache, lambda r: {"snv"}) == expected


def test_an_unknown_body_is_the_pickers_error_from_the_index(data: Path, tmp_path: Path) -> None:
    from directive_cli.bodies import find_body

    cache = tmp_path / "cache"
    load_for_bodies(data, cache, lambda r: {"snv"})
    with pytest.raises(NotFound):
        load_for_bodies(data, cache, lambda r: {find_body(r, "so khong co").id})


# --- per file: an edit of one file parses that file only ---------------------------------------


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the loader parses (its per-file function), in order."""
    parsed: list[str] = []
    real = load_module.load_directive

    def counting(path: Path, registry, *more):  # type: ignore[no-untyped-def]
        parsed.append(path.name)
        return real(path, registry, *more)

    monkeypatch.setattr(load_module, "load_directive", counting)
    return parsed


@pytest.fixture
def folder(province: Path, tmp_path: Path) -> Path:
    """A copy of the small province, to edit."""
    return Path(shutil.copytree(province, tmp_path / "edited"))


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("directive_*.yaml"))


def _a_title(file: Path) -> str:
    return next(
        line.split("title:", 1)[1].strip()
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("title:")
    )


def test_one_file_edited_is_the_only_one_parsed_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    files = _files(folder)
    assert len(files) > 3
    parsed = _count_parses(monkeypatch)
    load_cached(folder, cache)
    assert parsed == [f.name for f in files]
    edited = files[len(files) // 2]
    _edit(edited, _a_title(edited), "Tiêu đề đã sửa")
    parsed.clear()
    again = load_cached(folder, cache)
    assert parsed == [edited.name]
    monkeypatch.undo()
    assert again == load_module.load_catalog(folder)
    assert load_cached(folder, cache) == again  # and served whole from now on


def test_one_file_edited_rebuilds_only_its_rows_of_the_index(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    bodies = {"snv", "cat", "h-sontinh"}
    load_for_bodies(folder, cache, lambda r: bodies)
    files = _files(folder)
    edited = files[1]
    _edit(edited, _a_title(edited), "Tiêu đề đã sửa")
    parsed = _count_parses(monkeypatch)
    monkeypatch.setattr(pickle, "loads", _no_whole_pickle(pickle.loads))
    served = load_for_bodies(folder, cache, lambda r: bodies)
    assert parsed == [edited.name]
    parsed.clear()
    assert load_for_bodies(folder, cache, lambda r: bodies) == served
    assert parsed == []  # the updated index serves the next command
    monkeypatch.undo()
    assert served == only_bodies(load_module.load_catalog(folder), bodies)
    assert len(list(cache.glob("*.tasks.sqlite"))) == 1
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no temporaries


def test_a_file_added_and_one_removed_parse_only_the_new_one(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    bodies = {"snv", "vpub"}
    load_cached(folder, cache)
    load_for_bodies(folder, cache, lambda r: bodies)
    files = _files(folder)
    files[0].unlink()
    added = folder / "directive_2167.yaml"  # sorts among the generated ones
    shutil.copy(bundled_data() / "directive_2167.yaml", added)
    parsed = _count_parses(monkeypatch)
    served = load_for_bodies(folder, cache, lambda r: bodies)
    assert parsed == [added.name]
    parsed.clear()
    whole = load_cached(folder, cache)
    assert parsed == [added.name]  # the whole pickle is brought up to date on its own
    monkeypatch.undo()
    fresh = load_module.load_catalog(folder)
    assert whole == fresh
    assert served == only_bodies(fresh, bodies)
    assert [d.path for d in served.directives] == [str(f) for f in _files(folder)]


def test_a_changed_registry_parses_every_file_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_cached(folder, cache)
    load_for_bodies(folder, cache, lambda r: {"snv"})
    registry = folder / "bodies.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    served = load_for_bodies(folder, cache, lambda r: {"snv"})
    assert parsed == [f.name for f in _files(folder)]
    parsed.clear()
    whole = load_cached(folder, cache)
    assert parsed == []  # rebuilt whole on the way
    monkeypatch.undo()
    assert whole == load_module.load_catalog(folder)
    assert served == only_bodies(whole, {"snv"})


@pytest.mark.parametrize("via", ["whole", "index"])
def test_an_edited_file_that_breaks_gives_the_loaders_error(
    via: str, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    files = _files(folder)
    load_cached(folder, cache)
    load_for_bodies(folder, cache, lambda r: {"snv"})
    # A broken file, and another that takes an id that is already used.
    files[2].write_text("schema: 1\nid: [", encoding="utf-8")
    with pytest.raises(DirectiveError) as expected:
        load_module.load_catalog(folder)
    parsed = _count_parses(monkeypatch)
    with pytest.raises(DirectiveError) as caught:
        if via == "whole":
            load_cached(folder, cache)
        else:
            load_for_bodies(folder, cache, lambda r: {"snv"})
    assert caught.value.problems == expected.value.problems
    assert parsed == [files[2].name]


def test_an_id_taken_from_an_unchanged_file_is_the_loaders_error(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    files = _files(folder)
    load_for_bodies(folder, cache, lambda r: {"snv"})
    first_id = load_module.load_catalog(folder).directives[0].id
    taken = load_module.load_catalog(folder).directives[3].id
    _edit(files[3], f'id: "{taken}"', f'id: "{first_id}"')
    with pytest.raises(DirectiveError) as expected:
        load_module.load_catalog(folder)
    parsed = _count_parses(monkeypatch)
    for load in (
        lambda: load_for_bodies(folder, cache, lambda r: {"snv"}),
        lambda: load_cached(folder, cache),
    ):
        with pytest.raises(DirectiveError) as caught:
            load()
        assert caught.value.problems == expected.value.problems
    assert parsed == [files[3].name, files[3].name]


def test_most_files_changed_rebuild_the_index_whole_from_the_updated_pickle(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_for_bodies(folder, cache, lambda r: {"snv"})
    files = _files(folder)
    changed = files[: len(files) // 2 + 1]
    for f in changed:
        f.write_text(f.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    parsed = _count_parses(monkeypatch)
    served = load_for_bodies(folder, cache, lambda r: {"snv"})
    assert parsed == [f.name for f in changed]
    parsed.clear()
    assert load_for_bodies(folder, cache, lambda r: {"snv"}) == served
    whole = load_cached(folder, cache)
    assert parsed == []
    monkeypatch.undo()
    assert whole == load_module.load_catalog(folder)
    assert served == only_bodies(whole, {"snv"})

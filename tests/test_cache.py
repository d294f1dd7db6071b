"""The parsed-data cache: served when nothing changed, never when something did."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from directive_cli import load as load_module
from directive_cli.cache import load_cached
from directive_cli.load import DirectiveError, bundled_data


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


def test_second_load_comes_from_the_cache(data: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    first = load_cached(data, tmp_path / "cache")
    second = load_cached(data, tmp_path / "cache")
    assert len(calls) == 1 and first == second and len(second.directives[0].tasks) == 211


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(data: Path, tmp_path: Path) -> None:
    load_cached(data, tmp_path / "cache")
    file = data / "directive_2167.yaml"
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    edited = text.replace("title: Phát triển hạ tầng và du lịch", "title: Phát triển hạ tầng và du lịcH")
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


def test_a_corrupt_cache_is_ignored_and_rebuilt(data: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
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

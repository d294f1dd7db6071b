"""`directive access`: which login may record which body's progress on a PostgreSQL server
(grant, revoke, list). The server enforces it (row-level security); this only edits it."""

# No `from __future__ import annotations` here: Typer reads every command's signature at
# start-up, and string annotations cost an eval each (~8 ms a run, measured in bench/).

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import options
from ..errors import InvalidInput
from ..i18n import t
from ..options import DataOpt, DbOpt
from ..output import write_rows

ACTIONS = ("grant", "revoke", "list")
LIST_FORMATS = ("table", "json")


def run(
    action: Annotated[
        str, typer.Argument(metavar="grant|revoke|list", help="What to do: grant, revoke or list.")
    ],
    login: Annotated[
        str | None, typer.Argument(metavar="[LOGIN]", help="The server login (grant, revoke).")
    ] = None,
    body: Annotated[
        list[str] | None, typer.Option("--body", "-b", help="A body the login may record for.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every body (the Provincial Office); undo of any batch.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (default) or json.")] = "table",
    data: DataOpt = None,
    db: DbOpt = None,
) -> None:
    """Let a server login record progress for some bodies (or --all), take it back, or list.

    Creating logins is the database administrator's job (see the README, "Shared server").

    \b
    Examples:
      directive access grant snv_clerk --body snv --db postgresql://owner@server/tien_do
      directive access grant vpub --all
      directive access revoke snv_clerk --body snv
      directive access list --format json
    """
    from ..store import access_of

    act, fmt = action.strip().lower(), fmt.strip().lower()
    if act not in ACTIONS or (act != "list" and not login):
        raise InvalidInput(t("access.usage", names=", ".join(ACTIONS)))
    if fmt not in LIST_FORMATS:
        raise InvalidInput(f"--format: {t('err.format', value=fmt, names=', '.join(LIST_FORMATS))}")
    bodies = _bodies(data, body or [], every, act)
    with options.opened_store(db, shows_state=False) as store:
        access = access_of(store)
        if act == "list":
            return _list(access.grants(), fmt)
        assert login is not None
        if act == "grant":
            granted = access.grant(login, bodies)
            sys.stdout.write(t("access.granted", login=login, bodies=_names(granted)) + "\n")
            return _successors(data, login, bodies, granted)
        gone = access.revoke(login, bodies)
    line = t("access.revoked", login=login, bodies=_names(gone)) if gone else None
    sys.stdout.write((line or t("access.revoked_none", login=login)) + "\n")


def _bodies(data: Path | None, typed: list[str], every: bool, act: str) -> list[str] | None:
    """The body ids typed (checked against the registry); None: every body."""
    from ..bodies import find_body

    if typed and every:
        raise InvalidInput(t("access.body_and_all"))
    if act == "grant" and not typed and not every:
        raise InvalidInput(t("access.need_body"))
    if not typed:
        return None
    registry = options.catalog(data).registry
    return sorted({find_body(registry, b).id for b in typed})


def _successors(data: Path | None, login: str, typed: list[str] | None, granted: list[str]) -> None:
    """Say which bodies just granted had ended, and who carries their work on: a grant is
    of one id, and Sở Nội vụ's clerk reports as snv-2025 from 1/3/2025 (renamed), while a
    district's work went to communes that each have clerks of their own."""
    from ..model import SuccessionKind

    registry = options.catalog(data).registry
    for body_id in typed or ():
        ended = registry.body(body_id).succession
        missing = [b for b in ended.bodies if b not in granted] if ended else []
        if not (ended and missing):
            continue
        day, names = ended.on.strftime("%d/%m/%Y"), ", ".join(missing)
        if ended.kind is SuccessionKind.RENAMED:
            then = " ".join(f"--body {b}" for b in missing)
            options.warn(t("access.renamed", body=body_id, day=day, bodies=names, login=login,
                           then=then))  # fmt: skip
        else:
            options.warn(t("access.ended", body=body_id, day=day, bodies=names))


def _names(bodies: list[str]) -> str:
    return ", ".join(t("access.all") if b == "*" else b for b in bodies)


def _list(grants: dict[str, list[str]], fmt: str) -> None:
    if fmt == "json":
        rows = [{"login": k, "all": "*" in v, "bodies": [b for b in v if b != "*"]}
                for k, v in grants.items()]  # fmt: skip
        write_rows("json", rows, ["login", "all", "bodies"], ["login", "all", "bodies"], sys.stdout)
        return
    if not grants:
        sys.stdout.write(t("access.none") + "\n")
        return
    width = max(len(k) for k in grants)
    head = f"{t('access.col.login'):<{width}}  {t('access.col.bodies')}\n"
    sys.stdout.write(head + "".join(f"{k:<{width}}  {_names(v)}\n" for k, v in grants.items()))

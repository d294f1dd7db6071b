"""A PostgreSQL database's schema: the same named steps as SQLite's (migrations.py), in
PostgreSQL's SQL, and what the server enforces besides (append-only, per-body writes).

`directive_migrations` records each step applied, by number and name; a database has had the
steps 1..N in order. The database owner applies them on first use, in one transaction under
an advisory lock (two clerks starting together migrate once). What SQLite's triggers refuse,
the server refuses here by privileges and triggers: no login may UPDATE, DELETE or TRUNCATE
the history, and row-level security (FORCE, so the owner too) lets a login insert only its
own events (`by` = current_user) for the bodies `access` grants it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import chain
from .migrations import MIGRATIONS

PgAction = str | Callable[[Any], None]

# The lock every writer holds for its transaction: ids and the chain follow one another, so
# appends are serialised (readers never wait). The insert trigger takes it too, so a raw
# INSERT through psql queues behind the tool's writers instead of racing them.
WRITE_LOCK = 7_311_967_301
# The body of a grant of --all (the Provincial Office records for every body), as the policy
# of the history reads it.
EVERY_BODY = "*"

_GUARD = """CREATE FUNCTION directive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'history is append-only' USING ERRCODE = 'insufficient_privilege';
END $$"""

# `current` is kept by the server: a clerk has no right to write it, and a raw INSERT of an
# event updates it as the tool's own would (the same rule as rows.refresh_current).
_REFRESH = """CREATE FUNCTION directive_refresh_current() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  top record;
  r record;
  began text;
  first boolean := true;
BEGIN
  FOR r IN SELECT id, status, effective_on, recorded_at, note, evidence FROM events
      WHERE directive = NEW.directive AND clause = NEW.clause AND body = NEW.body
        AND undoes IS NULL AND extends_to IS NULL
        AND id NOT IN (SELECT undoes FROM events WHERE undoes IS NOT NULL)
      ORDER BY effective_on DESC, id DESC LOOP
    IF first THEN
      top := r;
      began := r.effective_on;
      first := false;
    ELSIF r.status <> top.status THEN
      EXIT;
    ELSE
      began := r.effective_on;
    END IF;
  END LOOP;
  IF first THEN
    DELETE FROM current
      WHERE directive = NEW.directive AND clause = NEW.clause AND body = NEW.body;
    RETURN NULL;
  END IF;
  INSERT INTO current (directive, clause, body, status, effective_on, event_id, updated_at,
                       note, evidence, since)
    VALUES (NEW.directive, NEW.clause, NEW.body, top.status, top.effective_on, top.id,
            top.recorded_at, top.note, top.evidence, began)
    ON CONFLICT (directive, clause, body) DO UPDATE SET
      status = EXCLUDED.status, effective_on = EXCLUDED.effective_on,
      event_id = EXCLUDED.event_id, updated_at = EXCLUDED.updated_at, note = EXCLUDED.note,
      evidence = EXCLUDED.evidence, since = EXCLUDED.since;
  RETURN NULL;
END $$"""

# An event's id follows the last one exactly: no id taken twice, no gap (a gap would read as
# a removed event), whoever inserts.
_NEXT_ID = f"""CREATE FUNCTION directive_next_id() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM pg_advisory_xact_lock({WRITE_LOCK});
  IF NEW.id <> (SELECT coalesce(max(id), 0) + 1 FROM events) THEN
    RAISE EXCEPTION 'history is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$"""


def _m001() -> list[PgAction]:
    return [
        """CREATE TABLE events (
            id bigint PRIMARY KEY,
            batch bigint NOT NULL,
            directive text COLLATE "C" NOT NULL,
            clause text COLLATE "C" NOT NULL,
            body text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            previous_status text COLLATE "C",
            effective_on text COLLATE "C" NOT NULL,
            recorded_at text COLLATE "C" NOT NULL,
            "by" text COLLATE "C" NOT NULL,
            note text COLLATE "C",
            evidence text COLLATE "C",
            undoes bigint REFERENCES events(id)
        )""",
        "CREATE INDEX events_task ON events(directive, clause, body, effective_on, id)",
        "CREATE INDEX events_batch ON events(batch)",
        "CREATE INDEX events_recorded ON events(recorded_at)",
        "CREATE INDEX events_effective ON events(effective_on)",
        "CREATE UNIQUE INDEX events_undoes ON events(undoes) WHERE undoes IS NOT NULL",
        """CREATE TABLE current (
            directive text COLLATE "C" NOT NULL,
            clause text COLLATE "C" NOT NULL,
            body text COLLATE "C" NOT NULL,
            status text COLLATE "C" NOT NULL,
            effective_on text COLLATE "C" NOT NULL,
            event_id bigint NOT NULL,
            updated_at text COLLATE "C" NOT NULL,
            note text COLLATE "C",
            evidence text COLLATE "C",
            PRIMARY KEY (directive, clause, body)
        )""",
        "CREATE INDEX current_body ON current(directive, body)",
        "CREATE INDEX current_status ON current(status)",
        _GUARD,
        """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
           FOR EACH ROW EXECUTE FUNCTION directive_append_only()""",
        """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
           FOR EACH ROW EXECUTE FUNCTION directive_append_only()""",
        # TRUNCATE fires no row trigger: a statement trigger of its own.
        """CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
           FOR EACH STATEMENT EXECUTE FUNCTION directive_append_only()""",
        # Who may write which body: `directive access grant` fills it; '*' is every body.
        """CREATE TABLE access (
            login text NOT NULL,
            body text NOT NULL,
            granted_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (login, body)
        )""",
        # Everyone reads everything; nobody but the owner changes grants; the history only
        # grows, and `current` only through the server's trigger.
        "REVOKE ALL ON events, current, access FROM PUBLIC",
        "GRANT SELECT ON events, current, access, directive_migrations TO PUBLIC",
        "GRANT INSERT ON events TO PUBLIC",
        "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE events FORCE ROW LEVEL SECURITY",
        "CREATE POLICY events_read ON events FOR SELECT USING (true)",
        # current_user is the login (SET ROLE only to a role it is a member of), not a
        # setting a client could change.
        """CREATE POLICY events_write ON events FOR INSERT WITH CHECK (
             "by" = current_user
             AND EXISTS (SELECT 1 FROM access a WHERE a.login = current_user
                         AND (a.body = events.body OR a.body = '*'))
             AND (undoes IS NULL
                  OR EXISTS (SELECT 1 FROM access a WHERE a.login = current_user
                             AND a.body = '*')
                  OR EXISTS (SELECT 1 FROM events u WHERE u.id = events.undoes
                             AND u."by" = current_user)))""",
        _REFRESH,
        """CREATE TRIGGER events_current AFTER INSERT ON events
           FOR EACH ROW EXECUTE FUNCTION directive_refresh_current()""",
    ]


def _m003() -> list[PgAction]:
    # The `since` of what is recorded: SQLite fills it from history; a PostgreSQL history
    # starts at the last step (or through `db copy`, which inserts its events one by one).
    return ['ALTER TABLE current ADD COLUMN since text COLLATE "C"']


def _fill_chain(conn: Any) -> None:
    """Chain the events already recorded (none, unless a step before m007 was released)."""
    columns = ", ".join(f'"{c}"' for c in chain.FIELDS)
    previous = chain.GENESIS
    rows = conn.execute(f"SELECT {columns} FROM events ORDER BY id").fetchall()
    if rows:
        conn.execute("ALTER TABLE events DISABLE TRIGGER events_append_only_update")
    for row in rows:
        previous = chain.link(previous, row)
        conn.execute("UPDATE events SET chain = %s WHERE id = %s", (previous, row[0]))
    if rows:
        conn.execute("ALTER TABLE events ENABLE TRIGGER events_append_only_update")


PG_STEPS: dict[str, Sequence[PgAction]] = {
    "m001_initial": _m001(),
    "m002_current_by_body": ["CREATE INDEX current_by_body ON current(body)"],
    "m003_current_since": _m003(),
    "m004_events_by_body": ["CREATE INDEX events_by_body ON events(body, effective_on)"],
    "m005_event_period": ['ALTER TABLE events ADD COLUMN period text COLLATE "C"'],
    "m006_event_extension": ['ALTER TABLE events ADD COLUMN extends_to text COLLATE "C"'],
    "m007_hash_chain": [
        "ALTER TABLE events ADD COLUMN chain text",
        _fill_chain,
        _NEXT_ID,
        """CREATE TRIGGER events_append_only_insert BEFORE INSERT ON events
           FOR EACH ROW EXECUTE FUNCTION directive_next_id()""",
    ],
}

# The steps in SQLite's order, by the same names: a step added there without its PostgreSQL
# form stops the tool here, at import, not on a clerk's server.
STEPS: list[tuple[str, Sequence[PgAction]]] = [(m.name, PG_STEPS[m.name]) for m in MIGRATIONS]
if len(PG_STEPS) != len(MIGRATIONS):
    raise RuntimeError("store/pg_schema.py has steps store/migrations.py does not")

# `current` of a whole history at once, for a copy made with the triggers off (db copy by a
# superuser): the latest event that decides each task's status, and `since` the first of the
# run of that status going back (the same rule as the trigger and rows.refresh_current).
REBUILD_CURRENT = """
WITH ranked AS (
  SELECT directive, clause, body, id, status, effective_on, recorded_at, note, evidence,
         row_number() OVER w AS rn, first_value(status) OVER w AS top
  FROM events e
  WHERE undoes IS NULL AND extends_to IS NULL
    AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)
  WINDOW w AS (PARTITION BY directive, clause, body ORDER BY effective_on DESC, id DESC)
), run AS (
  SELECT directive, clause, body,
         coalesce(min(rn) FILTER (WHERE status <> top), max(rn) + 1) - 1 AS last_rn
  FROM ranked GROUP BY directive, clause, body
), heads AS (
  SELECT * FROM ranked WHERE rn = 1
), began AS (
  SELECT r.directive, r.clause, r.body, r.effective_on
  FROM ranked r JOIN run USING (directive, clause, body) WHERE r.rn = run.last_rn
)
INSERT INTO current (directive, clause, body, status, effective_on, event_id, updated_at,
                     note, evidence, since)
SELECT h.directive, h.clause, h.body, h.status, h.effective_on, h.id, h.recorded_at, h.note,
       h.evidence, b.effective_on
FROM heads h JOIN began b USING (directive, clause, body)"""

TRIGGERS = (
    "events_append_only_update",
    "events_append_only_delete",
    "events_append_only_truncate",
    "events_append_only_insert",
    "events_current",
)

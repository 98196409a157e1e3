"""The same work in DuckDB: `read_csv` into a table, then SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb

from .common import (
    ENTITIES_CSV, EVENT_FIELDS, F6_FORUM, F6_YEAR, FORMATS, OFFICIALS_CSV, PRECISIONS, REQUIRED,
    SETTINGS, WINDOW_END, WINDOW_START, Results, share, stop_on_errors,
)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def load(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    if path.suffix == ".xlsx":
        # DuckDB reads XLSX through its `excel` extension, downloaded on first use: not offline.
        raise NotImplementedError("DuckDB's excel extension cannot be installed offline")
    # All text, as cisd reads cells; empty cells are NULL. `day` is the parsed date
    # (`YYYY-MM` is the first of the month, cisd's month precision).
    con.execute(f"""
        CREATE TABLE raw AS
        SELECT *, coalesce(try_strptime(date, '%Y-%m-%d'), try_strptime(date, '%Y-%m'))::DATE AS day
        FROM read_csv({_literal(path)}, header = true, all_varchar = true)
    """)
    con.execute(f"""CREATE TABLE officials AS
                    SELECT official, arg_max(agency, coalesce(start, '')) AS agency,
                           arg_max(rank, coalesce(start, '')) AS rank
                    FROM read_csv({_literal(OFFICIALS_CSV)}, header = true, all_varchar = true)
                    GROUP BY official""")
    con.execute(f"""CREATE TABLE entities AS SELECT code, name, region
                    FROM read_csv({_literal(ENTITIES_CSV)}, header = true, all_varchar = true)""")


def validate(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    missing = " + ".join(f"count(*) FILTER (WHERE r.{f} IS NULL)" for f in REQUIRED)
    vocabulary = {"format": FORMATS, "setting": SETTINGS, "date_precision": PRECISIONS}
    bad_value = " + ".join(
        f"count(*) FILTER (WHERE r.{f} IS NOT NULL AND r.{f} NOT IN {_in(v)})"
        for f, v in vocabulary.items()
    )
    fields = ("day", *EVENT_FIELDS)
    # More than one distinct non-NULL value is a conflict, that is min <> max (both skip NULL:
    # an empty cell does not conflict, as in cisd's merge); cheaper than count(DISTINCT).
    conflicts = " + ".join(f"coalesce((min({f}) <> max({f}))::INT, 0)" for f in fields)
    sql = f"""
        WITH rows AS (
            SELECT
                {missing} AS missing_value,
                count(*) FILTER (WHERE r.date IS NOT NULL AND r.day IS NULL) AS bad_date,
                count(*) FILTER (WHERE r.official IS NOT NULL AND o.official IS NULL) AS unknown_official,
                count(*) FILTER (WHERE r.counterpart IS NOT NULL AND e.code IS NULL)
                  + count(*) FILTER (WHERE r.host_country IS NOT NULL
                                     AND r.host_country NOT IN (SELECT code FROM entities)) AS unknown_counterpart,
                {bad_value} AS bad_value,
                count(*) FILTER (WHERE r.parent_event_id IS NOT NULL
                                 AND r.parent_event_id NOT IN (SELECT event_id FROM raw)) AS parent_missing,
                count(*) FILTER (WHERE r.day < DATE '{WINDOW_START}' OR r.day > DATE '{WINDOW_END}') AS outside_window,
                count(*) FILTER (WHERE r.agency IS NOT NULL AND r.agency <> o.agency) AS agency_mismatch,
                count(*) FILTER (WHERE r.rank IS NOT NULL AND r.rank <> o.rank) AS rank_mismatch
            FROM raw r
            LEFT JOIN officials o USING (official)
            LEFT JOIN entities e ON e.code = r.counterpart
        ),
        inconsistent AS (
            SELECT coalesce(sum(n), 0) AS inconsistent_event
            FROM (SELECT {conflicts} AS n FROM raw GROUP BY event_id)
        ),
        duplicates AS (
            SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT event_id, official, counterpart FROM raw))
                   AS duplicate_interaction
            FROM raw
        ),
        many AS (
            SELECT count(*) AS bilateral_many_parties FROM (
                SELECT event_id FROM raw WHERE format = 'bilateral'
                GROUP BY event_id HAVING count(DISTINCT counterpart) > 1)
        )
        SELECT * FROM rows, inconsistent, duplicates, many
    """
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    counts = cursor.fetchone()
    assert counts is not None  # an aggregate without GROUP BY always returns one row
    return {k: int(v) for k, v in zip(names, counts)}


def by_country(con: duckdb.DuckDBPyConnection, where: str) -> list[tuple]:
    return con.execute(f"""
        SELECT rank() OVER (ORDER BY meetings DESC) AS rank, counterpart, name, meetings
        FROM (SELECT counterpart, name, count(DISTINCT event_id) AS meetings
              FROM facts WHERE {where} GROUP BY counterpart, name)
        ORDER BY meetings DESC, name
    """).fetchall()


def run(path: Path) -> Results:
    con = duckdb.connect()
    load(con, path)
    errors, warnings = stop_on_errors(validate(con))
    # The officials and entities tables are authoritative for agency, name and region.
    con.execute("""
        CREATE TEMP VIEW facts AS
        SELECT r.event_id, r.day, r.format, r.forum, r.parent_event_id, r.official,
               o.agency, r.counterpart, e.name, e.region
        FROM raw r JOIN officials o USING (official) JOIN entities e ON e.code = r.counterpart
    """)
    f1 = con.execute("""
        SELECT official, agency, year(day)::INT AS year, count(DISTINCT event_id) AS meetings
        FROM facts GROUP BY ALL ORDER BY official, year
    """).fetchall()
    f6 = con.execute(f"""
        WITH events AS (SELECT DISTINCT ON (event_id) event_id, day, forum, parent_event_id FROM raw),
        linked AS (
            SELECT e.event_id FROM events e LEFT JOIN events p ON p.event_id = e.parent_event_id
            WHERE e.forum = '{F6_FORUM}' OR p.forum = '{F6_FORUM}'
        ),
        m AS (SELECT * FROM range(1, 13) t(month)),
        ev AS (SELECT month(day) AS month, count(*) AS meetings,
                      count(*) FILTER (WHERE event_id IN (SELECT event_id FROM linked)) AS forum_meetings
               FROM events WHERE year(day) = {F6_YEAR} GROUP BY 1),
        ia AS (SELECT month(day) AS month, count(*) AS interactions,
                      count(*) FILTER (WHERE event_id IN (SELECT event_id FROM linked)) AS forum_interactions
               FROM raw WHERE year(day) = {F6_YEAR} GROUP BY 1)
        SELECT m.month::INT, coalesce(meetings, 0), coalesce(interactions, 0),
               coalesce(forum_meetings, 0), coalesce(forum_interactions, 0)
        FROM m LEFT JOIN ev USING (month) LEFT JOIN ia USING (month) ORDER BY m.month
    """).fetchall()
    f9 = con.execute("""
        SELECT region, meetings, meetings / sum(meetings) OVER () AS share,
               (sum(meetings) OVER ())::BIGINT AS denominator
        FROM (SELECT region, count(*) AS meetings
              FROM (SELECT DISTINCT event_id, counterpart, region FROM facts WHERE format = 'bilateral')
              GROUP BY region)
        ORDER BY meetings DESC, region
    """).fetchall()
    results = {
        "errors": errors,
        "warnings": warnings,
        "t2_bilateral": by_country(con, "format = 'bilateral'"),
        "t2_all": by_country(con, "true"),
        "f1": f1,
        "f6": [(m, n, i, fm, fi, share(fm, n), share(fi, i)) for m, n, i, fm, fi in f6],
        "f9": f9,
    }
    con.close()
    return results

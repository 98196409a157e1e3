"""Seeded generator of synthetic flat interaction files (CSV and XLSX) for the benchmarks.

The rows follow the canonical flat layout (`FLAT_COLUMNS` in src/export.rs) and the bundled
reference tables, so that `cisd.load` accepts them with no error and no warning:

* officials come from python/cisd/data/officials.csv with the agency and rank of their latest
  position, and only on dates inside it (an earlier position would change the agency, and a date
  outside every position would warn `outside_tenure`);
* ~120 real counterpart codes from entities.csv (mostly states, a few organisations), written
  as codes with their entity name and region;
* dates inside the paper's window, 2022-06-01 to 2025-05-31, a few with month precision;
* mostly bilateral events of one to three rows; multilateral forum events with 5 to 60 rows;
  sideline bilaterals pointing at a multilateral parent written just before them;
* every row of an event repeats identical event fields; (event, official, counterpart) never
  repeats (`duplicate_interaction`); a bilateral names exactly one counterpart.

Rows are streamed: the generator holds one event at a time, so 10^7 rows need no more memory
than 10^3. The same seed and size give the same rows in CSV and XLSX.

    python benchmarks/generate.py --rows 100000 --out /tmp/bench.csv [--narrow] [--check]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "python" / "cisd" / "data"
DEFAULT_SEED = 20250721  # the dataset's release date: any fixed value would do

#: The flat layout, in the order `cisd.Dataset.to_csv` writes it (src/export.rs FLAT_COLUMNS).
FLAT_COLUMNS: tuple[str, ...] = (
    "event_id", "date", "date_precision", "format", "setting", "parent_event_id", "forum",
    "city", "host_country", "virtual", "title", "participants_stated", "notes", "official",
    "agency", "rank", "counterpart", "counterpart_name", "counterpart_official",
    "counterpart_title", "cochair", "region", "source_url",
)

#: The "what a user would write" file: only what Table 2 needs (issue #14).
NARROW_COLUMNS: tuple[str, ...] = ("event_id", "date", "official", "counterpart", "format")

#: XLSX sheets stop at 1,048,576 rows (header included), so 10^7 rows cannot be an XLSX file.
XLSX_MAX_ROWS = 1_048_575

WINDOW = (dt.date(2022, 6, 1), dt.date(2025, 5, 31))

# ~120 counterparts, weighted towards the regions and partners the paper reports most often.
COUNTERPARTS: tuple[str, ...] = (
    # Southeast Asia
    "VNM", "KHM", "THA", "MYS", "MMR", "LAO", "SGP", "IDN", "PHL", "BRN", "TLS",
    # Central Asia, Russia & Eurasia
    "KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS", "BLR", "ARM", "AZE", "GEO",
    # South and East Asia
    "PAK", "BGD", "LKA", "NPL", "MDV", "AFG", "MNG", "KOR", "JPN",
    # Pacific, Australia & New Zealand, North America
    "SLB", "FJI", "PNG", "VUT", "TON", "KIR", "WSM", "NRU", "FSM", "COK", "AUS", "NZL",
    "USA", "CAN",
    # Middle East & North Africa
    "EGY", "SAU", "ARE", "IRN", "TUR", "JOR", "QAT", "IRQ", "MAR", "DZA", "SDN", "OMN",
    "KWT", "TUN", "BHR",
    # Africa
    "ZAF", "ETH", "KEN", "TZA", "UGA", "RWA", "BDI", "DJI", "ERI", "SOM", "SSD", "SYC",
    "COM", "NGA", "GHA", "SEN", "CMR", "ZMB", "ZWE", "MOZ", "NAM", "AGO", "MDG", "CIV",
    # Europe
    "DEU", "SRB", "HUN", "ITA", "FRA", "GBR", "ESP", "GRC", "POL", "AUT", "CHE", "NLD",
    "BEL", "PRT", "ROU", "BGR", "MNE",
    # Latin America & Caribbean
    "BRA", "ARG", "CUB", "MEX", "CHL", "PER", "VEN", "COL", "ECU", "BOL", "NIC", "URY",
    # International organisations
    "INTERPOL", "UNODC", "ASEANAPOL", "EAPCCO", "SCORATS", "EUROPOL", "AFRIPOL", "IOM",
)

# The most frequent bilateral partners first (roughly Table 2's order); Zipf-like weights.
FREQUENT: tuple[str, ...] = (
    "VNM", "RUS", "USA", "KHM", "THA", "MYS", "KAZ", "MMR", "INTERPOL", "KGZ", "SGP", "ZAF",
    "TJK", "UZB", "PAK", "LAO", "IDN", "SLB", "ETH", "EGY", "SRB", "DEU", "FJI", "KEN",
)

# Multilateral forums: (code, weight, member pool or None for "anyone", min, max named parties).
FORUMS: tuple[tuple[str, float, Optional[tuple[str, ...]], int, int], ...] = (
    ("GPSCFL", 0.30, None, 10, 60),
    ("SCO", 0.14, ("RUS", "KAZ", "KGZ", "TJK", "UZB", "PAK", "IRN", "BLR", "MNG", "SCORATS"), 6, 10),
    ("CCA", 0.10, ("KAZ", "KGZ", "TJK", "UZB", "TKM"), 5, 5),
    ("PIC", 0.10, ("SLB", "FJI", "PNG", "VUT", "TON", "KIR", "WSM", "NRU", "FSM", "COK"), 6, 10),
    ("CEA", 0.08, ("ETH", "KEN", "TZA", "UGA", "RWA", "BDI", "DJI", "ERI", "SOM", "SSD", "SYC",
                   "COM", "EGY", "SDN"), 10, 14),
    ("LMC", 0.10, ("KHM", "LAO", "MMR", "THA", "VNM"), 5, 5),
    ("AMMTC", 0.07, ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM",
                     "ASEANAPOL"), 8, 11),
    ("UNCOPS", 0.06, None, 15, 60),
    ("BRICS", 0.05, ("BRA", "RUS", "ZAF", "EGY", "ETH", "IRN", "ARE"), 5, 7),
)

# Where multilaterals of a forum meet; None means a member hosts (or a video meeting).
FORUM_VENUE: dict[str, tuple[str, str]] = {
    "GPSCFL": ("Lianyungang", "CHN"), "CCA": ("Lianyungang", "CHN"), "CEA": ("Beijing", "CHN"),
    "PIC": ("Fuzhou", "CHN"), "UNCOPS": ("New York", "USA"),
}

CAPITALS: dict[str, str] = {
    "VNM": "Hanoi", "KHM": "Phnom Penh", "THA": "Bangkok", "MYS": "Kuala Lumpur",
    "MMR": "Naypyidaw", "LAO": "Vientiane", "SGP": "Singapore", "IDN": "Jakarta",
    "KAZ": "Astana", "KGZ": "Bishkek", "TJK": "Dushanbe", "UZB": "Tashkent", "RUS": "Moscow",
    "PAK": "Islamabad", "USA": "Washington", "SLB": "Honiara", "FJI": "Suva", "ETH": "Addis Ababa",
    "EGY": "Cairo", "ZAF": "Pretoria", "SRB": "Belgrade", "DEU": "Berlin", "KEN": "Nairobi",
    "BRA": "Brasilia", "IRN": "Tehran", "BLR": "Minsk", "MNG": "Ulaanbaatar",
}
CHINESE_CITIES = ("Beijing", "Beijing", "Beijing", "Shanghai", "Kunming", "Urumqi", "Xiamen")

COUNTERPART_TITLES = (
    "Minister of Interior", "Minister of Public Security", "Minister of Home Affairs",
    "Inspector-General of Police", "Secretary of the Security Council", "Police Commissioner",
    "Director of National Intelligence", "Deputy Minister of Interior", "Attorney General",
    "Secretary General",
)
SURNAMES = (
    "Nguyen", "Ivanov", "Rahman", "Santos", "Okafor", "Schmidt", "Kone", "Haddad", "Petrovic",
    "Tanaka", "Kumar", "Morales", "Abdullah", "Sokolov", "Mensah", "Dlamini", "Tuilagi",
)
PUBLISHERS = (
    "english.news.cn", "en.people.cn", "www.mps.gov.cn", "www.globaltimes.cn", "www.chinadaily.com.cn",
    "tass.com", "vietnamplus.vn", "www.interpol.int", "www.fmprc.gov.cn", "www.akipress.com",
)


@dataclass(frozen=True)
class Official:
    name: str
    agency: str
    rank: str
    start: dt.date  # first day an event may have (tenure start, or the window's start)
    end: dt.date  # last day an event may have


@dataclass(frozen=True)
class Entity:
    code: str
    name: str
    region: str


def _tenure_bound(text: str, *, end: bool) -> Optional[dt.date]:
    """A tenure date from officials.csv. cisd reads `YYYY-MM` as the first of the month, so a
    month-only end means "in office until the 1st": stop the day before to stay clear of it."""
    if not text:
        return None
    if len(text) == 7:
        first = dt.date(int(text[:4]), int(text[5:]), 1)
        return first - dt.timedelta(days=1) if end else first
    return dt.date.fromisoformat(text)


def read_officials() -> list[Official]:
    """Each official's latest position (the one with the latest start), clipped to the window:
    the benchmark peers look an official's agency up by name, without dates."""
    with open(DATA / "officials.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    latest: dict[str, dict[str, str]] = {}
    for r in sorted(rows, key=lambda r: r["start"] or ""):
        latest[r["official"]] = r
    positions = []
    for r in latest.values():
        first = max(_tenure_bound(r["start"], end=False) or WINDOW[0], WINDOW[0])
        last = min(_tenure_bound(r["end"], end=True) or WINDOW[1], WINDOW[1])
        if first <= last:
            positions.append(Official(r["official"], r["agency"], r["rank"], first, last))
    return positions


def read_entities() -> dict[str, Entity]:
    with open(DATA / "entities.csv", newline="", encoding="utf-8") as f:
        return {r["code"]: Entity(r["code"], r["name"], r["region"]) for r in csv.DictReader(f)}


# Relative weights of the Chinese officials, close to the bundled ledger's mix (the minister
# dominates, then the CPLC head, then the vice ministers).
OFFICIAL_WEIGHTS: dict[str, float] = {
    "Wang Xiaohong": 50, "Chen Wenqing": 14, "Xu Ganlu": 9, "Liu Zhongyi": 4, "Chen Yixin": 3,
    "Xu Datong": 3, "Chen Siyuan": 3, "Wang Zhizhong": 3, "Qi Yanjun": 2, "Lin Rui": 1,
    "Sun Maoli": 1, "Du Hangwei": 1,
}


class Generator:
    """Yields flat rows (lists of strings in FLAT_COLUMNS order), one event at a time."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.rng = random.Random(seed)
        self.officials = read_officials()
        entities = read_entities()
        missing = [c for c in COUNTERPARTS if c not in entities]
        if missing:
            raise SystemExit(f"counterparts not in entities.csv: {missing}")
        self.entities = entities
        self.codes = list(COUNTERPARTS)
        rank = {c: i for i, c in enumerate(FREQUENT)}
        # Zipf over the frequent partners, a flat tail for everyone else.
        self.code_weights = [1 / (rank[c] + 3) if c in rank else 1 / 40 for c in self.codes]
        self.days = (WINDOW[1] - WINDOW[0]).days + 1
        self.next_id = 0

    # -- pieces -----------------------------------------------------------------------------
    def _event_id(self) -> str:
        self.next_id += 1
        return f"SYN-{self.next_id:08d}"

    def _date(self, forum: Optional[str] = None) -> dt.date:
        if forum == "GPSCFL" and self.rng.random() < 0.8:
            # The forum meets in September: the peak of Figure 6.
            year = self.rng.choice((2022, 2023, 2024))
            return dt.date(year, 9, self.rng.randint(8, 12))
        return WINDOW[0] + dt.timedelta(days=self.rng.randrange(self.days))

    def _officials(self, first: dt.date, last: dt.date, k: int, lead: bool = False) -> list[Official]:
        """k distinct officials in office on every day from first to last."""
        eligible = [o for o in self.officials if o.start <= first and last <= o.end]
        if lead:
            minister = [o for o in eligible if o.name == "Wang Xiaohong"]
            if minister and self.rng.random() < 0.7:
                rest = [o for o in eligible if o is not minister[0]]
                return minister + self._sample(rest, k - 1)
        return self._sample(eligible, k)

    def _sample(self, pool: list[Official], k: int) -> list[Official]:
        chosen: list[Official] = []
        pool = list(pool)
        while pool and len(chosen) < k:
            pick = self.rng.choices(pool, weights=[OFFICIAL_WEIGHTS.get(o.name, 1) for o in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        return chosen

    def _urls(self, event_id: str, day: dt.date) -> str:
        count = 2 if self.rng.random() < 0.2 else 1
        hosts = self.rng.sample(PUBLISHERS, count)
        return "|".join(f"https://{h}/{day:%Y%m%d}/{event_id.lower()}-{i}.html" for i, h in enumerate(hosts))

    def _counterpart_side(self) -> tuple[str, str]:
        if self.rng.random() < 0.3:
            return "", ""
        return (f"{self.rng.choice(SURNAMES)} {chr(65 + self.rng.randrange(26))}.",
                self.rng.choice(COUNTERPART_TITLES))

    # -- events -----------------------------------------------------------------------------
    def _rows(self, event: list[str], url: str, officials: list[Official], parties: list[str],
              cochair: Optional[str] = None) -> Iterator[list[str]]:
        for o in officials:
            for code in parties:
                e = self.entities[code]
                person, title = self._counterpart_side()
                yield event + [o.name, o.agency, o.rank, code, e.name, person, title,
                               "true" if code == cochair else "false", e.region, url]

    def bilateral(self, parent: Optional[tuple[str, dt.date, str, str, str]] = None) -> Iterator[list[str]]:
        """A bilateral: one counterpart, one to three officials; a sideline when given a parent
        (id, date, forum, city, host)."""
        rng = self.rng
        code = rng.choices(self.codes, weights=self.code_weights)[0]
        month = parent is None and rng.random() < 0.1
        if parent is not None:
            day = min(max(parent[1] + dt.timedelta(days=rng.randint(-1, 1)), WINDOW[0]), WINDOW[1])
        else:
            day = self._date()
        if month:
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        else:
            first = last = day
        n = rng.choices((1, 2, 3), weights=(80, 17, 3))[0]
        officials = self._officials(first, last, n)
        if not officials:  # no one in office for the whole month: make it a dated meeting
            month, first, last = False, day, day
            officials = self._officials(day, day, n)
        event_id = self._event_id()
        name = self.entities[code].name
        if parent is not None:
            parent_id, _, forum, city, host = parent
            # Half the sidelines carry the forum code, half only the parent link (F6 counts both).
            forum = forum if rng.random() < 0.5 else ""
            virtual, setting = "false", "sideline"
        else:
            parent_id, forum = "", ""
            where = rng.random()
            if where < 0.15:
                city, host, virtual = "", "", "true"
            elif where < 0.7 or code not in CAPITALS:
                city, host, virtual = rng.choice(CHINESE_CITIES), "CHN", "false"
            else:
                city, host, virtual = CAPITALS[code], code, "false"
            setting = "standalone"
        notes = ""
        if rng.random() < 0.03:
            notes = 'Synthetic; sources differ on the day, "talks" per the readout'
        title = f"{officials[0].name} meets {name} delegation"
        event = [event_id, f"{first:%Y-%m}" if month else first.isoformat(),
                 "month" if month else "day", "bilateral", setting, parent_id, forum, city, host,
                 virtual, title, "", notes]
        yield from self._rows(event, self._urls(event_id, first), officials, [code])

    def multilateral(self) -> Iterator[list[str]]:
        """A forum meeting with many named parties, followed by its sideline bilaterals."""
        rng = self.rng
        forum, _, pool, lo, hi = rng.choices(FORUMS, weights=[f[1] for f in FORUMS])[0]
        members = list(pool) if pool is not None else self.codes
        parties = rng.sample(members, rng.randint(lo, min(hi, len(members))))
        day = self._date(forum)
        officials = self._officials(day, day, rng.choices((1, 2), weights=(80, 20))[0], lead=True)
        event_id = self._event_id()
        if forum in FORUM_VENUE:
            city, host = FORUM_VENUE[forum]
        else:
            host = next((p for p in parties if p in CAPITALS), "CHN")
            city = CAPITALS.get(host, "Beijing")
        virtual = "true" if rng.random() < 0.1 else "false"
        stated = str(len(parties) + rng.randint(0, 8)) if rng.random() < 0.3 else ""
        cochair = parties[0] if forum in ("PIC", "CEA", "LMC") else None
        event = [event_id, day.isoformat(), "day", "multilateral", "standalone", "", forum, city,
                 host, virtual, f"{forum} ministerial meeting, {day.year}", stated, ""]
        yield from self._rows(event, self._urls(event_id, day), officials, parties, cochair)
        for _ in range(rng.choices(range(9), weights=(20, 15, 15, 12, 10, 10, 8, 5, 5))[0]):
            yield from self.bilateral((event_id, day, forum, city, host))

    def rows(self, n: int) -> Iterator[list[str]]:
        """Exactly n rows; the last event may be cut short (still a valid event)."""
        written = 0
        while written < n:
            event = self.multilateral() if self.rng.random() < 0.04 else self.bilateral()
            for row in event:
                if written == n:
                    return
                yield row
                written += 1


def write_csv(path: Path, n: int, seed: int = DEFAULT_SEED) -> None:
    tmp = path.with_suffix(".partial")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(FLAT_COLUMNS)
        w.writerows(Generator(seed).rows(n))
    tmp.replace(path)  # a killed run never leaves a truncated file that looks complete


def write_narrow_csv(path: Path, n: int, seed: int = DEFAULT_SEED) -> None:
    """The same rows as `write_csv`, cut to NARROW_COLUMNS."""
    keep = [FLAT_COLUMNS.index(c) for c in NARROW_COLUMNS]
    tmp = path.with_suffix(".partial")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(NARROW_COLUMNS)
        w.writerows([row[i] for i in keep] for row in Generator(seed).rows(n))
    tmp.replace(path)


def write_xlsx(path: Path, n: int, seed: int = DEFAULT_SEED) -> None:
    """Every cell is written as text, as in the CSV, so both files carry the same values."""
    if n > XLSX_MAX_ROWS:
        raise ValueError(f"XLSX holds at most {XLSX_MAX_ROWS:,} data rows; asked for {n:,}")
    import xlsxwriter  # only needed for XLSX

    tmp = path.with_name(path.stem + ".partial.xlsx")
    # constant_memory flushes each row as it is written: memory stays flat at any size.
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("interactions")
    sheet.write_row(0, 0, FLAT_COLUMNS)
    for r, row in enumerate(Generator(seed).rows(n), start=1):
        for c, value in enumerate(row):
            if value:  # blank cells stay absent, as in a sheet typed by hand
                sheet.write_string(r, c, value)
    book.close()
    tmp.replace(path)


def write_broken_csv(source: Path, target: Path) -> None:
    """A copy of a generated CSV with one error of each kind every tool must catch: unknown
    official, bad date, unknown counterpart, duplicate interaction, inconsistent event."""
    with open(source, newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    col = {name: i for i, name in enumerate(header)}
    rows[0][col["official"]] = "Nobody Known"
    rows[1][col["date"]] = "2023-13-45"
    rows[2][col["counterpart"]] = "ATLANTIS"
    rows.append(list(rows[3]))
    ids = [r[col["event_id"]] for r in rows]
    second = next(i for i in range(5, len(rows)) if ids[i] == ids[i - 1])
    rows[second][col["city"]] = "Somewhere Else"
    with open(target, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows])


def check(path: Path) -> int:
    """Problems cisd finds in the file (0 expected)."""
    import cisd

    problems = cisd.validate(path).to_pylist()
    for p in problems[:10]:
        print(p, file=sys.stderr)
    return len(problems)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=lambda s: int(float(s)), required=True)
    parser.add_argument("--out", type=Path, required=True, help=".csv or .xlsx")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--narrow", action="store_true",
                        help=f"CSV of {', '.join(NARROW_COLUMNS)} only")
    parser.add_argument("--check", action="store_true", help="validate the file with cisd afterwards")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.narrow:
        write_narrow_csv(args.out, args.rows, args.seed)
    elif args.out.suffix == ".xlsx":
        write_xlsx(args.out, args.rows, args.seed)
    else:
        write_csv(args.out, args.rows, args.seed)
    if args.check:
        n = check(args.out)
        print(f"{args.out}: {n} problems")
        return 1 if n else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

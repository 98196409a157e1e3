#!/usr/bin/env python3
"""Build the cisd ledger data files from the sweepers' raw records.

Re-runnable: reads every ledger/raw/events-*.jsonl (in file-name order) plus
ledger/raw/ref/*.csv and ledger/raw/gpscfl-participation.csv, and writes the
package data files in python/cisd/data/ and a report in ledger/build-report.md.
Run from anywhere: `python ledger/build_ledger.py`. Standard library only.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import re
import sys
import unicodedata
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
STAGING = os.path.join(HERE, "raw")
REF = os.path.join(STAGING, "ref")
OUT = os.path.join(HERE, os.pardir, "python", "cisd", "data")
REPORT = os.path.join(HERE, "build-report.md")

# The ledger's reach: the pre-GSI baseline (issue 13) through the latest readouts; the paper's own
# window (2022-06-01..2025-05-31) is applied by the package, not here.
WINDOW = ("2018-01-01", "2026-12-31")
# Field-level corrections and the ledger's own notes, reviewed by hand (see read_corrections).
CORRECTIONS_FILE = os.path.join(REF, "corrections.csv")
# Who wrote each publisher's text (reviewed by hand, one row per publisher string; see read_publishers).
PUBLISHERS_FILE = os.path.join(REF, "publishers.csv")
# The vocabulary of a source's kind (CODEBOOK.md, sources); the package checks the same list.
SOURCE_KINDS = ("official", "state_media", "independent", "international_organisation", "mirror")
CORRECTABLE = {"date", "date_precision", "city", "host_country", "virtual", "title", "notes", "forum",
               "participants_stated", "drop_source", "drop_counterpart", "counterpart_title"}

# Multilateral keys fixed by the brief: preferred when duplicates are merged.
FIXED_KEYS = {
    "GPSCFL-2022", "GPSCFL-2023", "GPSCFL-2024", "PIC-2022", "PIC-2023", "PIC-2024",
    "CEA-2024", "CCA-2024", "SOMLMC-2025", "SCO-SCS-2023", "RATS-42",
}

# Organisation codes the records may use that ref/entities.csv lacks.
EXTRA_ORGS = {
    "BRICS": ("BRICS", "BRICS grouping (Brazil, Russia, India, China, South Africa and later members); used for "
              "heads-of-delegation security meetings"),
    "IMHRSI": ("International Meeting of High Representatives for Security Issues",
               "Annual international security conference hosted by the Security Council of Russia; used as a forum code"),
    "IOM": ("International Organization for Migration", "Intergovernmental migration agency, part of the UN system"),
    "UNHCR": ("Office of the United Nations High Commissioner for Refugees", "UN refugee agency"),
}

# Spellings of a Chinese official that cannot be tied to a known person.
UNIDENTIFIABLE = {
    "Liu Zhau": "spelling found only in Brazilian press, matches no known MPS official; one outlet calls him minister",
    "Chen Zhiyuan": "spelling in sources; possibly Chen Siyuan but not confirmed",
    "Zhou Ganlu": "spelling in source; Xu Ganlu is only a probable reading",
}

# Alternative spellings of in-scope officials accepted as aliases (only clear cases).
SAFE_ALIASES = {
    "Wang Xiaohong": {"Wan Xiaohong", "Wan Xiaohon"},
}

# Pairs that the generic matcher would merge but the records show are distinct meetings.
KEEP_SEPARATE = {
    frozenset({"SEA-043", "SEA-044"}):
        "The Nation (17 Feb 2025) describes an earlier February meeting, so it predates the 19 Feb one",
    # Vietnamese leaders share the family name Nguyen, which the name matcher reads as one person.
    frozenset({"B18-012", "B18-013"}): "Zhao Kezhi met the party chief and the prime minister separately on 19 Feb 2021",
    frozenset({"B18-012", "B18-037"}): "Zhao Kezhi met the party chief and the defence minister separately on 19 Feb 2021",
    frozenset({"B18-013", "B18-037"}): "Zhao Kezhi met the prime minister and the defence minister separately on 19 Feb 2021",
    frozenset({"GLO-056", "V2G-001"}):
        "Chen Wenqing's visit to Hungary's Information Office is a separate gathering from his meeting with Orban "
        "on the same May 2025 trip",
}

# Records that summarise several already-recorded gatherings: their sources are added to those events.
FOLD_INTO = {
    "GLO-065": (["EUR-019", "EUR-020"],
                "one record for the SCO and BRICS heads-of-delegation meetings at the 13th IMHRSI, "
                "which EUR-019 and EUR-020 record separately"),
}

# Reviewer notes printed in the report when the key is present in the input.
REVIEW_NOTES = {
    "EUR-034": "excluded for an inferred year; GA1-002 puts Wang in Central Asia on 2-3 Apr 2024, which supports "
               "2024, but no source read states the year - re-source before adding",
    "GLO-058": "its parent GLO-P03 (2024 SCO security council secretaries meeting) has no record of its own; GA1-002 "
               "now records that meeting, but GLO-058 names no Chinese official, so it stays out",
    "AFR-007": "the same Chen Wenqing-Fidan meeting is in the ledger from GLO-028 (3 Jun 2024, Xinhua)",
    "SEA-039": "the same Zahid/Saifuddin-Wang talks are in the ledger as GLO-043 (9 Sep 2024), with the same source",
    "SEA-042": "Sar Kheng-Wang signing (29 Apr) stays out until a source prints the year",
    "GA1-003": "Qi Yanjun is in ref/officials.csv; the Pakistani sources call him only 'counterpart'/'Chinese minister'",
    "GA1-002": "Tokayev is listed as the Kazakh participant although Wang's presence at the Akorda reception is not "
               "stated",
    "SEA-035": "kept: Wang opened and Vice Minister Xu Ganlu chaired the migration-governance forum (speech-type "
               "multilateral, borderline)",
    "GLO-042": "kept: Wang gave a video keynote at UNCOPS 2022 (speech-type multilateral, borderline)",
    "GLO-036": "the counterpart's full name is the helper's expansion of 'Saif' with his title; only 'Saif' is in the source",
}

# Field corrections to individual records, applied before validation.
def _fix_sea010(r):
    """SEA-010 merged a Nation story that GA2-001 shows refers to a separate 4 Feb 2025 meeting."""
    if not any(x.get("key") == "GA2-001" for x in ALL_RAW):
        return None
    r["counterparts"] = [c for c in r.get("counterparts") or [] if (c.get("official") or "") != "Kitrat Phanphet"]
    r["sources"] = [s for s in r.get("sources") or [] if "nationthailand.com/news/world/40045914" not in (s.get("url") or "")]
    r["_flags"].append("Split: Kitrat meeting and Nation story moved to GA2-001 (dated 4 Feb 2025)")
    return ("SEA-010 split: its Nation story (40045914) and police chief Kitrat belong to the 4 Feb 2025 "
            "meeting recorded as GA2-001; SEA-010 keeps the 28 Jan Khaosod meeting with Thatchai")


CORRECTIONS = {"SEA-010": _fix_sea010}

ALL_RAW: list = []

NON_GOVERNMENT = re.compile(r"\bformer\b|\bex-president|African National Congress|\bANC\b|opposition|non-ruling",
                            re.I)
ONE_PARTY_STATES = {"VNM", "LAO", "CUB", "PRK"}
PARTY_POST = re.compile(r"\bparty\b|\bCPV\b|Central Committee|Communist", re.I)
YEAR_INFERRED = re.compile(
    r"\byear\b[^.;]{0,60}\binferr|\binferr\w*[^.;]{0,30}\byear\b|\byear not (stated|printed|shown|visible|given)",
    re.I)
IDENTITY_UNCERTAIN = re.compile(
    r"identity[^.;]{0,40}(unverified|not verified|not confirmed|inferred|uncertain)|"
    r"identification[^.;]{0,60}\bis mine\b|participation is inferred|\bguess", re.I)
NAME_FLAGS = re.compile(r"as spelled|spelled '|identity unverified|transliteration|approx\.", re.I)
VM_TITLE = re.compile(
    r"((vice|deputy|assistant)[- ]?(public[- ]security[- ])?minister|vice-?ministr[oe])[^;]*"
    r"(public security|seguran\u00e7a p\u00fablica|seguridad p\u00fablica|s\u00e9curit\u00e9 publique)|"
    r"(public security|seguran\u00e7a p\u00fablica|seguridad p\u00fablica|s\u00e9curit\u00e9 publique)[^;]*"
    r"((vice|deputy|assistant)[- ]minister|vice-?ministr[oe])|"
    r"(vice|deputy|assistant)[- ]public[- ]security[- ]minister|"
    r"\u516c\u5b89\u90e8\u526f\u90e8\u957f|\u516c\u5b89\u90e8\u90e8\u957f\u52a9\u7406", re.I)
DATE_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_MONTH = re.compile(r"^\d{4}-\d{2}$")

EVENT_COLS = ["event_id", "date", "date_precision", "format", "setting", "parent_event_id", "forum", "city",
              "host_country", "virtual", "title", "participants_stated", "notes"]
INTER_COLS = ["event_id", "official", "counterpart", "counterpart_official", "counterpart_title", "cochair"]
SOURCE_COLS = ["event_id", "url", "publisher", "published", "language", "kind", "side"]
OFFICIAL_COLS = ["official", "name_zh", "agency", "rank", "title", "start", "end", "source_url", "notes", "aliases"]


# ----------------------------------------------------------------------------------------------- helpers
def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rd = csv.DictReader(fh)
        return rd.fieldnames, list(rd)


def write_csv(path, cols, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, quoting=csv.QUOTE_MINIMAL, lineterminator="\n",
                           extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: ("" if r.get(c) is None else r.get(c)) for c in cols})
    os.replace(tmp, path)


def s(v):
    if v is None:
        return ""
    return str(v).strip()


def strip_paren(name):
    return re.sub(r"\s*\([^)]*\)", "", name or "").strip()


def name_tokens(name):
    t = unicodedata.normalize("NFKD", strip_paren(name)).encode("ascii", "ignore").decode().lower()
    return {w for w in re.findall(r"[a-z]+", t) if len(w) >= 3 and w not in {"bin", "binti", "van", "von", "al"}}


def same_person(a, b):
    return bool(name_tokens(a) & name_tokens(b))


def shorten(text, limit=300):
    text = re.sub(r"\s+", " ", text or "").strip()
    # drop long verbatim quotations so that no source sentence is carried over
    text = re.sub(r"(?<=[\s(:])'[^']{50,}?'(?=[\s,.;)]|$)", "[quotation omitted]", text)
    text = re.sub(r"(?<=[\s(:])\"[^\"]{50,}?\"(?=[\s,.;)]|$)", "[quotation omitted]", text)
    if len(text) <= limit:
        return text
    parts = re.split(r"(?<=[.;])\s+", text)
    out = ""
    for p in parts:
        cand = (out + " " + p).strip()
        if len(cand) <= limit:
            out = cand
        else:
            break
    if not out:
        out = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def compose_notes(flags, texts, limit=300):
    parts = []
    for f in flags:
        f = re.sub(r"\s+", " ", f).strip().rstrip(".")
        if f and f not in parts:
            parts.append(f)
    head = "; ".join(parts)
    head = head + "." if head else ""
    if len(head) > limit:
        return shorten(head, limit)
    room = limit - len(head) - (1 if head else 0)
    tail = ""
    for t in texts:
        if not t or room - len(tail) < 40:
            continue
        piece = shorten(t, room - len(tail) - (1 if tail else 0))
        tail = (tail + " " + piece).strip()
    return (head + " " + tail).strip()


SHORT_QUOTE = re.compile(r"(?<![\w])['‘\"“]([^'’\"”]{1,60}?)['’\"”](?![\w])")
QUOTE_MARK = re.compile(r"(?<![\w])['‘\"“][^'’\"”]+['’\"”](?![\w])|\[quotation omitted\]")
FIRST_PERSON = re.compile(r"\b(I|I've|I'm|my|me|we|our|us)\b|HARD CASE|quotation omitted")


def unquote_short(text):
    """Notes paraphrase: the few words a date rests on ('on Tuesday') lose their quotation marks.

    A fragment of more than six words stays quoted so that the self-check sends it to a hand-written
    rewrite in corrections.csv instead of passing a source's sentence off as the ledger's own.
    """
    return SHORT_QUOTE.sub(lambda m: m.group(1) if len(m.group(1).split()) <= 6 else m.group(0), text)


def month(d):
    return d[:7]


def dates_compatible(a, b):
    if a["precision"] == "day" and b["precision"] == "day":
        return a["date"] == b["date"]
    return month(a["date"]) == month(b["date"])


# ----------------------------------------------------------------------------------------------- main
def main():
    report = defaultdict(list)
    warn = report["warnings"]

    # --- reference tables
    ent_cols, entities = read_csv(os.path.join(REF, "entities.csv"))
    off_cols, officials_ref = read_csv(os.path.join(REF, "officials.csv"))
    fm_cols, forum_members = read_csv(os.path.join(REF, "forum_members.csv"))
    gs_cols, gsi = read_csv(os.path.join(REF, "gsi_support.csv"))
    ab_cols, absences = read_csv(os.path.join(REF, "absences.csv"))
    gp_cols, gpscfl = read_csv(os.path.join(STAGING, "gpscfl-participation.csv"))

    # --- raw records
    files = sorted(glob.glob(os.path.join(STAGING, "events-*.jsonl")))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    warn.append(f"{os.path.basename(path)} line {ln}: unreadable JSON ({e.msg}), skipped")
                    continue
                if not isinstance(r, dict) or not s(r.get("key")):
                    warn.append(f"{os.path.basename(path)} line {ln}: record without key, skipped")
                    continue
                r["_file"] = os.path.basename(path)
                r["_flags"] = []
                ALL_RAW.append(r)

    # --- entities (+ organisation codes used by records)
    codes_known = {e["code"] for e in entities}
    used_codes = set()
    for r in ALL_RAW:
        for c in r.get("counterparts") or []:
            if isinstance(c, dict) and s(c.get("code")):
                used_codes.add(s(c.get("code")))
        if s(r.get("forum")):
            used_codes.add(s(r.get("forum")))
    entities_out = list(entities)
    for code, (name, note) in EXTRA_ORGS.items():
        if code not in codes_known and code in used_codes:
            row = {c: "" for c in ent_cols}
            row.update(code=code, name=name, kind="organisation", region="International organisation", notes=note)
            entities_out.append(row)
            codes_known.add(code)
            report["entities"].append(f"added organisation {code} ({name})")

    # --- split records: extra sources vs events
    extra_sources, event_raw = [], []
    for r in ALL_RAW:
        is_extra = (not s(r.get("date")) and not r.get("chinese_officials") and not r.get("counterparts")
                    and r.get("sources") and "extra source" in s(r.get("notes")).lower())
        (extra_sources if is_extra else event_raw).append(r)

    # --- corrections
    for r in event_raw:
        fix = CORRECTIONS.get(r["key"])
        if fix:
            msg = fix(r)
            if msg:
                report["corrections"].append(msg)

    # --- officials table (ref + additions)
    # One row of ref/officials.csv per position; a person's rows share their aliases.
    off_by_name = OrderedDict()
    for o in officials_ref:
        person = off_by_name.setdefault(o["official"], {"_aliases": [], "_positions": []})
        person["_positions"].append(dict(o))
    alias_map = {}
    for canon, al in SAFE_ALIASES.items():
        for a in al:
            alias_map[a.lower()] = canon

    def official_text(c):
        return f"{s(c.get('name'))} {s(c.get('title_in_source'))}"

    def record_uncertain(r):
        notes = s(r.get("notes"))
        if YEAR_INFERRED.search(notes):
            return "notes say the year was inferred, not stated by a source"
        if IDENTITY_UNCERTAIN.search(notes):
            return "notes say an identity/participation was inferred or unverified"
        return None

    # additions: names missing from officials.csv with an explicit MPS vice/assistant-minister title
    seen_spellings = defaultdict(set)
    for r in event_raw:
        if record_uncertain(r):
            continue
        for c in r.get("chinese_officials") or []:
            if not isinstance(c, dict):
                continue
            name = s(c.get("name"))
            title = s(c.get("title_in_source"))
            m = re.search(r"spelled '([^']+)'", title)
            if m and name:
                seen_spellings[name].add(m.group(1))
            if not name or name in off_by_name or name.lower() in alias_map:
                continue
            if NAME_FLAGS.search(name) or strip_paren(name) in UNIDENTIFIABLE or strip_paren(name) != name:
                continue
            if not re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+){1,2}", name):
                continue
            if not VM_TITLE.search(title):
                continue
            src = (r.get("sources") or [{}])[0].get("url") or ""
            if not src:
                continue
            rank = "assistant_minister" if re.search(r"assistant|部长助理", title, re.I) else "vice_minister"
            zh = ""
            off_by_name[name] = {"_aliases": [], "_positions": [{
                "official": name, "name_zh": zh, "agency": "MPS", "rank": rank, "title": title,
                "start": "", "end": "", "source_url": src, "notes": "title from ledger source"}]}
            report["officials"].append(f"added {name} ({rank}, title '{title}' from {r['key']}, {src})")
    for canon, spellings in seen_spellings.items():
        for sp in sorted(spellings):
            if canon in off_by_name and sp in SAFE_ALIASES.get(canon, set()):
                if sp not in off_by_name[canon]["_aliases"]:
                    off_by_name[canon]["_aliases"].append(sp)
                    report["officials"].append(f"alias '{sp}' recorded for {canon}")
            elif sp not in SAFE_ALIASES.get(canon, set()):
                report["officials"].append(f"spelling '{sp}' (recorded as {canon}) NOT aliased: uncertain reading")

    def resolve_official(c):
        name = s(c.get("name"))
        title = s(c.get("title_in_source"))
        if not name:
            return None, "Chinese official not named"
        base = strip_paren(name)
        if base in UNIDENTIFIABLE:
            return None, f"official '{base}' unidentifiable ({UNIDENTIFIABLE[base]})"
        m = re.search(r"spelled '([^']+)'", title)
        if m and m.group(1) in UNIDENTIFIABLE:
            return None, f"official spelled '{m.group(1)}' in source ({UNIDENTIFIABLE[m.group(1)]})"
        if NAME_FLAGS.search(name):
            return None, f"official '{name[:60]}' unidentifiable (uncertain spelling/transliteration)"
        if base in off_by_name:
            return base, None
        if base.lower() in alias_map:
            return alias_map[base.lower()], None
        return None, f"official '{base[:60]}' not in officials.csv (no explicit MPS VM/AM title)"

    # --- validate and normalise each record
    norm = []
    excluded = {}
    for r in event_raw:
        key = s(r["key"])
        if key in FOLD_INTO:
            continue
        reasons = []
        unc = record_uncertain(r)
        if unc:
            reasons.append(unc)
        date = s(r.get("date"))
        prec = s(r.get("date_precision"))
        if DATE_DAY.match(date):
            prec = "day"
        elif DATE_MONTH.match(date):
            prec = "month"
        else:
            reasons.append("no usable date" if not date else f"date '{date}' not YYYY-MM(-DD)")
        if not reasons[-1:] or not reasons[-1].startswith(("no usable", "date '")):
            lo, hi = WINDOW
            if (prec == "day" and not (lo <= date <= hi)) or (prec == "month" and not (lo[:7] <= date <= hi[:7])):
                reasons.append(f"date {date} outside the window {lo}..{hi}")
        # Chinese officials
        offs, off_problems = [], []
        for c in r.get("chinese_officials") or []:
            if isinstance(c, str):
                c = {"name": c}
            if not isinstance(c, dict):
                continue
            canon, why = resolve_official(c)
            if canon:
                if canon not in [o[0] for o in offs]:
                    offs.append((canon, s(c.get("title_in_source"))))
            else:
                off_problems.append(why)
        if not offs:
            if not (r.get("chinese_officials") or []):
                reasons.append("no named in-scope Chinese official")
            else:
                reasons.append("; ".join(off_problems) or "no usable Chinese official entry")
        elif off_problems:
            r["_flags"].append("Dropped Chinese participant: " + "; ".join(off_problems))
            report["dropped"].append(f"{key}: Chinese participant dropped ({'; '.join(off_problems)})")
        # counterparts
        cps, cp_problems, nongov = [], [], []
        for c in r.get("counterparts") or []:
            if not isinstance(c, dict):
                continue
            code = s(c.get("code"))
            off = s(c.get("official"))
            title = s(c.get("title"))
            if not code or code not in codes_known:
                cp_problems.append(f"counterpart code '{code or 'none'}' not in entities.csv")
                continue
            if NON_GOVERNMENT.search(f"{title} {off}") and not (code in ONE_PARTY_STATES):
                nongov.append(f"{off or code} ({title})")
                continue
            if code in ONE_PARTY_STATES and PARTY_POST.search(title) and not re.search(r"minister|president", title, re.I):
                r["_flags"].append(f"{off or code} holds a ruling-party post in a one-party state (kept)")
                report["party"].append(f"{key}: kept {off or code} ({code}) - ruling-party official of a one-party state")
            cps.append({"code": code, "official": off, "title": title, "cochair": bool(c.get("cochair") is True)})
        if nongov:
            report["dropped"].append(f"{key}: non-government counterpart(s) dropped: {'; '.join(nongov)}")
        if cp_problems and cps:
            report["dropped"].append(f"{key}: {'; '.join(cp_problems)}; counterpart dropped")
        if not cps:
            if nongov:
                reasons.append("foreign side only non-government figures (party official / former office-holder): "
                               + "; ".join(nongov))
            else:
                reasons.append("no counterpart with a code in entities.csv" +
                               (f" ({'; '.join(cp_problems)})" if cp_problems else ""))
        # sources
        srcs, seen = [], set()
        for sr in r.get("sources") or []:
            if not isinstance(sr, dict) or not s(sr.get("url")):
                continue
            u = sr["url"].strip()
            if u in seen:
                continue
            seen.add(u)
            pub = s(sr.get("published"))
            if pub and not (DATE_DAY.match(pub) or DATE_MONTH.match(pub)):
                warn.append(f"{key}: published '{pub}' for {u} not a date, left empty")
                pub = ""
            srcs.append(source_row(u, sr, pub))
        if not srcs:
            reasons.append("no source URL")
        if reasons:
            excluded[key] = (r["_file"], "; ".join(reasons), s(r.get("title")))
            continue
        fmt = s(r.get("format")).lower() or ("bilateral" if len({c['code'] for c in cps}) == 1 else "multilateral")
        ncodes = len({c["code"] for c in cps})
        if fmt == "bilateral" and ncodes > 1:
            fmt = "multilateral"
            r["_flags"].append("Recoded multilateral: several foreign counterparts")
            report["format"].append(f"{key}: marked bilateral but names {ncodes} counterparts -> multilateral")
        if fmt not in ("bilateral", "multilateral"):
            fmt = "bilateral" if ncodes == 1 else "multilateral"
        setting = s(r.get("setting")).lower()
        if setting not in ("standalone", "sideline"):
            setting = "sideline" if s(r.get("parent_key")) else "standalone"
        virt = r.get("virtual")
        if isinstance(virt, str):
            virt = {"true": True, "false": False}.get(virt.strip().lower())
        host = s(r.get("host_country"))
        if host and host not in codes_known:
            warn.append(f"{key}: host_country '{host}' not in entities.csv, left empty")
            host = ""
        part = r.get("stated_total_participants")
        part = str(int(part)) if isinstance(part, (int, float)) and not isinstance(part, bool) else (
            s(part) if re.fullmatch(r"\d+", s(part)) else "")
        norm.append({
            "key": key, "file": r["_file"], "date": date, "precision": prec, "format": fmt, "setting": setting,
            "parent": s(r.get("parent_key")), "forum": s(r.get("forum")), "city": s(r.get("city")),
            "host": host, "virtual": virt if isinstance(virt, bool) else None, "title": s(r.get("title")),
            "officials": offs, "counterparts": cps, "participants": part, "sources": srcs,
            "notes": s(r.get("notes")), "flags": list(r["_flags"]),
        })

    # --- group duplicates
    def codeset(n):
        return frozenset(c["code"] for c in n["counterparts"])

    def counterparts_agree(a, b):
        for code in codeset(a):
            na = [c["official"] for c in a["counterparts"] if c["code"] == code and c["official"]]
            nb = [c["official"] for c in b["counterparts"] if c["code"] == code and c["official"]]
            if na and nb and not any(same_person(x, y) for x in na for y in nb):
                return False
        return True

    def match(a, b):
        if a["key"] == b["key"]:
            return True
        if frozenset({a["key"], b["key"]}) in KEEP_SEPARATE:
            return False
        if a["format"] != b["format"] or not dates_compatible(a, b):
            return False
        if not ({o[0] for o in a["officials"]} & {o[0] for o in b["officials"]}):
            return False
        if codeset(a) != codeset(b):
            return False
        return counterparts_agree(a, b)

    groups = []
    for n in norm:
        hits = [g for g in groups if any(match(n, m) for m in g)]
        if not hits:
            groups.append([n])
            continue
        g = hits[0]
        g.append(n)
        for other in hits[1:]:  # n bridges several groups: join them
            g.extend(other)
            groups.remove(other)

    for pair, why in KEEP_SEPARATE.items():
        report["separate"].append(f"{' / '.join(sorted(pair))} kept apart: {why}")

    key_map = {}
    events = []
    for g in groups:
        g.sort(key=lambda m: norm.index(m))
        fixed = [m for m in g if m["key"] in FIXED_KEYS]
        kept = (fixed or g)[0]["key"]
        for m in g:
            key_map[m["key"]] = kept
        ev = merge_group(g, kept, report)
        events.append(ev)

    ev_by_id = {e["event_id"]: e for e in events}

    # --- folded records and extra sources
    for r in event_raw:
        key = s(r["key"])
        if key not in FOLD_INTO:
            continue
        targets, why = FOLD_INTO[key]
        added_to = []
        for t in targets:
            kt = key_map.get(t)
            if kt in ev_by_id:
                for sr in r.get("sources") or []:
                    add_source(ev_by_id[kt], sr, key, warn)
                added_to.append(kt)
        report["merged"].append(f"{key} folded into {', '.join(added_to) or '(nothing: targets missing)'}: {why}")
    for r in extra_sources:
        key = s(r["key"])
        kt = key_map.get(key)
        if kt in ev_by_id:
            n0 = len(ev_by_id[kt]["sources"])
            for sr in r.get("sources") or []:
                add_source(ev_by_id[kt], sr, key, warn)
            report["extra"].append(f"{key} ({r['_file']}): {len(ev_by_id[kt]['sources']) - n0} extra source(s) "
                                   f"added to {kt}")
        else:
            why = "record excluded" if key in excluded else "no record with that key"
            report["extra"].append(f"{key} ({r['_file']}): extra source(s) NOT added ({why})")

    # --- parent references
    for e in events:
        p = e["_parent_raw"]
        if not p:
            continue
        kp = key_map.get(p)
        if e["setting"] == "standalone":
            e["parent_event_id"] = ""
            if kp and kp != e["event_id"]:
                e["_flags"].append(f"Linked to {kp} (standalone)")
            continue
        if kp and kp in ev_by_id and kp != e["event_id"]:
            e["parent_event_id"] = kp
            if kp != p:
                report["parents"].append(f"{e['event_id']}: parent {p} rewritten to {kp}")
        else:
            e["parent_event_id"] = ""
            extra = " (its record was excluded)" if p in excluded else ""
            e["_flags"].append(f"parent {p} not in ledger")
            report["parents"].append(f"{e['event_id']}: parent {p} not in ledger{extra}; parent_event_id left empty, "
                                     f"setting stays sideline")

    # --- finalise notes and sort
    for e in events:
        e["notes"] = unquote_short(compose_notes(e["_flags"], e["_texts"]))
    apply_corrections(events, read_corrections(), report)
    report["kinds"] = classify_sources(events, read_publishers(PUBLISHERS_FILE, codes_known))
    events = hold_out_mirror_only(events, excluded)
    events.sort(key=lambda e: (e["date"], e["event_id"]))

    # --- interactions & sources
    interactions, sources = [], []
    for e in events:
        for off, _t in e["_officials"]:
            for code in OrderedDict((c["code"], None) for c in e["_counterparts"]):
                cs = [c for c in e["_counterparts"] if c["code"] == code]
                names = [c["official"] for c in cs if c["official"]]
                titles = [c["title"] for c in cs if c["title"]]
                interactions.append({
                    "event_id": e["event_id"], "official": off, "counterpart": code,
                    "counterpart_official": "; ".join(names), "counterpart_title": "; ".join(titles),
                    "cochair": "true" if any(c["cochair"] for c in cs) else "false",
                })
        for sr in e["sources"]:
            sources.append(dict(sr, event_id=e["event_id"]))

    # --- write outputs
    os.makedirs(OUT, exist_ok=True)
    write_csv(os.path.join(OUT, "events.csv"), EVENT_COLS, events)
    write_csv(os.path.join(OUT, "interactions.csv"), INTER_COLS, interactions)
    write_csv(os.path.join(OUT, "sources.csv"), SOURCE_COLS, sources)
    write_csv(os.path.join(OUT, "entities.csv"), ent_cols, entities_out)
    off_rows = []
    for person in off_by_name.values():
        for position in person["_positions"]:
            row = {c: position.get(c, "") for c in OFFICIAL_COLS}
            own = [a for a in (position.get("aliases") or "").split("|") if a]
            row["aliases"] = "|".join(dict.fromkeys(own + person["_aliases"]))
            off_rows.append(row)
    if bad := check_positions(off_rows):
        print("POSITIONS TABLE FAILED:\n  - " + "\n  - ".join(bad))
        return 1
    write_csv(os.path.join(OUT, "officials.csv"), OFFICIAL_COLS, off_rows)
    for name, cols, rows in (("forum_members.csv", fm_cols, forum_members), ("gsi_support.csv", gs_cols, gsi),
                             ("absences.csv", ab_cols, absences)):
        keep = []
        for i, row in enumerate(rows, 2):
            if not s(row.get("source_url")):
                report["side"].append(f"{name} row {i} ({row.get(cols[0])}, {row.get(cols[1])}): no source_url, dropped")
                continue
            keep.append(row)
        write_csv(os.path.join(OUT, name), cols, keep)
        report["side"].append(f"{name}: {len(keep)} of {len(rows)} rows copied (all checked for a source_url)")
    fp_rows = []
    for i, row in enumerate(gpscfl, 2):
        code = s(row.get("country_code"))
        if not s(row.get("source_url")):
            report["side"].append(f"gpscfl-participation row {i} ({code}): no source_url, dropped")
            continue
        if code not in codes_known:
            report["side"].append(f"gpscfl-participation row {i}: code '{code}' not in entities.csv, dropped")
            continue
        fp_rows.append({"forum": "GPSCFL", "counterpart": code, "name": s(row.get("country_name")),
                        "year": s(row.get("year")), "source_url": s(row.get("source_url")),
                        "notes": s(row.get("notes"))})
    fp_rows += participation_from_events(events, entities_out, {(r["counterpart"], r["year"]) for r in fp_rows})
    write_csv(os.path.join(OUT, "forum_participation.csv"),
              ["forum", "counterpart", "name", "year", "source_url", "notes"], fp_rows)
    report["side"].append(f"forum_participation.csv: {len(fp_rows)} rows (forum GPSCFL)")

    # --- self-check
    problems = self_check(events, interactions, sources, off_rows, entities_out)

    # --- counts
    date_of = {e["event_id"]: e["date"] for e in events}
    agency = {(i["event_id"], i["official"]): (position_on(off_rows, i["official"], date_of[i["event_id"]])
                                                or {"agency": "?"})["agency"] for i in interactions}
    bil = [e for e in events if e["format"] == "bilateral"]
    bil_cp = {c["code"] for e in bil for c in e["_counterparts"]}
    ev_agency = defaultdict(set)
    int_agency = defaultdict(int)
    for i in interactions:
        ev_agency[agency[i["event_id"], i["official"]]].add(i["event_id"])
        int_agency[agency[i["event_id"], i["official"]]] += 1
    counts = [
        f"records read: {len(ALL_RAW)} ({len(event_raw)} event records, {len(extra_sources)} extra-source records) "
        f"from {len(files)} files: {', '.join(os.path.basename(f) for f in files)}",
        f"records excluded: {len(excluded)}",
        f"events: {len(events)}",
        f"interactions: {len(interactions)}",
        f"sources: {len(sources)}",
        "sources by kind: " + ", ".join(f"{k} {sum(sr['kind'] == k for sr in sources)}" for k in SOURCE_KINDS),
        "sources by side: " + ", ".join(f"{k} {sum(sr['side'] == k for sr in sources)}"
                                        for k in ("chinese", "partner", "third")),
        f"bilateral events: {len(bil)}; multilateral events: {len(events) - len(bil)}",
        f"distinct bilateral counterparts: {len(bil_cp)}",
    ] + [f"agency {a}: {len(ev_agency[a])} events, {int_agency[a]} interactions" for a in sorted(ev_agency)]

    present = {s(r["key"]) for r in ALL_RAW}
    report["review"] = [f"{k}: {v}" for k, v in REVIEW_NOTES.items() if k in present]
    # tenure check (warning only): a meeting outside every recorded position of its official
    for e in events:
        for off, _t in e["_officials"]:
            if position_on(off_rows, off, e["date"]) is None:
                held = "; ".join(f"{p['agency']} {p['rank']} {p.get('start') or '?'} to {p.get('end') or 'open'}"
                                 for p in off_rows if p["official"] == off)
                warn.append(f"{e['event_id']}: {e['date']} outside every listed position of {off} ({held})")
    write_report(report, excluded, counts, problems)
    for c in counts:
        print(c)
    if problems:
        print("SELF-CHECK FAILED:")
        for p in problems:
            print("  -", p)
        return 1
    print("self-check: OK")
    return 0


def covers(position, date):
    """Whether a position (dates YYYY-MM-DD or YYYY-MM, either may be empty) covers a date of
    day or month precision; a month bound covers its whole month, as in the package."""
    st, en = position.get("start") or "", position.get("end") or ""
    return (not st or date[:len(st)] >= st[:len(date)]) and (not en or date[:len(en)] <= en[:len(date)])


def position_on(rows, official, date):
    """The position `official` held on `date`; at a handover, the one that started later
    (the package's rule, src/model/officials.rs)."""
    held = [p for p in rows if p["official"] == official and covers(p, date)]
    return max(held, key=lambda p: p.get("start") or "", default=None)


def check_positions(rows):
    """Every position names a source and ends no earlier than it starts."""
    bad = []
    for p in rows:
        where = f"{p['official']} ({p['agency']} {p['rank']})"
        if not (p.get("source_url") or "").strip():
            bad.append(f"{where}: no source_url")
        if p.get("start") and p.get("end") and p["end"] < p["start"][:len(p["end"])]:
            bad.append(f"{where}: ends {p['end']} before it starts {p['start']}")
    return bad


def participation_from_events(events, entities, listed):
    """GPSCFL participants that the ledger's own events show: a state whose officials met Chinese
    officials at the forum or one of its sub-forums took part that year (the forum publishes no
    full list). Each row cites the event's first source; states already listed are skipped."""
    states = {e["code"]: e["name"] for e in entities if e.get("kind") == "state"}
    rows = []
    for e in sorted(events, key=lambda e: (e["date"], e["event_id"])):
        if e["forum"] != "GPSCFL" or not e["sources"]:
            continue
        year = e["date"][:4]
        for c in e["_counterparts"]:
            code = c["code"]
            if code not in states or code == "CHN" or (code, year) in listed:
                continue
            listed.add((code, year))
            rows.append({"forum": "GPSCFL", "counterpart": code, "name": states[code], "year": year,
                         "source_url": e["sources"][0]["url"],
                         "notes": f"took part: met Chinese officials at the forum ({e['event_id']})"})
    return rows


def read_corrections():
    """Rows of ref/corrections.csv: event_id, field, value, source_url, reason.

    Each row records one reviewed change to a built event (an audit finding, a date two sources
    give differently, a neutral rewrite of the notes); a row naming an unknown field is an error,
    so that a typo cannot silently leave a record uncorrected.
    """
    if not os.path.exists(CORRECTIONS_FILE):
        return []
    _, rows = read_csv(CORRECTIONS_FILE)
    for i, row in enumerate(rows, 2):
        if row["field"] not in CORRECTABLE:
            sys.exit(f"{CORRECTIONS_FILE} row {i}: field '{row['field']}' is not one of {sorted(CORRECTABLE)}")
        if not s(row.get("reason")):
            sys.exit(f"{CORRECTIONS_FILE} row {i}: a correction needs a reason")
    return rows


def apply_corrections(events, rows, report):
    by_id = {e["event_id"]: e for e in events}
    for row in rows:
        ev = by_id.get(row["event_id"])
        field, value = row["field"], s(row["value"])
        if ev is None:
            report["corrections"].append(f"{row['event_id']}: no such event, correction of {field} NOT applied")
            continue
        url = s(row.get("source_url"))
        if url and not any(x["url"] == url for x in ev["sources"]):
            sys.exit(f"{CORRECTIONS_FILE}: {row['event_id']} {field} cites {url}, which is not among the event's "
                     "sources; add it as an extra-source record first")
        if field == "drop_source":
            before = len(ev["sources"])
            ev["sources"] = [x for x in ev["sources"] if x["url"] != value]
            done = before != len(ev["sources"])
        elif field == "drop_counterpart":
            before = len(ev["_counterparts"])
            ev["_counterparts"] = [c for c in ev["_counterparts"] if c["code"] != value]
            done = before != len(ev["_counterparts"])
        elif field == "counterpart_title":
            code, _, title = value.partition("=")
            hits = [c for c in ev["_counterparts"] if c["code"] == code]
            for c in hits:
                c["title"] = title
            done = bool(hits)
        else:
            ev[field] = value
            done = True
        if field == "notes":
            # the ledger's own neutral note replaces the composed one; only the count is reported
            report["corrections"].append(f"{row['event_id']}: notes rewritten ({row['reason']})")
        else:
            state = "" if done else " NOT applied (nothing matched)"
            report["corrections"].append(f"{row['event_id']}: {field} -> {value!r}{state} ({row['reason']})")


def add_source(ev, sr, origin, warn):
    if not isinstance(sr, dict) or not s(sr.get("url")):
        return
    u = sr["url"].strip()
    if any(x["url"] == u for x in ev["sources"]):
        return
    pub = s(sr.get("published"))
    if pub and not (DATE_DAY.match(pub) or DATE_MONTH.match(pub)):
        warn.append(f"{origin}: published '{pub}' for {u} not a date, left empty")
        pub = ""
    ev["sources"].append(source_row(u, sr, pub))


def source_row(url, raw, published):
    """A source as written to sources.csv; a sweeper's own kind and side ride along (underscored,
    not written) so that the build can compare them with the table's."""
    return {"url": url, "publisher": s(raw.get("publisher")), "published": published,
            "language": s(raw.get("language")), "_kind": s(raw.get("kind")), "_side": s(raw.get("side"))}


def read_publishers(path, codes):
    """ref/publishers.csv as {publisher: (kind, origin)}: who wrote the text a publisher string
    names. A kind outside SOURCE_KINDS, an origin that is not a code of entities.csv (a typo would
    silently make a partner's source third-party), or a publisher listed twice stops the build."""
    _, rows = read_csv(path)
    table = {}
    for i, row in enumerate(rows, 2):
        name = row["publisher"]
        if row["kind"] not in SOURCE_KINDS:
            sys.exit(f"{path} row {i} ({name}): kind '{row['kind']}' is not one of {', '.join(SOURCE_KINDS)}")
        if s(row.get("origin")) and s(row.get("origin")) not in codes:
            sys.exit(f"{path} row {i} ({name}): origin '{row['origin']}' is not a code of entities.csv")
        if name in table:
            sys.exit(f"{path} row {i}: publisher '{name}' is listed twice")
        table[name] = (row["kind"], s(row.get("origin")))
    return table


def hold_out_mirror_only(events, excluded):
    """Events whose every source is a copy on an unrelated site (kind `mirror`) leave the ledger:
    an event must rest on a publisher's own page (issue 10). They join the excluded records, and
    ref/absences.csv lists them for readers. A held-out event that another event names as its
    parent stops the build, since the child would lose its parent silently.
    """
    held = {e["event_id"] for e in events if all(sr["kind"] == "mirror" for sr in e["sources"])}
    for e in events:
        if e["event_id"] in held:
            excluded[e["event_id"]] = (e["_file"], "every source is a mirror copy on an unrelated site; no "
                                       "publisher's own page found", e["title"])
        elif e["parent_event_id"] in held:
            sys.exit(f"{e['event_id']}: its parent {e['parent_event_id']} rests on mirror copies only")
    return [e for e in events if e["event_id"] not in held]


def classify_sources(events, publishers):
    """Gives every source its kind (from the publishers table) and side: `chinese` when the text's
    origin is China, `partner` when it is one of the event's counterparts, `third` otherwise.

    A publisher missing from the table stops the build, naming it. Where a raw record coded a
    source's kind or side itself, the table's value is kept and each disagreement returned, so a
    reviewer sees both instead of one silently winning.
    """
    disagreements = []
    for e in events:
        partners = {c["code"] for c in e["_counterparts"]}
        for sr in e["sources"]:
            if sr["publisher"] not in publishers:
                sys.exit(f"{PUBLISHERS_FILE}: publisher '{sr['publisher']}' ({e['event_id']}, {sr['url']}) is not "
                         "listed; add a row with its kind, origin and basis")
            kind, origin = publishers[sr["publisher"]]
            side = "chinese" if origin == "CHN" else "partner" if origin in partners else "third"
            sr["kind"], sr["side"] = kind, side
            for field, value in (("kind", kind), ("side", side)):
                coded = sr.get("_" + field)
                if coded and coded != value:
                    disagreements.append(f"{e['event_id']} {sr['publisher']} ({sr['url']}): {field} coded "
                                         f"'{coded}' in the raw record, '{value}' from the table (table kept)")
    return disagreements


def merge_group(g, kept, report):
    first = g[0]
    flags = []
    for m in g:
        for f in m["flags"]:
            if f not in flags:
                flags.append(f)
    disagreements = []

    def pick(field, label, norm=lambda v: v.lower() if isinstance(v, str) else v):
        vals = [(m[field], m["key"]) for m in g if m[field] not in ("", None)]
        if not vals:
            return "" if field != "virtual" else None
        v0 = vals[0][0]
        for v, k in vals[1:]:
            if norm(v) != norm(v0):
                disagreements.append(f"{label} {v} in {k}")
        return v0

    # date: most specific (day) wins; first among equals
    days = [(m["date"], m["key"]) for m in g if m["precision"] == "day"]
    if days:
        date, prec = days[0][0], "day"
        for d, k in days[1:]:
            if d != date:
                disagreements.append(f"date {d} in {k}")
    else:
        date, prec = first["date"], "month"
    setting = pick("setting", "setting")
    ev = {
        "event_id": kept, "date": date, "date_precision": prec, "format": first["format"], "setting": setting,
        "forum": pick("forum", "forum"), "city": pick("city", "city", lambda v: re.sub(r"\W", "", v.lower())),
        "host_country": pick("host", "host"), "title": first["title"],
        "participants_stated": pick("participants", "participants"),
    }
    virt = pick("virtual", "virtual", lambda v: v)
    ev["virtual"] = "" if virt is None else ("true" if virt else "false")
    # parent: first non-empty, compared later after key mapping
    parents = [m["parent"] for m in g if m["parent"]]
    ev["_parent_raw"] = parents[0] if parents else ""
    ev["parent_event_id"] = ""
    # officials
    offs = []
    for m in g:
        for o in m["officials"]:
            if o[0] not in [x[0] for x in offs]:
                offs.append(o)
    ev["_officials"] = offs
    # counterparts: union; same person (same code) merged, first spelling kept
    cps = []
    for m in g:
        for c in m["counterparts"]:
            same = None
            for x in cps:
                if x["code"] != c["code"]:
                    continue
                if (x["official"] and c["official"] and same_person(x["official"], c["official"])):
                    same = x
                    break
                if not x["official"] and not c["official"]:
                    same = x
                    break
            if same is None:
                unnamed = [x for x in cps if x["code"] == c["code"] and not x["official"]]
                if c["official"] and unnamed:
                    unnamed[0].update(official=c["official"], title=unnamed[0]["title"] or c["title"])
                    if c["cochair"] != unnamed[0]["cochair"] and m is not g[0]:
                        disagreements.append(f"cochair {c['code']} {str(c['cochair']).lower()} in {m['key']}")
                    continue
                if not c["official"] and any(x["code"] == c["code"] for x in cps):
                    continue
                cps.append(dict(c))
            else:
                if not same["title"] and c["title"]:
                    same["title"] = c["title"]
                if same["cochair"] != c["cochair"]:
                    disagreements.append(f"cochair {c['code']} {str(c['cochair']).lower()} in {m['key']}")
    ev["_counterparts"] = cps
    srcs = []
    for m in g:
        for sr in m["sources"]:
            if sr["url"] not in [x["url"] for x in srcs]:
                srcs.append(dict(sr))
    ev["sources"] = srcs
    ncodes = len({c["code"] for c in cps})
    if ncodes > 1 and ev["format"] == "bilateral":
        ev["format"] = "multilateral"
        flags.append("Recoded multilateral: merged records name several foreign counterparts")
        report["format"].append(f"{kept}: merged records name {ncodes} counterparts -> multilateral")
    if len(g) > 1:
        kept_idx = next(i for i, m in enumerate(g) if m["key"] == kept)
        others = [(m["key"] if m["key"] != kept else f"{kept} (second record, {m['file']})")
                  for i, m in enumerate(g) if i != kept_idx]
        flags.insert(0, "Merged " + ", ".join(others))
        if disagreements:
            flags.insert(1, "Records disagree: " + "; ".join(disagreements) + " (first kept)")
        report["merged"].append(f"{kept} <- {', '.join(others)} (same date, official(s) and counterpart)"
                                + (f"; disagreements: {'; '.join(disagreements)}" if disagreements else ""))
    ev["_flags"] = flags
    ev["_texts"] = [first["notes"]]
    ev["_file"] = first["file"]
    return ev


def self_check(events, interactions, sources, officials, entities):
    problems = []
    ids = [e["event_id"] for e in events]
    idset = set(ids)
    if len(ids) != len(idset):
        problems.append("duplicate event ids")
    offs = {o["official"] for o in officials}
    codes = {e["code"] for e in entities}
    seen = set()
    n_int = defaultdict(int)
    for i in interactions:
        if i["event_id"] not in idset:
            problems.append(f"interaction event {i['event_id']} not in events")
        if i["official"] not in offs:
            problems.append(f"official {i['official']} not in officials.csv")
        if i["counterpart"] not in codes:
            problems.append(f"counterpart {i['counterpart']} not in entities.csv")
        k = (i["event_id"], i["official"], i["counterpart"])
        if k in seen:
            problems.append(f"duplicate interaction {k}")
        seen.add(k)
        n_int[i["event_id"]] += 1
    n_src = defaultdict(int)
    for sr in sources:
        if sr["event_id"] not in idset:
            problems.append(f"source event {sr['event_id']} not in events")
        n_src[sr["event_id"]] += 1
    for e in events:
        if e["host_country"] and e["host_country"] not in codes:
            problems.append(f"{e['event_id']}: host {e['host_country']} not in entities.csv")
        if not n_int[e["event_id"]]:
            problems.append(f"{e['event_id']}: no interaction")
        if not n_src[e["event_id"]]:
            problems.append(f"{e['event_id']}: no source")
        if e["parent_event_id"] and e["parent_event_id"] not in idset:
            problems.append(f"{e['event_id']}: parent {e['parent_event_id']} not in events")
        if not (DATE_DAY.match(e["date"]) if e["date_precision"] == "day" else DATE_MONTH.match(e["date"])):
            problems.append(f"{e['event_id']}: bad date {e['date']}/{e['date_precision']}")
        if e["format"] == "bilateral" and len({c['code'] for c in e["_counterparts"]}) != 1:
            problems.append(f"{e['event_id']}: bilateral without exactly one counterpart")
        if len(e["notes"]) > 300:
            problems.append(f"{e['event_id']}: notes longer than 300 characters")
        if QUOTE_MARK.search(e["notes"]) or FIRST_PERSON.search(e["notes"]):
            problems.append(f"{e['event_id']}: notes quote a source or speak in the first person; "
                            "rewrite them in ref/corrections.csv")
    return problems


def write_report(report, excluded, counts, problems):
    L = ["# cisd ledger build report", "",
         "Generated by `ledger/build_ledger.py` (re-runnable; reads every `events-*.jsonl`).", "",
         "## Counts", ""] + [f"- {c}" for c in counts] + [""]
    L += ["## Rules applied", "",
          "- Entry: a date (day or month) inside 2022-06-01..2025-05-31, at least one named Chinese official in "
          "officials.csv, at least one counterpart whose code is in entities.csv, and at least one source URL.",
          "- Records whose notes say the year or an identity/participation was inferred or unverified are excluded.",
          "- Foreign side: government officials or international organisations only; party officials and former "
          "office-holders are dropped, except ruling-party officials of one-party states (Vietnam, Laos, Cuba), "
          "which are kept and flagged in notes.",
          "- Duplicates (same key, or same date/month, overlapping Chinese officials, same counterpart set and, "
          "where both name them, the same foreign official) are merged; fixed keys are preferred, otherwise the "
          "first key in file-name order. Sources and participants are unioned; the most specific value is kept; "
          "on disagreement the first value is kept and the disagreement is written into notes.",
          "- Bilateral = exactly one foreign state/organisation; several foreign officials of one state become one "
          "interaction row with names joined by '; '.",
          "- Notes are the script's flags followed by the record's notes, shortened to 300 characters, with long "
          "verbatim quotations removed.",
          "- Every source's kind comes from ref/publishers.csv (who wrote the text the publisher string names); its "
          "side is `chinese` when that text's origin is China, `partner` when it is one of the event's counterparts, "
          "`third` otherwise. An unlisted publisher stops the build.", ""]
    L += ["## Excluded records", ""]
    for k, (f, why, t) in sorted(excluded.items()):
        L.append(f"- {k} ({f}): {why}")
    if not excluded:
        L.append("- none")
    L.append("")
    sections = [("merged", "Merged duplicates"), ("extra", "Extra-source records"), ("separate", "Kept apart on purpose"),
                ("corrections", "Corrections to records"), ("dropped", "Participants dropped from kept records"),
                ("party", "Ruling-party officials kept"), ("format", "Format recoded"),
                ("parents", "Parent references"), ("officials", "Officials table"), ("entities", "Entities table"),
                ("side", "Side tables"), ("kinds", "Source kind and side: raw records against ref/publishers.csv"),
                ("review", "Notes for reviewers"), ("warnings", "Warnings")]
    for k, title in sections:
        L += [f"## {title}", ""]
        L += [f"- {x}" for x in report.get(k, [])] or ["- none"]
        L.append("")
    L += ["## Self-check", ""]
    L += [f"- FAILED: {p}" for p in problems] or ["- OK: every interaction/source event exists; every official is in "
                                                   "officials.csv; every counterpart/host code is in entities.csv; no "
                                                   "duplicate event ids or (event, official, counterpart) rows; every "
                                                   "event has an interaction and a source."]
    L.append("")
    with open(REPORT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(L))


if __name__ == "__main__":
    sys.exit(main())

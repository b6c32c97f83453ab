#!/usr/bin/env python3
"""`make conformance`: kiosque's feed parser against other parsers, on other projects' test feeds.

    python3 bench/conformance/run.py [--kiosque .build/release/kiosque] [--corpus ../shared/conformance]

Runs `kiosque feed inspect --json` (through its `--batch` mode: one process reads many files)
on every file under the corpus and compares its JSON (fields.py says how):
  (a) with Python's feedparser, field by field (installed with pip in .build-conformance/venv);
  (b) with the `Expect:` assertion of each feedparser fixture, where it is about a field the
      JSON has (expect.py);
  (c) with the expected outputs that gofeed, feed-rs and rss-parser ship beside their feeds.
Where the oracles are wrong by the feed's own text, the disagreement is argued, one reason a
line, in bench/conformance/argued.txt, and counts as agreement. Every file, and 10 mutations
of each (truncations, byte flips), must also be read or refused without a crash and in under
a second. Prints the agreement per corpus and every disagreement; exits 1 below the targets.
"""

import argparse
import fnmatch
import hashlib
import json
import os
import pickle
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STATE = ROOT / ".build-conformance"
VENV = STATE / "venv"
FEEDPARSER = "feedparser==6.0.14"

# The targets: share of compared files that agree (argued disagreements count as agreement).
TARGETS = {"fixtures": 0.98, "expect": 0.98, "external": 0.95, "expected": 0.95}
SECONDS_PER_FILE = 1.0  # in-process, to load, parse and print one file
HANG = 30.0  # no record for this long: the file being read hangs
MUTATIONS = 10


def in_venv():
    """Re-run this script with the virtual environment's Python, making it first."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists() or subprocess.run([python, "-c", "import feedparser"], capture_output=True).returncode:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", FEEDPARSER], check=True)
    os.execv(python, [str(python), __file__] + sys.argv[1:])


# --- the corpus ----------------------------------------------------------------------------

def excluded_patterns(corpus):
    lines = (corpus / "feedparser-fixtures" / "excludes.txt").read_text().splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith("#")]


def is_excluded(rel, patterns):
    return any(fnmatch.fnmatch(rel, "*/" + p) or fnmatch.fnmatch(rel, p) for p in patterns)


def duplicates(external):
    """Files the manifest lists as byte-for-byte copies of another."""
    out = set()
    for line in (external / ".manifest.tsv").read_text().splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 6 and cols[5].startswith("duplicate-of"):
            out.add(f"{cols[0]}/{cols[1]}")
    return out


def expected_output(external, rel):
    """(project, path of its expected output) for an external feed that has one."""
    project, _, path = rel.partition("/")
    base = external / project / ".expected"
    stem = path.rsplit(".", 1)[0]
    if project == "gofeed":
        for candidate in (f"{stem}.json", f"{stem}_expected.json"):
            if (base / candidate).is_file() and candidate != path:
                return project, base / candidate
    elif project == "feed-rs":
        if (base / f"{stem}.serde.json").is_file():
            return project, base / f"{stem}.serde.json"
    elif project == "rss-parser":
        name = Path(stem).name
        if (base / "test" / "output" / f"{name}.json").is_file():
            return project, base / "test" / "output" / f"{name}.json"
    return None


def corpus_files(corpus):
    """{relative path: role}: `fixture`, `fixture-other` (read, not compared), `external`."""
    files = {}
    patterns = excluded_patterns(corpus)
    tests = corpus / "feedparser-fixtures" / "tests"
    for p in sorted(tests.rglob("*")):
        if p.is_file():
            rel = str(p.relative_to(corpus))
            sub = p.relative_to(tests).parts[0]
            compared = sub in ("wellformed", "illformed") and not is_excluded(rel, patterns)
            files[rel] = "fixture" if compared else "fixture-other"
    external = corpus / "external-feeds"
    dupes = duplicates(external)
    for p in sorted(external.rglob("*")):
        rel = p.relative_to(external)
        if not p.is_file() or ".expected" in rel.parts or rel.parts[0] in (".manifest.tsv", "README.md"):
            continue
        if str(rel) not in dupes:
            files[str(p.relative_to(corpus))] = "external"
    return files


def fixture_header(name, data):
    """The `Expect:` expression of a feedparser fixture, and whether it assumes HTTP: headers
    that change what is read (a base URL, a charset, a language), or, for the `http_*` ones,
    that feedparser's own tests serve it, its address being the base of its links."""
    head = data[:4096].decode("utf-8", "replace")
    expect = None
    for line in head.splitlines():
        s = line.strip()
        if s.startswith("Expect:"):
            expect = s[len("Expect:"):].strip()
    headers = [l.split(":", 2)[1].strip().lower() for l in head.splitlines() if l.strip().startswith("Header:")]
    return expect, name.startswith("http_") or any(h in ("content-location", "content-type", "content-language") for h in headers)


# --- kiosque ---------------------------------------------------------------------------------

def read_records(stream, out):
    """Records of `feed inspect --batch` (JSON objects one after another) into a queue."""
    buf = ""
    decoder = json.JSONDecoder()
    for line in stream:
        buf += line
        if line.rstrip().endswith("}"):
            try:
                record, end = decoder.raw_decode(buf)
            except json.JSONDecodeError:
                continue
            out.put(record)
            buf = buf[end:].lstrip()
    out.put(None)


def inspect_batch(kiosque, paths):
    """{path: record}; a path whose process died or hung gets status `crash` or `hang`, and
    the rest are read by a new process."""
    results = {}
    remaining = list(paths)
    while remaining:
        p = subprocess.Popen([kiosque, "feed", "inspect", "--json", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
                             errors="replace")

        def feed(lines=list(remaining), stdin=p.stdin):
            try:
                stdin.write("".join(l + "\n" for l in lines))
                stdin.close()
            except (BrokenPipeError, OSError):
                pass

        records = queue.Queue()
        threading.Thread(target=feed, daemon=True).start()
        threading.Thread(target=read_records, args=(p.stdout, records), daemon=True).start()
        done = 0
        while done < len(remaining):
            try:
                r = records.get(timeout=HANG)
            except queue.Empty:
                p.kill()
                results[remaining[done]] = {"status": "hang", "seconds": HANG}
                done += 1
                break
            if r is None:
                p.wait()
                results[remaining[done]] = {"status": "crash", "exit": p.returncode}
                done += 1
                break
            results[r["source"]] = r
            done += 1
        p.wait()
        remaining = remaining[done:]
    return results


def inspect_all(kiosque, paths, jobs):
    # Big files first, so that the processes finish together.
    paths = sorted(paths, key=lambda p: -os.path.getsize(p))
    chunks = [paths[i::jobs] for i in range(jobs)]
    results = {}
    threads = [threading.Thread(target=lambda c=c: results.update(inspect_batch(kiosque, c))) for c in chunks]
    for t in threads: t.start()
    for t in threads: t.join()
    return results


# --- feedparser ------------------------------------------------------------------------------

def feedparser_view(path):
    import feedparser
    import fields
    r = feedparser.parse(Path(path).read_bytes())
    # feedparser 6 does not read JSON Feed: no answer to compare with.
    is_json = Path(path).read_bytes().lstrip()[:1] == b"{"
    return path, {"view": fields.from_feedparser(r), "version": r.get("version", ""), "json": is_json}


def feedparser_all(paths, jobs):
    """{path: {"view", "version", "json"}}, cached by content, feedparser version and this code."""
    import feedparser
    salt = feedparser.__version__ + hashlib.sha1((HERE / "fields.py").read_bytes() + Path(__file__).read_bytes()).hexdigest()
    cache_file = STATE / "feedparser-cache.pickle"
    try:
        cache = pickle.loads(cache_file.read_bytes())
    except Exception:
        cache = {}
    keys = {p: hashlib.sha1(salt.encode() + Path(p).read_bytes()).hexdigest() for p in paths}
    missing = [p for p in paths if keys[p] not in cache]
    with ProcessPoolExecutor(jobs) as pool:
        for path, result in pool.map(feedparser_view, missing, chunksize=8):
            cache[keys[path]] = result
    tmp = cache_file.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps({keys[p]: cache[keys[p]] for p in paths}))
    tmp.rename(cache_file)
    return {p: cache[keys[p]] for p in paths}


# --- mutations -------------------------------------------------------------------------------

def mutations(data, seed):
    """Ten damaged copies, the same every run: four truncations, six sets of byte flips."""
    rng = random.Random(seed)
    n = len(data)
    out = []
    for frac in (0.25, 0.5, 0.75, rng.random()):
        out.append(("truncated", data[: int(n * frac)]))
    for flips in (1, 1, 4, 16, 64, 256):
        b = bytearray(data)
        for _ in range(flips if n else 0):
            b[rng.randrange(n)] = rng.choice(b"<>&\"'/;!?[]\x00\xff\xc3\xe9" + bytes([rng.randrange(256)]))
        out.append((f"{flips} byte(s) flipped", bytes(b)))
    return out


# --- the report ------------------------------------------------------------------------------

class Argued:
    """bench/conformance/argued.txt: `oracle  file  field  reason`, one a line."""

    def __init__(self, path):
        self.entries = []
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(None, 3)
            if len(parts) < 4:
                sys.exit(f"{path}:{n}: error: want `oracle file field reason`, got {line!r}")
            # `items[*].link`: any item; `*` elsewhere: anything.
            field = re.compile(re.escape(parts[2]).replace(r"\[\*\]", r"\[\d+\]").replace(r"\*", ".*") + "$")
            self.entries.append({"oracle": parts[0], "file": parts[1], "field": field, "pattern": parts[2],
                                 "reason": parts[3], "line": n, "used": False})

    def reason(self, oracle, rel, field):
        for e in self.entries:
            if e["oracle"] == oracle and e["file"] == rel and e["field"].match(field):
                e["used"] = True
                return e["reason"]
        return None


class Tally:
    def __init__(self, name, target):
        self.name, self.target = name, target
        self.compared = self.agree = self.argued = 0
        self.disagreements = []  # (file, [(field, ours, theirs)])

    def add(self, rel, diffs, argued, oracle):
        self.compared += 1
        open_diffs = [d for d in diffs if not argued.reason(oracle, rel, d[0])]
        if open_diffs:
            self.disagreements.append((rel, open_diffs))
        else:
            self.agree += 1
            self.argued += bool(diffs)

    def share(self):
        return self.agree / self.compared if self.compared else 1.0

    def line(self):
        target = f"target >= {self.target:.0%}" if self.target else "no target"
        ok = "" if self.target is None else ("met" if self.share() >= self.target else "NOT MET")
        return (f"{self.name:58} {self.agree:5} / {self.compared:5} agree = {self.share():6.1%}"
                f"  ({self.argued} argued)  {target} {ok}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kiosque", default=str(ROOT / ".build" / "release" / "kiosque"))
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "conformance"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--no-mutations", action="store_true", help="skip the damaged copies")
    ap.add_argument("--quiet", action="store_true", help="print the agreement only, not each disagreement")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    import fields
    import expect

    corpus = Path(args.corpus).resolve()
    if not (corpus / "feedparser-fixtures").is_dir() or not (corpus / "external-feeds").is_dir():
        # The corpus is other projects' data, shared beside the repository, not in it: a
        # machine without it cannot check the targets, and says so loudly rather than fail.
        print(f"conformance: warning: no corpus at {corpus} (feedparser-fixtures/ and external-feeds/): "
              f"the targets were NOT checked; clone the repository beside shared/, or give --corpus "
              f"(make conformance CONFORMANCE=…)", file=sys.stderr)
        sys.exit(0)
    if not os.access(args.kiosque, os.X_OK):
        sys.exit(f"conformance: error: no kiosque executable at {args.kiosque}: build it (make release) or give --kiosque")
    kiosque = str(Path(args.kiosque).resolve())
    files = corpus_files(corpus)
    abs_paths = {rel: str(corpus / rel) for rel in files}
    started = time.monotonic()

    records = inspect_all(kiosque, list(abs_paths.values()), args.jobs)
    kiosque_seconds = time.monotonic() - started
    compared = [rel for rel, role in files.items() if role in ("fixture", "external")]
    t = time.monotonic()
    oracle = feedparser_all([abs_paths[rel] for rel in compared], args.jobs)
    feedparser_seconds = time.monotonic() - t

    argued = Argued(HERE / "argued.txt")
    tallies = {
        "fixtures": Tally("feedparser's fixtures (wellformed, illformed) vs feedparser", TARGETS["fixtures"]),
        "expect": Tally("feedparser's fixtures vs their Expect: assertions", TARGETS["expect"]),
        "external": Tally("external-feeds vs feedparser", TARGETS["external"]),
        "gofeed": Tally("external-feeds vs gofeed's expected output", None),
        "feed-rs": Tally("external-feeds vs feed-rs's expected output", None),
        "rss-parser": Tally("external-feeds vs rss-parser's expected output", None),
        "expected": Tally("external-feeds vs the projects' expected outputs (all)", TARGETS["expected"]),
    }
    not_comparable = {"fixtures": 0, "external": 0, "expect": 0}
    lost = []  # unargued item-count differences

    for rel in compared:
        record = records[abs_paths[rel]]
        feed = record.get("feed")
        ours = fields.from_kiosque(feed) if feed else fields.View()
        theirs = oracle[abs_paths[rel]]["view"]
        group = "fixtures" if files[rel] == "fixture" else "external"
        nothing = lambda v: not (v.title or v.link or v.items)
        if (nothing(theirs) and nothing(ours)) or oracle[abs_paths[rel]]["json"]:
            not_comparable[group] += 1
        else:
            diffs = fields.differences(ours, theirs)
            tallies[group].add(rel, diffs, argued, "feedparser")
            lost += [(rel, "feedparser", d) for d in diffs if d[0] == "count" and not argued.reason("feedparser", rel, "count")]
        if files[rel] == "fixture":
            assertion, needs_headers = fixture_header(Path(rel).name, Path(abs_paths[rel]).read_bytes())
            verdict = None if (assertion is None or needs_headers) else expect.evaluate(assertion, feed)
            if verdict is None:
                not_comparable["expect"] += 1
            else:
                diffs = [] if verdict else [("Expect", "false", assertion)]
                tallies["expect"].add(rel, diffs, argued, "expect")
        else:
            found = expected_output(corpus / "external-feeds", rel.partition("/")[2])
            if found:
                project, path = found
                raw = path.read_bytes()
                try:
                    data = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    data = json.loads(raw.decode("latin-1"))
                reader = {"gofeed": fields.from_gofeed, "feed-rs": fields.from_feed_rs,
                          "rss-parser": fields.from_rss_parser}[project]
                view = reader(data, str(path))
                if not view.fields:
                    continue
                made_up_ids = Path(abs_paths[rel]).read_bytes() if project == "feed-rs" else None
                diffs = fields.differences(ours, view, made_up_ids)
                tallies[project].add(rel, diffs, argued, project)
                tallies["expected"].add(rel, diffs, argued, project)
                lost += [(rel, project, d) for d in diffs if d[0] == "count" and not argued.reason(project, rel, "count")]

    # Robustness: every file, then ten damaged copies of each.
    problems = [(rel, r) for rel in files for r in [records[abs_paths[rel]]]
                if r["status"] not in (0, 2) or r.get("seconds", 0) >= SECONDS_PER_FILE]
    slowest = max((r.get("seconds", 0), rel) for rel in files for r in [records[abs_paths[rel]]])
    mutated = 0
    if not args.no_mutations:
        with tempfile.TemporaryDirectory(prefix="kiosque-conformance-") as tmp:
            origin = {}
            for k, rel in enumerate(files):
                data = Path(abs_paths[rel]).read_bytes()
                for m, (kind, bytes_) in enumerate(mutations(data, rel)):
                    p = os.path.join(tmp, f"{k}-{m}{Path(rel).suffix}")
                    Path(p).write_bytes(bytes_)
                    origin[p] = f"{rel} ({kind}, copy {m})"
            t = time.monotonic()
            mutant_records = inspect_all(kiosque, list(origin), args.jobs)
            kiosque_seconds += time.monotonic() - t
            mutated = len(origin)
            for p, r in mutant_records.items():
                if r["status"] not in (0, 2) or r.get("seconds", 0) >= SECONDS_PER_FILE:
                    problems.append((origin[p], r))
                slowest = max(slowest, (r.get("seconds", 0), origin[p]))

    if not args.quiet:
        for key, tally in tallies.items():
            if key == "expected":
                continue
            for rel, diffs in tally.disagreements:
                print(f"{key}: {rel}")
                for f, mine, other in diffs:
                    print(f"    {f}: kiosque {mine}  |  {'expected' if key != 'fixtures' and key != 'external' else 'feedparser'} {other}")
    stale = [e for e in argued.entries if not e["used"]]
    print()
    print(f"kiosque: {kiosque} ({len(files)} files + {mutated} damaged copies, {kiosque_seconds:.1f} s);"
          f" feedparser {FEEDPARSER.split('==')[1]} ({feedparser_seconds:.1f} s)")
    for tally in tallies.values():
        print(tally.line())
    print(f"not comparable (neither reads anything to compare, or JSON Feed, which feedparser 6 does not read; "
          f"Expect about other fields or HTTP headers): "
          f"fixtures {not_comparable['fixtures']}, external {not_comparable['external']}, Expect {not_comparable['expect']}")
    print(f"argued disagreements: {sum(1 for e in argued.entries if e['used'])} in {HERE / 'argued.txt'}")
    for e in stale:
        print(f"argued.txt:{e['line']}: stale: {e['oracle']} {e['file']} {e['pattern']} agrees now: remove the line")
    print(f"items lost or added (count differences not argued): {len(lost)}")
    for rel, who, (f, mine, other) in lost:
        print(f"    {rel}: kiosque {mine} items, {who} {other}")
    print(f"robustness: {len(files) + mutated} reads, {len(problems)} crash(es), hang(s) or read(s) over "
          f"{SECONDS_PER_FILE:.0f} s; slowest {slowest[0]:.3f} s ({slowest[1]})")
    for what, r in problems:
        print(f"    {what}: {r}")

    failed = [t.name for t in tallies.values() if t.target is not None and t.share() < t.target]
    if failed or lost or problems or stale:
        print("conformance: FAILED" + "".join(f"\n    below target: {n}" for n in failed))
        sys.exit(1)
    print("conformance: every target met")


if __name__ == "__main__":
    in_venv()
    main()

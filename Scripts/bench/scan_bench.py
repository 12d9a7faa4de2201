#!/usr/bin/env python3
"""Times meshcert scan against its baselines on the same data in the same run; prints a table
and the ratios. Called by Scripts/bench/scan.sh (which builds and generates everything)."""
import json
import os
import random
import subprocess
import sys
import time


def measure(argv, stdout=subprocess.DEVNULL):
    """Wall time and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: {argv[0]} failed ({code}): {err[-500:]}")
    return wall, usage.ru_maxrss / 1024


def count(argv):
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return dict(kv.split("=") for kv in out.split())


def files_under(d):
    return [os.path.join(r, n) for r, _, ns in os.walk(d) for n in ns]


def main():
    meshcert, c_loop, data = sys.argv[1], sys.argv[2], sys.argv[3]
    rows, ratios = [], {}
    for inventory in ("realistic", "distinct"):
        d = os.path.join(data, inventory)
        nfiles = len(files_under(d))
        truth = count([c_loop, d])
        occurrences = int(truth["certificates"])
        # meshcert: JSON to a file so the output is really produced, then checked.
        out = os.path.join(data, f"{inventory}.json")
        with open(out, "wb") as f:
            m_wall, m_rss = measure([meshcert, "scan", d, "--format", "json", "--at", "2026-12-02T00:00:00Z"], stdout=f)
        # Checked in a child process: a large heap here would be inherited by the next fork and
        # inflate the children's peak RSS figures.
        summary = json.loads(subprocess.run([sys.executable, "-c", "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['summary']))", out],
                                            capture_output=True, text=True, check=True).stdout)
        distinct = summary["certificates"]
        assert summary["locations"] == occurrences, (summary, truth)
        c_wall, c_rss = measure([c_loop, d])
        p_wall, p_rss = measure([sys.executable, os.path.join(os.path.dirname(__file__), "parse_loop.py"), d])
        results = {"meshcert scan --format json": (m_wall, m_rss), "C loop (libcrypto, 1 thread)": (c_wall, c_rss),
                   "Python cryptography loop": (p_wall, p_rss)}
        if inventory == "realistic":
            sample = sorted(files_under(d))
            random.Random(1).shuffle(sample)
            sample = sample[:500]
            start = time.perf_counter()
            for path in sample:
                fmt = "DER" if path.endswith(".der") else "PEM"
                subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-inform", fmt, "-in", path],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            per_file = (time.perf_counter() - start) / len(sample)
            results["openssl x509 per file (500-file sample, extrapolated)"] = (per_file * nfiles, float("nan"))
        for tool, (wall, rss) in results.items():
            rows.append((inventory, tool, wall, nfiles / wall, occurrences / wall, rss))
        ratios[inventory] = {t: results[t][0] / m_wall for t in results if not t.startswith("meshcert")}
        print(f"# {inventory}: {nfiles} files, {occurrences} certificates in them, {distinct} distinct", file=sys.stderr)

    print(f"{'inventory':<10} {'tool':<55} {'wall s':>8} {'files/s':>10} {'certs/s':>10} {'peak MiB':>9}")
    for inv, tool, wall, fps, cps, rss in rows:
        print(f"{inv:<10} {tool:<55} {wall:8.2f} {fps:10.0f} {cps:10.0f} {rss:9.1f}")
    print()
    for inv, r in ratios.items():
        for tool, ratio in r.items():
            print(f"{inv}: meshcert is {ratio:.2f}x faster than {tool}")


if __name__ == "__main__":
    main()

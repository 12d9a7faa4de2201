#!/usr/bin/env python3
"""Times meshcert scan against its baselines on the same data in the same run; prints a table
and the ratios. Called by Scripts/bench/scan.sh (which builds and generates everything).

CPU seconds (user+sys of the child, from wait4) are the figures to compare: the machine is
shared, so wall times move with other work while CPU times hardly do. meshcert and the Python
loop run alternately, SCAN_BENCH_ROUNDS rounds (default 5), and medians are reported; every
output format of meshcert is timed in each round, on the same inventory."""
import json
import os
import random
import statistics
import subprocess
import sys
import time

AT = "2026-12-02T00:00:00Z"
FORMATS = ("json", "csv", "prometheus", "table")


def measure(argv, stdout=subprocess.DEVNULL):
    """Wall time, CPU time (user+sys) and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: {argv[0]} failed ({code}): {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def count(argv):
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return dict(kv.split("=") for kv in out.split())


def files_under(d):
    return [os.path.join(r, n) for r, _, ns in os.walk(d) for n in ns]


def median_of(samples):
    """Median wall, CPU and peak RSS of (wall, cpu, rss) samples."""
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def main():
    meshcert, c_loop, data = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(os.environ.get("SCAN_BENCH_ROUNDS", "5"))
    python_loop = [sys.executable, os.path.join(os.path.dirname(__file__), "parse_loop.py")]
    rows, summary_lines = [], []
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"medians of {rounds} alternating rounds", file=sys.stderr)
    for inventory in ("realistic", "distinct"):
        d = os.path.join(data, inventory)
        nfiles = len(files_under(d))
        truth = count([c_loop, d])
        occurrences = int(truth["certificates"])
        # Once, checked: the JSON document's counts against the C loop's.
        out = os.path.join(data, f"{inventory}.json")
        with open(out, "wb") as f:
            measure([meshcert, "scan", d, "--format", "json", "--at", AT], stdout=f)
        # Checked in a child process: a large heap here would be inherited by the next fork and
        # inflate the children's peak RSS figures.
        summary = json.loads(subprocess.run([sys.executable, "-c", "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['summary']))", out],
                                            capture_output=True, text=True, check=True).stdout)
        distinct = summary["certificates"]
        assert summary["locations"] == occurrences, (summary, truth)

        # Alternating rounds: meshcert in every format, then the Python loop. Output goes to a
        # file, so it is really produced and written.
        samples = {f: [] for f in FORMATS}
        samples["python"] = []
        sink = os.path.join(data, f"{inventory}.out")
        for _ in range(rounds):
            for fmt in FORMATS:
                with open(sink, "wb") as f:
                    samples[fmt].append(measure([meshcert, "scan", d, "--format", fmt, "--at", AT], stdout=f))
            samples["python"].append(measure(python_loop + [d]))
        os.remove(sink)
        results = {f"meshcert scan --format {fmt}": median_of(samples[fmt]) for fmt in FORMATS}
        results["Python cryptography loop"] = median_of(samples["python"])
        results["C loop (libcrypto, 1 thread)"] = measure([c_loop, d])
        for tool, (wall, cpu, rss) in results.items():
            rows.append((inventory, tool, wall, cpu, occurrences / cpu, rss))
        py_cpu, py_wall = results["Python cryptography loop"][1], results["Python cryptography loop"][0]
        js = results["meshcert scan --format json"]
        prom = results["meshcert scan --format prometheus"]
        summary_lines.append(f"{inventory}: {nfiles} files, {occurrences} certificates in them, {distinct} distinct")
        summary_lines.append(f"{inventory}: meshcert --format json uses {py_cpu / js[1]:.2f}x less CPU than the Python "
                             f"cryptography loop ({js[1]:.3f} s vs {py_cpu:.3f} s), {py_wall / js[0]:.2f}x less wall")
        for fmt in FORMATS[1:]:
            r = results[f"meshcert scan --format {fmt}"]
            summary_lines.append(f"{inventory}: --format {fmt}: {r[1]:.3f} s CPU = {r[1] / js[1]:.2f}x json's, "
                                 f"{py_cpu / r[1]:.2f}x less CPU than Python")
        goal = 3.0 if inventory == "distinct" else 2.5
        summary_lines.append(f"{inventory}: goal >= {goal}x less CPU than Python: {'met' if py_cpu / js[1] >= goal else 'MISSED'}; "
                             f"prometheus <= 1.2x json: {'met' if prom[1] <= 1.2 * js[1] else 'MISSED'}")

    print(f"{'inventory':<10} {'tool':<36} {'wall s':>8} {'cpu s':>8} {'certs/cpu s':>12} {'peak MiB':>9}")
    for inv, tool, wall, cpu, cps, rss in rows:
        print(f"{inv:<10} {tool:<36} {wall:8.3f} {cpu:8.3f} {cps:12.0f} {rss:9.1f}")
    print()
    for line in summary_lines:
        print(line)
    if os.environ.get("SCAN_BENCH_OPENSSL_SAMPLE"):
        # The openssl CLI, one process per file, on a 500-file sample (slow; on request only).
        d = os.path.join(data, "realistic")
        sample = sorted(files_under(d))
        random.Random(1).shuffle(sample)
        sample = sample[:500]
        start = time.perf_counter()
        for path in sample:
            fmt = "DER" if path.endswith(".der") else "PEM"
            subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-inform", fmt, "-in", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        per_file = (time.perf_counter() - start) / len(sample)
        print(f"realistic: openssl x509 per file, extrapolated from 500 files: {per_file * len(files_under(d)):.1f} s wall")


if __name__ == "__main__":
    main()

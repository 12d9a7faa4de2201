#!/usr/bin/env bash
# meshcert watch benchmark (run through Scripts/bench.sh watch, which builds release).
# BENCH_WATCH_TARGETS (1000) targets over the Service Connect servers of `meshcert lab serve`
# (a topology of BENCH_WATCH_SERVICES (10) called services), each probed every 10 s:
#   meshcert watch    probes/s sustained, CPU per probe (utime+stime of the process while it only
#                     probes), then /metrics scrape latency p50/p99 (60 scrapes, 0.25 s apart), RSS
#   blackbox_exporter (Debian prometheus-blackbox-exporter, tcp prober with TLS) driven through
#                     its /probe endpoint at the same rate with 8 requests in flight: probes/s, CPU
#                     per probe
# Runs alternate (watch, blackbox) for BENCH_ROUNDS (2) rounds of BENCH_SECONDS (30) each; the
# ratio is taken per round. CPU per probe is the figure to compare on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
MESHCERT_EXTRA_DEBS="prometheus-blackbox-exporter:prometheus-blackbox-exporter ${MESHCERT_EXTRA_DEBS:-}" Scripts/setup.sh
BIN="${MESHCERT_BIN:-$(swift build -c release --show-bin-path)/meshcert}"
OUT="${BENCH_OUT:-bench-out}/watch"
TARGETS="${BENCH_WATCH_TARGETS:-1000}"
SERVICES="${BENCH_WATCH_SERVICES:-10}"
SECONDS_PER_RUN="${BENCH_SECONDS:-30}"
ROUNDS="${BENCH_ROUNDS:-2}"
rm -rf "$OUT"; mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"   # absolute: blackbox reads its CA file from here
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The lab: SERVICES called services, each with a Service Connect server (and an App Mesh one).
{ echo "services:"; echo "  - name: client"; echo -n "    calls: ["
  for i in $(seq 1 "$SERVICES"); do echo -n "svc$i"; [ "$i" -lt "$SERVICES" ] && echo -n ", "; done; echo "]"
  for i in $(seq 1 "$SERVICES"); do echo "  - name: svc$i"; done; } > "$OUT/topology.yaml"
"$BIN" lab serve --topology "$OUT/topology.yaml" --dir "$OUT/lab" --plan-out "$OUT/lab-plan.yaml" --for 2h > "$OUT/lab.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do grep -q "^run:" "$OUT/lab.log" 2>/dev/null && break; sleep 0.1; done
grep "@serviceconnect" "$OUT/lab.log" | awk '{print $1, $2, $3}' > "$OUT/servers.txt"   # svcN@serviceconnect 127.0.0.1:PORT name

python3 - "$OUT" "$TARGETS" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
servers = [l.split() for l in open(f"{out}/servers.txt") if l.strip()]
with open(f"{out}/plan.yaml", "w") as plan, open(f"{out}/targets.txt", "w") as targets:
    plan.write("checks:\n")
    for i in range(n):
        _, addr, name = servers[i % len(servers)]
        plan.write(f"  - name: t{i:04d}\n    connect: {addr}\n    serverName: {name}\n    trust: lab/serviceconnect-trust.pem\n")
        targets.write(addr + "\n")
PY
WATCH_PORT=$(free_port)
printf 'listen: 127.0.0.1:%s\nhandshake:\n  plan: plan.yaml\n  interval: 10s\n  timeout: 5s\n  jobs: 8\n  perHost: 8\n' "$WATCH_PORT" > "$OUT/watch.yaml"
BB_PORT=$(free_port)
cat > "$OUT/blackbox.yml" <<YML
modules:
  tls:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        ca_file: $OUT/lab/serviceconnect-trust.pem
YML

python3 - "$BIN" "$OUT" "$WATCH_PORT" "$BB_PORT" "$SECONDS_PER_RUN" "$ROUNDS" "$TARGETS" <<'PY'
import concurrent.futures, os, statistics, subprocess, sys, threading, time, urllib.request
binary, out, watch_port, bb_port, seconds, rounds, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
hz = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / hz
def rss(pid):
    return next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:")) / 1024
def get(url, timeout=15):
    t = time.monotonic(); body = urllib.request.urlopen(url, timeout=timeout).read().decode(); return body, time.monotonic() - t
def probes_total():
    body, _ = get(f"http://127.0.0.1:{watch_port}/metrics")
    return int(next(l.split()[1] for l in body.splitlines() if l.startswith("meshcert_watch_probes_total ")))
def wait_http(url):
    for _ in range(300):
        try: get(url, 1); return
        except Exception: time.sleep(0.1)
    raise SystemExit(f"bench: {url} does not answer")

def run_watch():
    p = subprocess.Popen([binary, "watch", "--config", f"{out}/watch.yaml", "--state", f"{out}/watch.db"],
                         stderr=open(f"{out}/watch.log", "a"))
    try:
        wait_http(f"http://127.0.0.1:{watch_port}/healthz")
        time.sleep(11)  # one full interval: every target probed once, steady state
        # CPU window: probing only (two scrapes, at its ends); then a scrape window for latency.
        c0, p0, t0 = cpu(p.pid), probes_total(), time.monotonic()
        time.sleep(seconds)
        c1, p1, t1 = cpu(p.pid), probes_total(), time.monotonic()
        lat = []
        for _ in range(60):
            _, d = get(f"http://127.0.0.1:{watch_port}/metrics"); lat.append(d * 1000); time.sleep(0.25)
        lat.sort()
        done = p1 - p0
        return dict(probes_per_s=done / (t1 - t0), cpu_ms_per_probe=(c1 - c0) * 1000 / max(done, 1),
                    scrape_p50_ms=lat[len(lat) // 2], scrape_p99_ms=lat[min(len(lat) - 1, int(len(lat) * 0.99))], rss_mib=rss(p.pid))
    finally:
        p.terminate(); p.wait(30)

def run_blackbox():
    p = subprocess.Popen(["prometheus-blackbox-exporter", f"--config.file={out}/blackbox.yml", f"--web.listen-address=127.0.0.1:{bb_port}",
                          "--log.level=error"], stderr=open(f"{out}/blackbox.log", "a"))
    try:
        wait_http(f"http://127.0.0.1:{bb_port}/metrics")
        targets = [l.strip() for l in open(f"{out}/targets.txt") if l.strip()]
        rate = n / 10.0  # every target every 10 s
        ok = [0, 0]
        lock = threading.Lock()
        def probe(t):
            body, _ = get(f"http://127.0.0.1:{bb_port}/probe?module=tls&target={t}")
            with lock:
                ok[0] += 1; ok[1] += ("probe_success 1" in body)
        c0, t0 = cpu(p.pid), time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            i = 0
            while time.monotonic() - t0 < seconds:
                due = t0 + i / rate
                if due > time.monotonic(): time.sleep(due - time.monotonic())
                pool.submit(probe, targets[i % len(targets)]); i += 1
        c1, t1 = cpu(p.pid), time.monotonic()
        return dict(probes_per_s=ok[0] / (t1 - t0), cpu_ms_per_probe=(c1 - c0) * 1000 / max(ok[0], 1), probes=ok[0], successes=ok[1], rss_mib=rss(p.pid))
    finally:
        p.terminate(); p.wait(30)

rows = []
for r in range(rounds):
    w = run_watch(); b = run_blackbox()
    rows.append((w, b))
    print(f"round {r + 1}: meshcert watch {w['probes_per_s']:.1f} probes/s, {w['cpu_ms_per_probe']:.3f} ms CPU/probe, "
          f"/metrics p50 {w['scrape_p50_ms']:.1f} ms p99 {w['scrape_p99_ms']:.1f} ms, RSS {w['rss_mib']:.1f} MiB | "
          f"blackbox_exporter {b['probes_per_s']:.1f} probes/s ({b['successes']} successful), {b['cpu_ms_per_probe']:.3f} ms CPU/probe, RSS {b['rss_mib']:.1f} MiB | "
          f"CPU/probe blackbox/meshcert = {b['cpu_ms_per_probe'] / w['cpu_ms_per_probe']:.2f}")
for w, b in rows:
    if b["successes"] < 0.99 * b["probes"]:
        raise SystemExit("bench: blackbox_exporter's probes failed (see blackbox.log); its CPU per probe is not comparable")
ratios = [b["cpu_ms_per_probe"] / w["cpu_ms_per_probe"] for w, b in rows]
print(f"median CPU-per-probe ratio blackbox/meshcert over {rounds} rounds: {statistics.median(ratios):.2f} (above 1: meshcert uses less CPU per probe)")
PY

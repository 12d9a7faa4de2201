#!/usr/bin/env bash
# Benchmark of `meshcert rotate simulate` (run through Scripts/bench.sh rotate, which builds release).
# Fleets of 1,000 / 10,000 / 100,000 services x 10 tasks over 365 days, one restart per task per
# day, two CA outages, each service a client of the next. Reports wall time per phase, events/s,
# and the growth exponent between sizes (1.0 = linear). Baseline in the same run: a plain Python
# heapq implementation of the same event model, on a fleet small enough for it. Then the
# 10,000-service fleet again with a CA rate limit (ca.rateLimit), next to the unlimited run: a
# loose one (25/s: only the window-start burst and the post-outage retries queue) and a tight one
# (2/s, about twice the fleet's mean request rate: requests queue all year).
#   ROTATE_SIZES="1000 10000"   sizes to run (default 1000 10000 100000)
#   ROTATE_LIMIT=120            seconds after which a size is abandoned (reported as skipped)
#   ROTATE_RATES="25/s 2/s"     rate limits of the 10,000-service runs ("" to skip them)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:-$(swift build -c release --show-bin-path)/meshcert}"
OUT="${BENCH_OUT:-bench-out}/rotate"
SIZES="${ROTATE_SIZES:-1000 10000 100000}"
LIMIT="${ROTATE_LIMIT:-120}"
RATES="${ROTATE_RATES-25/s 2/s}"
mkdir -p "$OUT"

gen() {  # gen SERVICES FILE [RATE]
    python3 - "$1" "$2" "${3:-}" <<'PY'
import sys
n, path, rate = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, "w") as f:
    f.write("start: 2026-01-01T00:00:00Z\nduration: 365d\nseed: 1\n")
    f.write("ca:\n  mode: SHORT_LIVED\n  lifetime: 7d\n")
    if rate: f.write(f"  rateLimit: {rate}\n")
    f.write("  outages:\n")
    f.write("    - {start: 2026-03-10T06:00:00Z, duration: 48h}\n    - {start: 2026-09-01T00:00:00Z, duration: 72h}\n")
    f.write("rotation: {renewAt: 5d, retryInterval: 15m, jitter: 0.05}\nservices:\n")
    for i in range(n):
        clients = f", clients: [s{i-1}]" if i else ""
        f.write(f"  - {{name: s{i}, tasks: 10, restartsPerDay: 1{clients}}}\n")
PY
}

baseline() {  # baseline SERVICES: the same event model in Python (heapq), issuances only
    python3 - "$1" <<'PY'
import heapq, math, random, sys, time
n = int(sys.argv[1]); day = 86400; end = 365 * day
outages = [(68 * day + 6 * 3600, 68 * day + 54 * 3600), (243 * day, 246 * day)]
def down(t): return any(a <= t < b for a, b in outages)
rng = random.Random(1)
t0 = time.perf_counter()
q, events, issued = [], 0, 0
RESTART, REQUEST, RENEW = 0, 1, 2
for slot in range(n * 10):
    heapq.heappush(q, (0, slot, REQUEST, 0))
    heapq.heappush(q, (max(1, round(rng.expovariate(1 / day))), slot, RESTART, 0))
gen = [0] * (n * 10)
while q:
    t, slot, kind, g = heapq.heappop(q)
    if t >= end: break
    events += 1
    if kind == RESTART:
        gen[slot] += 1
        heapq.heappush(q, (t, slot, REQUEST, gen[slot]))
        heapq.heappush(q, (t + max(1, round(rng.expovariate(1 / day))), slot, RESTART, 0))
    elif g != gen[slot]:
        continue  # a request or renewal of a task that has since restarted
    elif kind == REQUEST:
        if down(t): heapq.heappush(q, (t + 900, slot, REQUEST, g))
        else:
            issued += 1
            heapq.heappush(q, (t + round(5 * day * (1 + rng.uniform(-0.05, 0.05))), slot, RENEW, g))
    else:
        heapq.heappush(q, (t, slot, REQUEST, g))
dt = time.perf_counter() - t0
print(f"{events} {dt:.3f} {issued}")
PY
}

echo "meshcert rotate benchmark: services x 10 tasks x 365 days, 1 restart/task/day, 2 outages"
echo "binary: $BIN"
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows wall times; cpu_s is less affected)"
declare -A SIM TOTAL EVENTS
# sim_s covers the scenario and its other-mode cost alternative (one pass, the tasks split over
# two threads); events/s counts the events of both over that time; cpu_s is user + system CPU.
printf '%-9s %-8s %-11s %-11s %-8s %-8s %-8s %-8s %-11s %s\n' services tasks events cost_events read_s sim_s total_s cpu_s events/s status
for n in $SIZES; do
    f="$OUT/fleet-$n.yaml"
    [ -f "$f" ] || gen "$n" "$f"
    set +e
    stats=$( { /usr/bin/time -f "rss_kb %M cpu_s %U %S" timeout "$LIMIT" "$BIN" rotate simulate "$f" --format json --stats > "$OUT/fleet-$n.json"; } 2>&1 )
    rc=$?
    set -e
    if [ $rc -eq 124 ]; then
        printf '%-9s %-8s %s\n' "$n" "$((n * 10))" "SKIPPED: over ${LIMIT}s"
        continue
    fi
    line=$(echo "$stats" | grep '^stats:')
    get() { echo "$line" | sed -E "s| $1 ([0-9.]+)s?( .*)?$|@\1|; s|.*@||"; }
    rss=$(echo "$stats" | sed -nE 's/^rss_kb ([0-9]+).*/\1/p')
    cpu=$(echo "$stats" | sed -nE 's/^rss_kb [0-9]+ cpu_s ([0-9.]+) ([0-9.]+)/\1 \2/p' | awk '{printf "%.2f", $1 + $2}')
    EVENTS[$n]=$(get events); SIM[$n]=$(get simulate); TOTAL[$n]=$(get total)
    printf '%-9s %-8s %-11s %-11s %-8s %-8s %-8s %-8s %-11s %s\n' "$n" "$((n * 10))" "${EVENTS[$n]}" "$(get cost-events)" "$(get read)" \
        "${SIM[$n]}" "${TOTAL[$n]}" "$cpu" "$(get 'events/s')" "exit $rc (1 = exposure found), max RSS $((rss / 1024)) MB"
done

echo
echo "growth (exponent k in time ~ services^k; 1.0 = linear):"
prev=""
for n in $SIZES; do
    if [ -n "$prev" ] && [ -n "${SIM[$n]:-}" ] && [ -n "${SIM[$prev]:-}" ]; then
        python3 -c "import math,sys; a,b,ta,tb,tta,ttb,ea,eb=map(float,sys.argv[1:]); \
print(f'  {int(a)} -> {int(b)} services: simulate k = {math.log(tb/ta)/math.log(b/a):.2f}, whole run k = {math.log(ttb/tta)/math.log(b/a):.2f}, events x{eb/ea:.1f}, sim time x{tb/ta:.1f}')" \
            "$prev" "$n" "${SIM[$prev]}" "${SIM[$n]}" "${TOTAL[$prev]}" "${TOTAL[$n]}" "${EVENTS[$prev]}" "${EVENTS[$n]}"
    fi
    [ -n "${SIM[$n]:-}" ] && prev=$n
done
if [ -n "${TOTAL[10000]:-}" ]; then
    python3 -c "import sys; t=float(sys.argv[1]); print(f'target: 10,000 services in under 5 s (release): {t:.2f} s, ' + ('met' if t < 5 else 'MISSED'))" "${TOTAL[10000]}"
fi

if [ -n "$RATES" ]; then
    echo
    echo "rate-limited: the 10,000-service fleet with ca.rateLimit (same events; only their order is coupled)"
    printf '%-9s %-11s %-11s %-8s %-8s %-8s %-11s %s\n' rateLimit events cost_events sim_s total_s cpu_s events/s "vs unlimited"
    for rate in $RATES; do
        f="$OUT/fleet-10000-rate-${rate/\//per}.yaml"
        [ -f "$f" ] || gen 10000 "$f" "$rate"
        set +e
        stats=$( { /usr/bin/time -f "rss_kb %M cpu_s %U %S" timeout "$LIMIT" "$BIN" rotate simulate "$f" --format json --stats > "${f%.yaml}.json"; } 2>&1 )
        rc=$?
        set -e
        if [ $rc -eq 124 ]; then printf '%-9s %s\n' "$rate" "SKIPPED: over ${LIMIT}s"; continue; fi
        line=$(echo "$stats" | grep '^stats:')
        get() { echo "$line" | sed -E "s| $1 ([0-9.]+)s?( .*)?$|@\1|; s|.*@||"; }
        cpu=$(echo "$stats" | sed -nE 's/^rss_kb [0-9]+ cpu_s ([0-9.]+) ([0-9.]+)/\1 \2/p' | awk '{printf "%.2f", $1 + $2}')
        ratio=$( [ -n "${TOTAL[10000]:-}" ] && python3 -c "import sys; print(f'x{float(sys.argv[1]) / float(sys.argv[2]):.2f} wall')" "$(get total)" "${TOTAL[10000]}" || echo "-")
        printf '%-9s %-11s %-11s %-8s %-8s %-8s %-11s %s\n' "$rate" "$(get events)" "$(get cost-events)" "$(get simulate)" "$(get total)" "$cpu" "$(get 'events/s')" "$ratio"
        python3 -c "import sys; t=float(sys.argv[2]); print(f'  target: {sys.argv[1]} at 10,000 services in under 5 s (release): {t:.2f} s, ' + ('met' if t < 5 else 'MISSED'))" "$rate" "$(get total)"
    done
fi

echo
echo "baseline: the same event model in plain Python (heapq), 100 services x 10 tasks x 365 days"
read -r bev bsec bissued < <(baseline 100)
f="$OUT/fleet-100.yaml"; [ -f "$f" ] || gen 100 "$f"
line=$("$BIN" rotate simulate "$f" --format json --stats 2>&1 >/dev/null | grep '^stats:' || true)
mev=$(echo "$line" | sed -E 's/.* events ([0-9]+) .*/\1/'); mce=$(echo "$line" | sed -E 's/.* cost-events ([0-9]+) .*/\1/')
msim=$(echo "$line" | sed -E 's/.* simulate ([0-9.]+)s .*/\1/'); mtot=$(echo "$line" | sed -E 's/.* total ([0-9.]+)s.*/\1/')
python3 -c "import sys; bev,bsec,bis,mev,mce,msim,mtot=map(float,sys.argv[1:]); \
print(f'  python heapq: {int(bev)} events, {int(bis)} issuances, in {bsec:.2f} s = {bev/bsec:,.0f} events/s (simulation loop only)'); \
print(f'  meshcert:     {int(mev)} events (+{int(mce)} for the cost alternative) in {msim:.3f} s = {(mev+mce)/msim:,.0f} events/s; whole run {mtot:.3f} s'); \
print(f'  ratio: meshcert {((mev+mce)/msim)/(bev/bsec):.0f}x the baseline events/s; whole run {bsec/mtot:.0f}x faster than the baseline loop alone')" \
    "$bev" "$bsec" "$bissued" "$mev" "$mce" "$msim" "$mtot"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

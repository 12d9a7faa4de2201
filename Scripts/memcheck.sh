#!/usr/bin/env bash
# Memory checks of meshcert on the demo data (issue 7). Slow (about 3-5 minutes on 2 cores):
# not part of Scripts/test.sh; .ci/run runs it after the tests and the fuzz replay.
#   Scripts/memcheck.sh [asan] [valgrind] [rss] [watch-rss]      (default: all four)
#  asan      build with AddressSanitizer (--scratch-path .build-asan) and run a full `scan Certs/`,
#            `mesh scan Certs/appmesh --certs Certs`, `rotate simulate` of every Certs/scenarios/*.yaml
#            and `lab run`; any AddressSanitizer or LeakSanitizer report fails.
#  valgrind  the same commands under valgrind memcheck on the debug binary; a definite leak or an
#            invalid access (read, write, free, uninitialised jump) fails. Suppressions:
#            Scripts/valgrind.supp (each entry says why).
#  rss       MEMCHECK_HANDSHAKES (default 10000) handshakes: `meshcert handshake --plan --repeat`
#            against `meshcert lab serve` (16 checks, every reason the lab produces; debug build unless
#            MEMCHECK_CONFIG=release), the client's
#            RSS sampled every second; fails when it grows by more than MEMCHECK_RSS_GROWTH_MIB
#            (default 4) between the first full second and the end.
#  watch-rss MEMCHECK_PROBES (default 10000) probes by `meshcert watch` against `meshcert lab serve
#            --rotate-every 2s` (16 targets every 100 ms, the history written on every probe,
#            /metrics scraped every second); the watcher's RSS is sampled every second and may
#            grow by at most MEMCHECK_RSS_GROWTH_MIB between 1,000 probes and the end.
# A summary table is printed at the end; logs are kept in MEMCHECK_OUT (default out/memcheck).
set -uo pipefail
cd "$(dirname "$0")/.."
# valgrind and objcopy (binutils) on a fresh machine, plus the usual build dependencies.
MESHCERT_EXTRA_DEBS="valgrind:valgrind binutils:objcopy ${MESHCERT_EXTRA_DEBS:-}" Scripts/setup.sh
OUT="${MEMCHECK_OUT:-out/memcheck}"
AT=2026-12-02T00:00:00Z
HANDSHAKES="${MEMCHECK_HANDSHAKES:-10000}"
GROWTH_MIB="${MEMCHECK_RSS_GROWTH_MIB:-4}"
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(asan valgrind rss watch-rss)
PROBES="${MEMCHECK_PROBES:-10000}"
mkdir -p "$OUT"
rm -f "$OUT/summary.tsv"
failed=0

# The workload: name, then the arguments. Exit 0 or 1 (a finding, e.g. rotation exposure) is a
# completed run; anything else is a failure of its own.
workload() {
    echo "scan|scan Certs/ --at $AT --pkcs12-password-file Certs/pki/pkcs12-password.txt --trust Certs/pki/root-ca.pem --trust Certs/short-lived/short-lived-ca.pem"
    echo "mesh-scan|mesh scan Certs/appmesh --certs Certs --at $AT"
    for s in Certs/scenarios/*.yaml; do echo "rotate-$(basename "$s" .yaml)|rotate simulate $s"; done
    echo "lab-run|lab run --at $AT"
    echo "verify-crl|verify Certs/pki/stock-chain.pem --trust Certs/pki/root-ca.pem --crl Tests/Fixtures/crl/root-ca.crl --crl Tests/Fixtures/crl/intermediate-ca.crl --at $AT --pedantic --format json"
    echo "verify-strict|verify Certs/short-lived/users.pem --trust Certs/pki/intermediate-ca.pem --verify-profile strict --name users.sc.internal --at $AT"
}

row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$OUT/summary.tsv"; }

# run_checked TOOL NAME LOG -- COMMAND...: runs, classifies, records one summary row.
run_checked() {
    local tool=$1 name=$2 log=$3; shift 4
    "$@" > "$log.stdout" 2> "$log" ; local rc=$?
    local verdict="clean" detail=""
    case "$tool" in
        asan)
            local n; n=$(grep -c "ERROR: AddressSanitizer\|ERROR: LeakSanitizer" "$log")
            if [ "$n" -gt 0 ]; then
                verdict="FAIL"; detail="$(grep -m1 -E "ERROR: (Address|Leak)Sanitizer" "$log" | sed 's/^==[0-9]*==//')"
            fi ;;
        valgrind)
            local errors definite invalid
            errors=$(grep -m1 "ERROR SUMMARY" "$log" | sed -E 's/.*ERROR SUMMARY: ([0-9]+) errors.*/\1/')
            definite=$(grep -m1 "definitely lost:" "$log" | sed -E 's/.*definitely lost: ([0-9,]+) bytes.*/\1/')
            invalid=$(grep -cE "Invalid (read|write|free)|Conditional jump or move depends|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap" "$log")
            detail="definitely lost ${definite:-0} B, invalid accesses $invalid, errors ${errors:-?}"
            if [ "$rc" -eq 99 ] || [ "${errors:-1}" != "0" ] || [ "$invalid" -gt 0 ]; then verdict="FAIL"; fi ;;
    esac
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$verdict" = "clean" ]; then verdict="FAIL"; detail="exit $rc $detail"; fi
    [ "$verdict" = "FAIL" ] && failed=1
    row "$tool" "$name" "$rc" "$verdict" "$detail"
    echo "memcheck: $tool $name exit $rc $verdict $detail" >&2
}

step_asan() {
    echo "== asan: building with AddressSanitizer (.build-asan)" >&2
    swift build --sanitize=address --scratch-path .build-asan --product meshcert 2>&1 | grep -E "error:|Build" >&2
    local bin; bin="$(swift build --sanitize=address --scratch-path .build-asan --show-bin-path)/meshcert"
    # A binary without ASan's hooks would pass every run: make sure it is instrumented.
    # (grep -c, not -q: an early exit would SIGPIPE nm and fail the pipeline under pipefail)
    if [ "$(nm "$bin" 2>/dev/null | grep -c __asan_report)" -eq 0 ]; then
        echo "memcheck: $bin is not instrumented" >&2; row asan build - FAIL "binary not instrumented"; failed=1; return
    fi
    # exitcode 98: meshcert's own exit codes (0, 1, 2) stay readable; leaks are checked at exit.
    export ASAN_OPTIONS="detect_leaks=1:exitcode=98:abort_on_error=0:halt_on_error=1"
    # meshcert makes itself not dumpable; LeakSanitizer must ptrace it, which needs root then.
    [ "$(id -u)" -ne 0 ] && export MESHCERT_ALLOW_CORE_DUMPS=1
    while IFS='|' read -r name args; do
        # shellcheck disable=SC2086
        run_checked asan "$name" "$OUT/asan-$name.log" -- "$bin" $args
    done < <(workload)
    unset ASAN_OPTIONS MESHCERT_ALLOW_CORE_DUMPS
}

step_valgrind() {
    echo "== valgrind: debug build" >&2
    swift build --product meshcert 2>&1 | grep -E "error:|Build" >&2
    # Valgrind 3.19 cannot read the DWARF 5 the Swift toolchain emits ("Possibly corrupted
    # debuginfo file. I can't recover"): run a copy without debug sections (symbols remain).
    mkdir -p .build-valgrind
    objcopy --strip-debug "$(swift build --show-bin-path)/meshcert" .build-valgrind/meshcert
    local vg=(valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99
              --num-callers=30 --suppressions=Scripts/valgrind.supp)
    while IFS='|' read -r name args; do
        # Under valgrind everything is ~30x slower: the lab gets longer deadlines.
        [ "$name" = lab-run ] && args="$args --timeout 60s"
        # shellcheck disable=SC2086
        run_checked valgrind "$name" "$OUT/valgrind-$name.log" -- "${vg[@]}" .build-valgrind/meshcert $args
    done < <(workload)
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

step_rss() {
    echo "== rss: $HANDSHAKES handshakes against meshcert lab serve" >&2
    # Debug by default (no extra release build on a shared machine); MEMCHECK_CONFIG=release works too.
    local config="${MEMCHECK_CONFIG:-debug}"
    swift build -c "$config" --product meshcert 2>&1 | grep -E "error:|Build" >&2
    local bin; bin="$(swift build -c "$config" --show-bin-path)/meshcert"
    local dir="$OUT/lab"
    rm -rf "$dir"; mkdir -p "$dir"
    "$bin" lab serve --at "$AT" --dir "$dir/files" --plan-out "$dir/plan.yaml" --for 30m > "$dir/serve.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 100); do [ -s "$dir/plan.yaml" ] && grep -q "^run:" "$dir/serve.log" && break; sleep 0.2; done
    local checks; checks=$(grep -c "^  - name:" "$dir/plan.yaml" || true)
    if [ "${checks:-0}" -eq 0 ]; then row rss handshakes - FAIL "lab serve wrote no plan"; failed=1; kill "$server"; return; fi
    local repeat=$(( (HANDSHAKES + checks - 1) / checks ))
    local start; start=$(date +%s.%N)
    "$bin" handshake --plan "$dir/plan.yaml" --at "$AT" --repeat "$repeat" --jobs 4 --format json > "$dir/result.json" 2> "$dir/handshake.err" &
    local client=$!
    : > "$dir/rss.tsv"
    while kill -0 "$client" 2>/dev/null; do
        local c s; c=$(rss_kib "$client"); s=$(rss_kib "$server")
        [ -n "$c" ] && printf '%s\t%s\t%s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" "$c" "${s:-}" >> "$dir/rss.tsv"
        sleep 1
    done
    wait "$client"; local rc=$?
    local elapsed; elapsed=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
    local server_end; server_end=$(rss_kib "$server")
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
    python3 - "$dir/rss.tsv" "$dir/result.json" "$GROWTH_MIB" "$rc" "$elapsed" "${server_end:-0}" > "$dir/rss-summary.txt" <<'EOF'
import json, sys
path, result, limit, rc, elapsed, server_end = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
rows = [l.split("\t") for l in open(path).read().splitlines() if l.strip()]
client = [int(r[1]) for r in rows]
server = [int(r[2]) for r in rows if len(r) > 2 and r[2].strip()]
doc = json.load(open(result))
done = sum((c.get("load") or {}).get("handshakes", 1) for c in doc["checks"])
mib = lambda k: round(k / 1024, 1)
# Start = the first sample one full second in (contexts loaded, worker threads up).
base = client[1] if len(client) > 1 else client[0]
growth = mib(client[-1] - base)
ok = rc in (0, 1) and growth <= limit
print(f"handshakes={done} elapsed={elapsed}s samples={len(client)} exit={rc}")
print(f"client RSS MiB: first={mib(client[0])} start={mib(base)} end={mib(client[-1])} peak={mib(max(client))} growth={growth}")
if server:
    print(f"lab server RSS MiB: start={mib(server[0])} end={mib(server_end or server[-1])} peak={mib(max(server + [server_end]))}")
print("verdict=" + ("clean" if ok else "FAIL"))
EOF
    cat "$dir/rss-summary.txt" >&2
    local verdict; verdict=$(sed -n 's/^verdict=//p' "$dir/rss-summary.txt")
    [ "$verdict" = clean ] || failed=1
    row rss "handshakes" "$rc" "${verdict:-FAIL}" "$(sed -n '1,3p' "$dir/rss-summary.txt" | tr '\n' ' ')"
}

step_watch_rss() {
    echo "== watch-rss: $PROBES probes by meshcert watch against meshcert lab serve" >&2
    local config="${MEMCHECK_CONFIG:-debug}"
    swift build -c "$config" --product meshcert 2>&1 | grep -E "error:|Build" >&2
    local bin; bin="$(swift build -c "$config" --show-bin-path)/meshcert"
    local dir="$OUT/watch"
    rm -rf "$dir"; mkdir -p "$dir"
    "$bin" lab serve --dir "$dir/files" --plan-out "$dir/plan.yaml" --for 30m --rotate-every 2s --lifetime 1h > "$dir/serve.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 100); do [ -s "$dir/plan.yaml" ] && grep -q "^run:" "$dir/serve.log" && break; sleep 0.2; done
    printf 'handshake:\n  plan: plan.yaml\n  interval: 100ms\n  timeout: 5s\n' > "$dir/watch.yaml"
    local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" watch --config "$dir/watch.yaml" --listen "127.0.0.1:$port" --state "$dir/state.db" 2> "$dir/watch.log" &
    local watcher=$!
    local start; start=$(date +%s.%N)
    : > "$dir/rss.tsv"
    local probes=0 deadline=$(( $(date +%s) + 1800 ))
    while kill -0 "$watcher" 2>/dev/null && [ "$probes" -lt "$PROBES" ] && [ "$(date +%s)" -lt "$deadline" ]; do
        # The scrape itself is part of the workload (the page is rendered every second).
        probes=$(python3 - "$port" <<'PY'
import sys, urllib.request
try:
    page = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=10).read().decode()
    print(next((l.split()[1] for l in page.splitlines() if l.startswith("meshcert_watch_probes_total ")), 0))
except Exception:
    print(0)
PY
)
        local r; r=$(rss_kib "$watcher")
        [ -n "$r" ] && printf '%s\t%s\t%s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" "$r" "$probes" >> "$dir/rss.tsv"
        sleep 1
    done
    local elapsed; elapsed=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
    kill -TERM "$watcher" 2>/dev/null; wait "$watcher"; local rc=$?
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null
    python3 - "$dir/rss.tsv" "$GROWTH_MIB" "$rc" "$elapsed" "$PROBES" > "$dir/rss-summary.txt" <<'PY'
import sys
path, limit, rc, elapsed, wanted = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rows = [l.split("\t") for l in open(path).read().splitlines() if l.strip()]
rss = [int(r[1]) for r in rows]
probes = [int(float(r[2])) for r in rows]
mib = lambda k: round(k / 1024, 1)
# Start = the first sample after 1,000 probes (contexts, threads and SQLite's page cache warm).
base_i = next((i for i, p in enumerate(probes) if p >= 1000), 0)
growth = mib(rss[-1] - rss[base_i])
ok = rc == 0 and probes[-1] >= wanted and growth <= limit
print(f"probes={probes[-1]} elapsed={elapsed}s samples={len(rss)} exit={rc} (after SIGTERM)")
print(f"watch RSS MiB: first={mib(rss[0])} at-1000-probes={mib(rss[base_i])} end={mib(rss[-1])} peak={mib(max(rss))} growth={growth}")
print("verdict=" + ("clean" if ok else "FAIL"))
PY
    cat "$dir/rss-summary.txt" >&2
    local verdict; verdict=$(sed -n 's/^verdict=//p' "$dir/rss-summary.txt")
    [ "$verdict" = clean ] || failed=1
    row watch-rss "probes" "$rc" "${verdict:-FAIL}" "$(sed -n '1,2p' "$dir/rss-summary.txt" | tr '\n' ' ')"
}

for step in "${STEPS[@]}"; do
    case "$step" in
        asan) step_asan ;;
        valgrind) step_valgrind ;;
        rss) step_rss ;;
        watch-rss) step_watch_rss ;;
        *) echo "usage: Scripts/memcheck.sh [asan] [valgrind] [rss] [watch-rss]" >&2; exit 2 ;;
    esac
done

echo
printf '%-9s  %-26s  %-4s  %-7s  %s\n' TOOL RUN EXIT RESULT DETAIL
printf '%-9s  %-26s  %-4s  %-7s  %s\n' --------- -------------------------- ---- ------- ------
while IFS=$'\t' read -r tool name rc verdict detail; do
    printf '%-9s  %-26s  %-4s  %-7s  %s\n' "$tool" "$name" "$rc" "$verdict" "$detail"
done < "$OUT/summary.tsv"
echo
if [ "$failed" -ne 0 ]; then echo "memcheck: FAILED (logs in $OUT)"; exit 1; fi
echo "memcheck: clean (logs in $OUT)"

#!/usr/bin/env bash
# Benchmark of `meshcert aws snapshot`: the moto bench world (Tests/Fixtures/aws/moto_world.py
# --world bench: AWS_BENCH_SERVICES services, default 200, over 2 meshes and 2 clusters, each a
# TLS virtual node, a task definition and an ECS service) on loopback, read with
# `meshcert aws snapshot --jobs AWS_BENCH_JOBS` (default 8). Baseline in the same run: the same
# calls (the manifest's list), made one by one by a shell loop of the aws CLI.
# Prints wall time, aws calls made (throttling retries included) and calls per second of both,
# and the ratio. Called by Scripts/bench.sh aws (MESHCERT_BIN = release binary, BENCH_OUT).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:?run through Scripts/bench.sh aws}"
OUT="${BENCH_OUT:-bench-out}/aws"
SERVICES="${AWS_BENCH_SERVICES:-200}"
JOBS="${AWS_BENCH_JOBS:-8}"
command -v aws >/dev/null || { echo "bench aws: the aws CLI is not installed (Scripts/setup.sh with MESHCERT_EXTRA_PIP=awscli)" >&2; exit 2; }
python3 -c 'import moto.server' 2>/dev/null || { echo "bench aws: moto[server] is not installed" >&2; exit 2; }

rm -rf "$OUT"
mkdir -p "$OUT"
fifo="$OUT/world.stdin"
mkfifo "$fifo"
# The world stays up while the fifo's writer (fd 9) is open; closing it stops moto.
python3 Tests/Fixtures/aws/moto_world.py --world bench --services "$SERVICES" <"$fifo" >"$OUT/world.out" 2>"$OUT/world.err" &
world=$!
exec 9>"$fifo"
trap 'exec 9>&-; wait "$world" 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -s "$OUT/world.out" ] && break; kill -0 "$world" 2>/dev/null || { cat "$OUT/world.err" >&2; exit 1; }; sleep 0.5; done
endpoint=$(head -1 "$OUT/world.out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["endpoint"])')
export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=meshcertbench AWS_SECRET_ACCESS_KEY=meshcertbench \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER="" AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN

now() { python3 -c 'import time; print(time.time())'; }
start=$(now)
"$BIN" aws snapshot --out "$OUT/snapshot" --region eu-west-1 --jobs "$JOBS" --timeout 300 >"$OUT/snapshot.log" 2>&1 \
    || { echo "bench aws: the snapshot failed:" >&2; cat "$OUT/snapshot.log" >&2; exit 1; }
meshcert_wall=$(python3 -c "print($(now) - $start)")

# The same calls, one by one: every call of the manifest (ok or skipped), in manifest order.
python3 - "$OUT/snapshot/snapshot.json" >"$OUT/calls.sh" <<'PY'
import json, shlex, sys
manifest = json.load(open(sys.argv[1]))
region = manifest["regions"][0]
for n, c in enumerate(manifest["calls"]):
    cli_region = region if c["region"] == "global" else c["region"]
    print(" ".join(["aws", "--region", cli_region, "--output", "json", c["service"], c["operation"]]
                   + [shlex.quote(a) for a in c["arguments"]]) + f" >{shlex.quote(f'loop/{n}.json')} 2>/dev/null || true")
PY
calls=$(grep -c . "$OUT/calls.sh")
mkdir -p "$OUT/loop"
start=$(now)
(cd "$OUT" && bash calls.sh)
loop_wall=$(python3 -c "print($(now) - $start)")

python3 - "$OUT/snapshot/snapshot.json" "$meshcert_wall" "$loop_wall" "$calls" "$SERVICES" "$JOBS" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
wall, loop_wall, loop_calls, services, jobs = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
made = sum(c["attempts"] for c in manifest["calls"])
s = manifest["summary"]
print(f"world: {services} services over 2 meshes and 2 clusters; {len(manifest['calls'])} calls "
      f"({s['ok']} ok, {s['failed']} failed, {s['skipped']} skipped)")
print(f"{'tool':<44}{'wall s':>9}{'aws calls':>11}{'calls/s':>9}")
print(f"{'meshcert aws snapshot --jobs ' + jobs:<44}{wall:>9.1f}{made:>11}{made / wall:>9.2f}")
print(f"{'shell loop of the aws CLI (one by one)':<44}{loop_wall:>9.1f}{loop_calls:>11}{loop_calls / loop_wall:>9.2f}")
print(f"meshcert is {loop_wall / wall:.2f}x faster than the shell loop")
PY

#!/usr/bin/env bash
# The x509-limbo suite (../shared/corpus/x509-limbo/limbo.json or MESHCERT_LIMBO), case by case:
# `meshcert verify --verify-profile strict` against `openssl verify` with the same flags
# (-x509_strict -partial_chain -auth_level 2, CRLs, name, depth, time, purpose), one process per
# case for both, best of 3 runs; prints wall and CPU (user+sys) per case and the ratios, and how
# many cases each agrees with the suite on.
# Called by Scripts/bench.sh verify (MESHCERT_BIN = release binary, BENCH_OUT = scratch folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 - "$MESHCERT_BIN" "${BENCH_OUT:-bench-out}/verify" "${MESHCERT_LIMBO:-../shared/corpus/x509-limbo/limbo.json}" <<'PY'
import calendar, json, os, pathlib, resource, subprocess, sys, time
meshcert, out, limbo = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
if not os.path.exists(limbo):
    sys.exit(f"bench verify: {limbo} not found (set MESHCERT_LIMBO)")
cases = json.load(open(limbo))["testcases"]
out.mkdir(parents=True, exist_ok=True)
jobs = []
for i, t in enumerate(cases):
    d = out / str(i); d.mkdir(exist_ok=True)
    (d / "peer.pem").write_text(t["peer_certificate"])
    (d / "trust.pem").write_text("".join(t["trusted_certs"]))
    m = [meshcert, "verify", str(d / "peer.pem"), "--trust", str(d / "trust.pem"), "--verify-profile", "strict"]
    o = ["openssl", "verify", "-x509_strict", "-partial_chain", "-auth_level", "2", "-CAfile", str(d / "trust.pem")]
    if t["untrusted_intermediates"]:
        (d / "chain.pem").write_text("".join(t["untrusted_intermediates"]))
        m += ["--chain", str(d / "chain.pem")]; o += ["-untrusted", str(d / "chain.pem")]
    if t["crls"]:
        o += ["-crl_check_all"]
    for k, crl in enumerate(t["crls"]):
        (d / f"crl{k}.pem").write_text(crl)
        m += ["--crl", str(d / f"crl{k}.pem")]; o += ["-CRLfile", str(d / f"crl{k}.pem")]
    name = t["expected_peer_name"]
    if name:
        m += ["--name", name["value"]]
        o += ["-verify_ip" if name["kind"] == "IP" else "-verify_hostname", name["value"]]
    if t["max_chain_depth"] is not None:
        m += ["--max-depth", str(t["max_chain_depth"])]; o += ["-verify_depth", str(t["max_chain_depth"])]
    if t["validation_time"]:
        m += ["--at", t["validation_time"]]
        epoch = calendar.timegm(time.strptime(t["validation_time"][:19], "%Y-%m-%dT%H:%M:%S"))
        o += ["-attime", str(epoch)]
    server = t["validation_kind"] == "SERVER"
    m += ["--purpose", "server" if server else "client"]; o += ["-purpose", "sslserver" if server else "sslclient"]
    o += [str(d / "peer.pem")]
    jobs.append((t["expected_result"], m, o))

def run_all(which):
    agree = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for expected, m, o in jobs:
        r = subprocess.run(m if which == "meshcert" else o, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        agree += (r.returncode == 0) == (expected == "SUCCESS")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, agree

best = {}
for _ in range(3):
    for which in ("meshcert", "openssl"):   # alternate, so load drifts hit both alike
        w, c, a = run_all(which)
        if which not in best or w < best[which][0]: best[which] = (w, c, a)
n = len(jobs)
print(f"x509-limbo, {n} cases, one process per case, best of 3")
for which in ("meshcert", "openssl"):
    w, c, a = best[which]
    print(f"  {which:9} wall {w:6.2f} s ({1000*w/n:5.1f} ms/case)  cpu {c:6.2f} s ({1000*c/n:5.1f} ms/case)  agrees on {a}/{n}")
mw, mc, _ = best["meshcert"]; ow, oc, _ = best["openssl"]
print(f"  ratio meshcert/openssl: wall {mw/ow:.2f}x, cpu {mc/oc:.2f}x")
PY

#!/usr/bin/env bash
# Benchmark of `meshcert mesh scan`: a generated export of 50 meshes x 200 virtual nodes, as aws CLI
# JSON (one describe-virtual-node file per node, like Scripts/export-appmesh.sh writes) and as
# controller YAML (one multi-document file per mesh), scanned with --certs linking to Certs/pki.
# Baseline in the same run: Python parsing the same files (json.load, yaml.load_all with the C
# loader when present), which reads the files but checks nothing. Target: under 2 s wall time.
# Called by Scripts/bench.sh mesh (MESHCERT_BIN = release binary, BENCH_OUT = scratch folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:?run through Scripts/bench.sh mesh}"
OUT="${BENCH_OUT:-bench-out}/mesh"
MESHES="${MESH_BENCH_MESHES:-50}"
NODES="${MESH_BENCH_NODES:-200}"
RUNS="${MESH_BENCH_RUNS:-3}"

rm -rf "$OUT"
mkdir -p "$OUT"
python3 - "$OUT" "$MESHES" "$NODES" <<'PY'
import json, os, sys
import yaml
out, meshes, nodes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
acct = "111122223333"
pca = f"arn:aws:acm-pca:eu-west-1:{acct}:certificate-authority/bench"
svcs = ["frontend", "users", "stock"]
def spec(i):
    svc = svcs[i % 3]
    cert = {"file": {"certificateChain": f"/etc/envoy/certs/{svc}.pem", "privateKey": f"/etc/envoy/certs/{svc}.key"}}
    tls = {"mode": ["STRICT", "PERMISSIVE", "STRICT", "DISABLED"][i % 4], "certificate": cert}
    if i % 5 == 0:
        tls["validation"] = {"trust": {"file": {"certificateChain": "/etc/envoy/certs/ca-bundle.pem"}},
                             "subjectAlternativeNames": {"match": {"exact": ["frontend.bench.local"]}}}
    s = {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": tls,
                        "timeout": {"http": {"idle": {"unit": "s", "value": 300}, "perRequest": {"unit": "ms", "value": 15000}}}}],
         "backends": [{"virtualService": {"virtualServiceName": f"svc-{(i + 1) % nodes}.bench.local"}}],
         "backendDefaults": {"clientPolicy": {"tls": {"enforce": True, "validation": {"trust": {"acm": {"certificateAuthorityArns": [pca]}}}}}}}
    if i % 7 == 0:
        s["backendDefaults"]["clientPolicy"]["tls"]["certificate"] = {"file": {"certificateChain": f"/etc/envoy/certs/{svc}-client.pem", "privateKey": f"/etc/envoy/certs/{svc}-client.key"}}
    s["serviceDiscovery"] = ({"dns": {"hostname": f"node-{i}.bench.internal"}} if i % 10 == 9 else
                             {"awsCloudMap": {"namespaceName": "bench.local", "serviceName": f"node-{i}", "attributes": []}})
    return s
def yaml_spec(s):
    # The CRD spellings of the same spec.
    t = json.loads(json.dumps(s).replace('"certificateAuthorityArns"', '"certificateAuthorityARNs"'))
    for b in t.get("backends", []):
        b["virtualService"] = {"virtualServiceRef": {"name": b["virtualService"]["virtualServiceName"]}}
    t["serviceDiscovery"].get("awsCloudMap", {}).pop("attributes", None)
    return t
for m in range(meshes):
    mesh = f"bench-{m:02d}"
    d = os.path.join(out, "aws", mesh)
    os.makedirs(os.path.join(d, "virtual-nodes"), exist_ok=True)
    os.makedirs(os.path.join(d, "routes", "router"), exist_ok=True)
    meta = {"meshOwner": acct, "resourceOwner": acct, "createdAt": "27/11/2026, 07:20:44", "version": 1}
    json.dump({"mesh": {"meshName": mesh, "metadata": meta, "spec": {"egressFilter": {"type": "DROP_ALL"}}}},
              open(os.path.join(d, "mesh.json"), "w"), indent=4)
    docs = [f"apiVersion: appmesh.k8s.aws/v1beta2\nkind: Mesh\nmetadata:\n  name: {mesh}\nspec:\n  awsName: {mesh}\n"]
    for i in range(nodes):
        s = spec(i)
        json.dump({"virtualNode": {"meshName": mesh, "virtualNodeName": f"node-{i}", "metadata": meta, "spec": s,
                                   "status": {"status": "ACTIVE"}}},
                  open(os.path.join(d, "virtual-nodes", f"node-{i}.json"), "w"), indent=4)
        y = {"apiVersion": "appmesh.k8s.aws/v1beta2", "kind": "VirtualNode", "metadata": {"name": f"node-{i}", "namespace": mesh},
             "spec": dict(awsName=f"node-{i}", meshRef={"name": mesh}, **yaml_spec(s))}
        docs.append(yaml.safe_dump(y, sort_keys=False))  # block style, as kubectl and people write it
    for r in range(10):
        route = {"route": {"meshName": mesh, "virtualRouterName": "router", "routeName": f"route-{r}", "metadata": meta,
                           "spec": {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [
                               {"virtualNode": f"node-{r}", "weight": 90}, {"virtualNode": f"node-{r + 10}", "weight": 10}]}}}}}
        json.dump(route, open(os.path.join(d, "routes", "router", f"route-{r}.json"), "w"), indent=4)
    os.makedirs(os.path.join(out, "k8s"), exist_ok=True)
    open(os.path.join(out, "k8s", f"{mesh}.yaml"), "w").write("---\n".join(d if d.endswith("\n") else d + "\n" for d in docs))
PY

files_json=$(find "$OUT/aws" -type f | wc -l)
files_yaml=$(find "$OUT/k8s" -type f | wc -l)
echo "mesh bench: $MESHES meshes x $NODES virtual nodes: $files_json JSON files, $files_yaml YAML files ($((MESHES * NODES)) documents)"

# best of RUNS: "wall cpu" seconds (cpu = user + sys; on a shared machine wall time also
# measures the other processes, CPU time does not)
best() {
    local best="" cpu="" w c
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %U %S" -o "$OUT/.time" "$@" >/dev/null 2>/dev/null || true
        read -r w c < <(tail -1 "$OUT/.time" | awk '{print $1, $2 + $3}')
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $w < $best else 1)"; then best="$w"; cpu="$c"; fi
    done
    echo "$best $cpu"
}

baseline=(python3 -c '
import json, os, sys
try:
    import yaml; Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
except ImportError:
    yaml = None
n = 0
for top in sys.argv[1:]:
    for root, _, names in os.walk(top):
        for name in names:
            p = os.path.join(root, name)
            if p.endswith(".json"): json.load(open(p)); n += 1
            elif yaml: list(yaml.load_all(open(p), Loader=Loader)); n += 1
')

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other processes inflate wall times, not CPU times)"
printf "%-34s %8s %10s %9s %12s %8s\n" "case" "files" "wall (s)" "cpu (s)" "files/s" "vs py"
run_case() { # name dir...
    local name="$1"; shift
    local n=0 d
    for d in "$@"; do n=$((n + $(find "$d" -type f | wc -l))); done
    local t tc b bc
    read -r t tc < <(best "$BIN" mesh scan "$@" --certs Certs/pki --at 2026-12-02T00:00:00Z --format json)
    read -r b bc < <(best "${baseline[@]}" "$@")
    python3 -c "
t, tc, b, bc, n = $t, $tc, $b, $bc, $n
print('%-34s %8d %10.3f %9.3f %12.0f %7.2fx' % ('$name', n, t, tc, n / t if t else 0, b / t if t else 0))
print('%-34s %8d %10.3f %9.3f %12.0f' % ('  baseline: python json/yaml parse', n, b, bc, n / b if b else 0))
"
}
run_case "json export + --certs" "$OUT/aws"
run_case "yaml CRDs + --certs" "$OUT/k8s"
run_case "both (deduplicated) + --certs" "$OUT/aws" "$OUT/k8s"
read -r t tc < <(best "$BIN" mesh scan "$OUT/aws" "$OUT/k8s" --certs Certs/pki --at 2026-12-02T00:00:00Z --format json)
python3 -c "t = $t; print('target: mesh scan of both under 2 s wall: %s (%.3f s wall, %.3f s CPU)' % ('met' if t < 2 else 'missed', t, $tc))"
"$BIN" mesh scan "$OUT/aws" "$OUT/k8s" --certs Certs/pki --at 2026-12-02T00:00:00Z --format json \
    | python3 -c "import json,sys; d=json.load(sys.stdin); s=d['summary']['overall']; print('check: %d nodes, %d blockers, %d ready, %d errors' % (s['nodes'], s['blockers'], s['readyServices'], s['errors']))"

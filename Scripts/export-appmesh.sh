#!/usr/bin/env bash
# Exports App Mesh configuration with the aws CLI into a folder that `meshcert mesh scan` reads:
# a thin wrapper of `meshcert aws snapshot --service appmesh` (docs/aws-snapshot.md).
#
#   Scripts/export-appmesh.sh --out DIR [--mesh NAME]... [--region REGION]
#                             [--endpoint-url URL] [--profile PROFILE]
#
# Every mesh of the account (or only --mesh), as the aws CLI prints it:
#   DIR/meshes.json                                  list-meshes
#   DIR/<mesh>/mesh.json                             describe-mesh
#   DIR/<mesh>/virtual-nodes.json, virtual-nodes/<name>.json          list / describe
#   DIR/<mesh>/virtual-gateways.json, virtual-gateways/<name>.json
#   DIR/<mesh>/gateway-routes/<gateway>.json, gateway-routes/<gateway>/<name>.json
#   DIR/<mesh>/virtual-routers.json, virtual-routers/<name>.json
#   DIR/<mesh>/routes/<router>.json, routes/<router>/<name>.json
#   DIR/<mesh>/virtual-services.json, virtual-services/<name>.json
# A resource type the endpoint does not implement (older APIs, local emulators) is reported and
# skipped. Shared meshes are read with their owner (list-meshes names it; --mesh-owner is
# accepted and ignored). Read-only calls only. meshcert: $MESHCERT_BIN, else `meshcert` on
# PATH, else this checkout's debug build (built when missing).
# Exit codes: 0 exported; 1 an AWS call failed; 2 usage error, no aws CLI, or nothing read.
set -uo pipefail

help_text() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
usage() { help_text >&2; exit 2; }

out="" args=() region=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:-}"; shift 2 ;;
        --mesh) args+=(--mesh "${2:-}"); shift 2 ;;
        --mesh-owner) shift 2 ;;
        --region) region="${2:-}"; args+=(--region "${2:-}"); shift 2 ;;
        --endpoint-url) args+=(--endpoint-url "${2:-}"); shift 2 ;;
        --profile) args+=(--profile "${2:-}"); shift 2 ;;
        -h|--help) help_text; exit 0 ;;
        *) echo "export-appmesh: unknown argument $1" >&2; usage ;;
    esac
done
[ -n "$out" ] || { echo "export-appmesh: --out DIR is required" >&2; usage; }

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${MESHCERT_BIN:-$(command -v meshcert || true)}"
if [ -z "$bin" ]; then
    bin="$root/.build/debug/meshcert"
    [ -x "$bin" ] || (cd "$root" && swift build --product meshcert >&2) || { echo "export-appmesh: cannot build meshcert" >&2; exit 2; }
fi

snapshot="$(mktemp -d)"
trap 'rm -rf "$snapshot"' EXIT
"$bin" aws snapshot --out "$snapshot/snap" --service appmesh "${args[@]}" >&2
status=$?
[ -f "$snapshot/snap/snapshot.json" ] || exit "$status"
[ -n "$region" ] || region=$(cd "$snapshot/snap" && ls -d */ 2>/dev/null | grep -v '^global/$' | head -1 | tr -d /)
mkdir -p "$out" || exit 2
if [ -n "$region" ] && [ -d "$snapshot/snap/$region/appmesh" ]; then
    cp -R "$snapshot/snap/$region/appmesh/." "$out/"
fi
count=$(find "$out" -mindepth 2 -maxdepth 2 -name mesh.json | wc -l)
echo "export-appmesh: exported $count mesh(es) to $out" >&2
exit "$status"

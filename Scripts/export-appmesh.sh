#!/usr/bin/env bash
# Exports App Mesh configuration with the aws CLI into a folder that `meshcert mesh scan` reads.
#
#   Scripts/export-appmesh.sh --out DIR [--mesh NAME] [--mesh-owner ACCOUNT] [--region REGION]
#                             [--endpoint-url URL] [--profile PROFILE]
#
# Every mesh of the account (or only --mesh), as the aws CLI prints it:
#   DIR/meshes.json                                  list-meshes
#   DIR/<mesh>/mesh.json                             describe-mesh
#   DIR/<mesh>/virtual-nodes.json, virtual-nodes/<name>.json          list / describe
#   DIR/<mesh>/virtual-gateways.json, virtual-gateways/<name>.json
#   DIR/<mesh>/gateway-routes/<gateway>/<name>.json
#   DIR/<mesh>/virtual-routers.json, virtual-routers/<name>.json, routes/<router>/<name>.json
#   DIR/<mesh>/virtual-services.json, virtual-services/<name>.json
# A resource type the endpoint cannot list (older APIs, local emulators) is reported and skipped;
# a mesh that cannot be described fails the export. Only describe/list calls are made: read-only.
# Exit codes: 0 exported; 1 an AWS call failed for a mesh; 2 usage error.
set -uo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

out="" mesh="" owner="" aws_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:-}"; shift 2 ;;
        --mesh) mesh="${2:-}"; shift 2 ;;
        --mesh-owner) owner="${2:-}"; shift 2 ;;
        --region) aws_args+=(--region "${2:-}"); shift 2 ;;
        --endpoint-url) aws_args+=(--endpoint-url "${2:-}"); shift 2 ;;
        --profile) aws_args+=(--profile "${2:-}"); shift 2 ;;
        -h|--help) usage ;;
        *) echo "export-appmesh: unknown argument $1" >&2; usage ;;
    esac
done
[ -n "$out" ] || { echo "export-appmesh: --out DIR is required" >&2; usage; }
command -v aws >/dev/null 2>&1 || { echo "export-appmesh: the aws CLI is not installed" >&2; exit 2; }

owner_args=()
[ -n "$owner" ] && owner_args=(--mesh-owner "$owner")
failed=0

appmesh() { aws "${aws_args[@]}" appmesh "$@"; }

# save FILE COMMAND ARGS...: runs an aws call into FILE; on failure reports it and removes FILE.
save() {
    local file="$1"; shift
    mkdir -p "$(dirname "$file")"
    local err
    if ! err=$(appmesh "$@" --output json 2>&1 >"$file"); then
        rm -f "$file"
        echo "export-appmesh: $1 failed: $(echo "$err" | tr '\n' ' ' | cut -c1-200)" >&2
        return 1
    fi
}

# names LIST-COMMAND QUERY ARGS...: the names a list call returns, one per line.
names() {
    local cmd="$1" query="$2"; shift 2
    appmesh "$cmd" "$@" --query "$query" --output text 2>/dev/null | tr '\t' '\n' | grep -v '^None$' | grep -v '^$'
}

mkdir -p "$out" || exit 2
if [ -n "$mesh" ]; then
    meshes="$mesh"
else
    save "$out/meshes.json" list-meshes || exit 1
    meshes=$(names list-meshes 'meshes[].meshName') || true
fi

count=0
for m in $meshes; do
    dir="$out/$m"
    if ! save "$dir/mesh.json" describe-mesh --mesh-name "$m" "${owner_args[@]}"; then failed=1; continue; fi
    count=$((count + 1))
    common=(--mesh-name "$m" "${owner_args[@]}")

    if save "$dir/virtual-nodes.json" list-virtual-nodes "${common[@]}"; then
        for n in $(names list-virtual-nodes 'virtualNodes[].virtualNodeName' "${common[@]}"); do
            save "$dir/virtual-nodes/$n.json" describe-virtual-node "${common[@]}" --virtual-node-name "$n" || failed=1
        done
    else
        failed=1
    fi

    if save "$dir/virtual-gateways.json" list-virtual-gateways "${common[@]}"; then
        for g in $(names list-virtual-gateways 'virtualGateways[].virtualGatewayName' "${common[@]}"); do
            save "$dir/virtual-gateways/$g.json" describe-virtual-gateway "${common[@]}" --virtual-gateway-name "$g" || failed=1
            for r in $(names list-gateway-routes 'gatewayRoutes[].gatewayRouteName' "${common[@]}" --virtual-gateway-name "$g"); do
                save "$dir/gateway-routes/$g/$r.json" describe-gateway-route "${common[@]}" --virtual-gateway-name "$g" --gateway-route-name "$r" || failed=1
            done
        done
    else
        echo "export-appmesh: mesh $m: virtual gateways skipped (the endpoint cannot list them)" >&2
    fi

    if save "$dir/virtual-routers.json" list-virtual-routers "${common[@]}"; then
        for r in $(names list-virtual-routers 'virtualRouters[].virtualRouterName' "${common[@]}"); do
            save "$dir/virtual-routers/$r.json" describe-virtual-router "${common[@]}" --virtual-router-name "$r" || failed=1
            for rt in $(names list-routes 'routes[].routeName' "${common[@]}" --virtual-router-name "$r"); do
                save "$dir/routes/$r/$rt.json" describe-route "${common[@]}" --virtual-router-name "$r" --route-name "$rt" || failed=1
            done
        done
    else
        echo "export-appmesh: mesh $m: virtual routers skipped (the endpoint cannot list them)" >&2
    fi

    if save "$dir/virtual-services.json" list-virtual-services "${common[@]}"; then
        for s in $(names list-virtual-services 'virtualServices[].virtualServiceName' "${common[@]}"); do
            save "$dir/virtual-services/$s.json" describe-virtual-service "${common[@]}" --virtual-service-name "$s" || failed=1
        done
    else
        echo "export-appmesh: mesh $m: virtual services skipped (the endpoint cannot list them)" >&2
    fi
done

echo "export-appmesh: exported $count mesh(es) to $out" >&2
exit "$failed"

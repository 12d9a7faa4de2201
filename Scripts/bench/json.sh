#!/usr/bin/env bash
# Does the hand-written JSON parser still pay? Parses the aws CLI export of Scripts/bench/mesh.sh
# (50 meshes x 200 virtual nodes, one file per describe call) with MeshcertSupport's JSONParser,
# JSONSerialization and JSONDecoder, best of 3 each, and prints the ratios.
# Called by Scripts/bench.sh json (BENCH_OUT = scratch folder; runs mesh.sh's generator first).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${BENCH_OUT:-bench-out}"
if [ ! -d "$OUT/mesh/aws" ]; then MESH_BENCH_RUNS=1 Scripts/bench/mesh.sh > /dev/null; fi
mkdir -p "$OUT/json"
swiftc -O -module-name JSONBench Scripts/bench/json_parse/main.swift Sources/MeshcertSupport/JSON.swift \
    Sources/MeshcertSupport/JSONParser.swift -o "$OUT/json/json_parse" 2> "$OUT/json/build.log"
"$OUT/json/json_parse" "$OUT/mesh/aws" 3

#!/usr/bin/env bash
# libFuzzer targets (Swift's -sanitize=fuzzer with AddressSanitizer), package in Fuzz/.
#   Scripts/fuzz.sh TARGET SECONDS     fuzz one target for a while (exploration)
#   Scripts/fuzz.sh --ci               every target: replay seeds and past crashes (fails on any),
#                                      then a fixed, seeded number of new inputs (reports crashes)
# Targets: see TARGETS below. Seeds come from the test corpora; new inputs go to
# Fuzz/corpus/TARGET (not committed); a crash is written to Fuzz/crashes/ and fails the script:
# copy it under Tests/Fixtures/fuzz/ as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(FuzzCertificateLoader FuzzDistinguishedName FuzzAppMesh FuzzScenario FuzzHandshakePlan FuzzWatchConfig)
FLAGS=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
export SWIFT_BACKTRACE=enable=no   # libFuzzer prints the stack; Swift's backtracer would stall

seeds_for() {
    case "$1" in
        FuzzCertificateLoader) echo Tests/Fixtures/scan/formats Tests/Fixtures/scan/keys Tests/Fixtures/scan/cases \
            Tests/Fixtures/scan/bad Tests/Fixtures/scan/others Tests/Fixtures/fuzz/certificate-loader Tests/Fixtures/fuzz/pem Certs/pki ;;
        FuzzDistinguishedName) echo Tests/Fixtures/fuzz/distinguished-name ;;
        FuzzAppMesh) echo $(find Certs/appmesh Tests/Fixtures/appmesh -type d | sort) Tests/Fixtures/fuzz/appmesh ;;
        FuzzScenario) echo Certs/scenarios Tests/Fixtures/fuzz/scenario ;;
        FuzzHandshakePlan) echo Certs/lab Tests/Fixtures/fuzz/handshake-plan ;;
        FuzzWatchConfig) echo docs/examples Tests/Fixtures/fuzz/watch-config ;;
    esac
}

run() { # run TARGET LIBFUZZER-ARGS...
    local target="$1"; shift
    # A failed build must stop here: fuzzing the previous binary would test old code.
    local log="Fuzz/$target.build.log"
    mkdir -p Fuzz
    if ! swift build --package-path Fuzz --product "$target" "${FLAGS[@]}" > "$log" 2>&1; then
        grep -E "error" "$log" | head -20 >&2
        echo "fuzz: $target does not build (see $log)" >&2
        return 1
    fi
    local bin; bin="$(swift build --package-path Fuzz --show-bin-path "${FLAGS[@]}")/$target"
    local corpus="Fuzz/corpus/$target"
    mkdir -p "$corpus" Fuzz/crashes
    for d in $(seeds_for "$target"); do [ -d "$d" ] && find "$d" -maxdepth 1 -type f -exec cp -n {} "$corpus/" \; ; done
    echo "fuzz: $target $*" >&2
    "$bin" "$corpus" -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 "$@" \
        > "Fuzz/$target.log" 2>&1 || { tail -40 "Fuzz/$target.log" >&2; echo "fuzz: $target FAILED (see Fuzz/crashes/)" >&2; return 1; }
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "Fuzz/$target.log" | sed "s/^/$target /"
}

Scripts/setup.sh
if [ "${1:-}" = "--ci" ]; then
    # 1. Replay every seed and every past crash (deterministic): a failure here is a regression.
    for t in "${TARGETS[@]}"; do run "$t" -runs=0; done
    # 2. Explore for a fixed number of inputs. A new crash is printed and kept in Fuzz/crashes/
    #    but does not fail CI: it is a finding for a developer to turn into a regression test.
    for t in "${TARGETS[@]}"; do
        rm -rf "Fuzz/corpus/$t"
        run "$t" -seed=1 -runs="${FUZZ_CI_RUNS:-20000}" || echo "fuzz: NEW CRASH in $t (kept in Fuzz/crashes/): add it to Tests/Fixtures/fuzz/" >&2
    done
else
    run "${1:?usage: Scripts/fuzz.sh TARGET SECONDS | --ci}" -max_total_time="${2:-60}"
fi

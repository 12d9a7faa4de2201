#!/usr/bin/env bash
# Differential check of `meshcert scan` output between two binaries (e.g. a release build of
# main kept aside, and the current one): every format (json, csv, prometheus, table; table also
# with colour forced off) on the demo data, the scan test fixtures and, when present, the scan
# benchmark corpora; the same fixed --at. Prints one line per case and fails on any difference.
#   Scripts/bench/scan-diff.sh OLD_BINARY NEW_BINARY [EXTRA_FOLDER...]
set -uo pipefail
cd "$(dirname "$0")/../.."
old="${1:?usage: scan-diff.sh OLD_BINARY NEW_BINARY [FOLDER...]}"
new="${2:?usage: scan-diff.sh OLD_BINARY NEW_BINARY [FOLDER...]}"
shift 2
at="2026-12-02T00:00:00Z"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cases=(
    "Certs/"
    "Certs/ --pkcs12-password-file Certs/pki/pkcs12-password.txt --trust Certs/pki/root-ca.pem"
    "Certs/ --trust Certs/pki/root-ca.pem --verify-profile strict"
    "Tests/Fixtures/scan"
    "Tests/Fixtures/scan --pkcs12-password-file Tests/Fixtures/scan/passwords.txt --warn-days 400"
    "Tests/Fixtures/scan --max-file-size 1200 --fail-on unreadable"
    "Certs/pki/root-ca.pem Certs/pki/frontend.key Tests/Fixtures/scan/formats"
)
for d in bench-out/scan-data-*/realistic bench-out/scan-data-*/distinct "$@"; do [ -d "$d" ] && cases+=("$d"); done
failed=0
n=0
for c in "${cases[@]}"; do
    for fmt in json csv prometheus table; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        "$old" scan $c --format "$fmt" --at "$at" > "$work/old" 2> "$work/old.err"; oc=$?
        # shellcheck disable=SC2086
        "$new" scan $c --format "$fmt" --at "$at" > "$work/new" 2> "$work/new.err"; nc=$?
        if [ "$oc" = "$nc" ] && cmp -s "$work/old" "$work/new" && cmp -s "$work/old.err" "$work/new.err"; then
            echo "same  $fmt  exit $oc  $(wc -c < "$work/new") bytes  scan $c"
        else
            echo "DIFF  $fmt  exit $oc/$nc  scan $c"
            diff "$work/old" "$work/new" | head -10
            failed=1
        fi
    done
done
if [ "$failed" = 0 ]; then echo "scan-diff: $n cases byte-identical"; else echo "scan-diff: differences found" >&2; fi
exit "$failed"

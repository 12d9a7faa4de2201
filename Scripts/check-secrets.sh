#!/usr/bin/env bash
# Proves that no private key material or password reached any output: greps everything the test
# suite printed (its console log and every meshcert run the end-to-end tests made, collected in
# DIR by Tests/EndToEndTests/MeshcertBinary.swift) for
#   - any PEM private key armor,
#   - every base64 line of every private key committed under Certs/ and Tests/Fixtures/,
#   - every password the tests use (PKCS#12 password files and the fixtures' passwords).
# Usage: Scripts/check-secrets.sh DIR     (exit 1 and the offending file names on a leak)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: Scripts/check-secrets.sh DIR}"
needles="$(mktemp)"
trap 'rm -f "$needles"' EXIT
# Key bodies: base64 lines (long enough to be unique) of every PEM private key we ship.
grep -rlE -- "-----BEGIN ([A-Z]+ )?PRIVATE KEY-----" Certs Tests/Fixtures 2>/dev/null | while read -r f; do
    awk '/-----BEGIN .*PRIVATE KEY-----/{k=1;next} /-----END/{k=0} k && length($0) >= 40 {print}' "$f"
done > "$needles"
# Passwords: the demo and test password files, and the passwords written into fixtures.
cat Certs/pki/pkcs12-password.txt Tests/Fixtures/scan/passwords.txt >> "$needles"
printf '%s\n' keypass unguessable-9 s3cret-p12 >> "$needles"
count=$(grep -c . "$needles")
files=$(find "$dir" -type f | wc -l)
leaks=$(grep -rlF -f "$needles" "$dir" || true)
armor=$(grep -rlE -- "-----BEGIN ([A-Z]+ )?PRIVATE KEY-----" "$dir" || true)
if [ -n "$leaks$armor" ]; then
    echo "check-secrets: SECRET MATERIAL IN OUTPUT:" >&2
    printf '  %s\n' $leaks $armor >&2
    exit 1
fi
echo "check-secrets: $files output files, $count secrets searched, none found"

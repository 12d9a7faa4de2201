#!/usr/bin/env python3
"""Peer baseline for `Scripts/bench.sh scan`: Python `cryptography` (Rust-backed) parsing every
certificate of every file in one process, with the same inventory fields as the C loop."""
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs7

files = certificates = failures = checksum = 0


def inventory(c):
    global certificates, checksum
    fp = c.fingerprint(hashes.SHA256())
    s, i = c.subject.rfc4514_string(), c.issuer.rfc4514_string()
    nb, na = c.not_valid_before_utc, c.not_valid_after_utc
    try:
        sans = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        checksum += len(list(sans))
    except x509.ExtensionNotFound:
        pass
    k = c.public_key()
    checksum += getattr(k, "key_size", 0) + fp[0] + len(s) + len(i) + nb.year + na.year
    certificates += 1


for root, _, names in os.walk(sys.argv[1]):
    for n in names:
        data = open(os.path.join(root, n), "rb").read()
        files += 1
        try:
            if data.startswith(b"-----BEGIN PKCS7"):
                certs = pkcs7.load_pem_pkcs7_certificates(data)
            elif data.startswith(b"-----BEGIN"):
                certs = x509.load_pem_x509_certificates(data)
            else:
                try:
                    certs = [x509.load_der_x509_certificate(data)]
                except ValueError:
                    certs = pkcs7.load_der_pkcs7_certificates(data)
            for c in certs:
                inventory(c)
        except Exception:
            failures += 1
print(f"files={files} certificates={certificates} failures={failures} checksum={checksum}")

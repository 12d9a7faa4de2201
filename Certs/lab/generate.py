#!/usr/bin/env python3
"""Generates the handshake test fixtures with fixed dates, all for users.sc.internal.

    Certs/lab/generate.py --out DIR

Not committed on purpose: `meshcert scan Certs/` must see only the demo PKI. The end-to-end
tests run this script into a temporary folder.

Evaluate at --at 2026-12-02T00:00:00Z (like Certs/short-lived):
  expired.pem/.key         issued by the short-lived CA, 2026-11-01 .. 2026-11-08 (expired)
  not-yet-valid.pem/.key   issued by the short-lived CA, 2027-01-01 .. 2027-01-08
  wrong-name.pem/.key      issued by the short-lived CA, valid, names only other.sc.internal
  unknown-ca.pem/.key      valid, right names, issued by rogue-ca.pem (trusted by nobody)
  rogue-ca.pem             the self-signed CA behind unknown-ca.pem
Keys are demo keys (unencrypted); never reuse them.
"""
import datetime as dt
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import generate as pki  # noqa: E402  (Certs/generate.py: issue(), name(), write()...)
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID  # noqa: E402

T = pki.T
NAMES = dict(dns=["users.sc.internal", "users", "localhost"], ips=["127.0.0.1"])


OUT = HERE


def leaf(out, ca_cert, ca_key, nb, na, **names):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue(pki.name(names.get("cn", "users.sc.internal"), "lab fixtures"), key, ca_cert.subject, ca_key, nb, na,
                     eku=[ExtendedKeyUsageOID.SERVER_AUTH], dns=names["dns"], ips=names["ips"], issuer_cert=ca_cert)
    pki.write(os.path.join(OUT, out + ".pem"), pki.pem(cert))
    pki.write(os.path.join(OUT, out + ".key"), pki.key_pem(key), 0o600)


def main():
    global OUT
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write the fixtures to")
    OUT = ap.parse_args().out
    os.makedirs(OUT, exist_ok=True)
    sl = os.path.join(os.path.dirname(HERE), "short-lived")
    ca = x509.load_pem_x509_certificate(open(os.path.join(sl, "short-lived-ca.pem"), "rb").read())
    ca_key = serialization.load_pem_private_key(open(os.path.join(sl, "short-lived-ca.key"), "rb").read(), None)
    leaf("expired", ca, ca_key, T(2026, 11, 1), T(2026, 11, 8), **NAMES)
    leaf("not-yet-valid", ca, ca_key, T(2027, 1, 1), T(2027, 1, 8), **NAMES)
    leaf("wrong-name", ca, ca_key, T(2026, 12, 1), T(2026, 12, 8), cn="other.sc.internal",
         dns=["other.sc.internal"], ips=[])
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = pki.issue(pki.name("Rogue CA", "lab fixtures"), rogue_key, pki.name("Rogue CA", "lab fixtures"), rogue_key,
                      T(2026, 1, 1), T(2036, 1, 1), ca=True, serial=0x3000)
    pki.write(os.path.join(OUT, "rogue-ca.pem"), pki.pem(rogue))
    leaf("unknown-ca", rogue, rogue_key, T(2026, 12, 1), T(2026, 12, 8), **NAMES)


if __name__ == "__main__":
    sys.exit(main())

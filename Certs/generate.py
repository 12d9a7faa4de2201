#!/usr/bin/env python3
"""Generates meshcert's demo PKI with fixed dates (committed), or re-issues its short-lived part.

    Certs/generate.py                 # everything, fixed dates (what is committed)
    Certs/generate.py --short-lived-now [--out DIR]
                                      # only the 7-day certificates, issued now (demo.sh)

Layout (all under Certs/pki/ and Certs/short-lived/):
  GENERAL_PURPOSE style (what App Mesh used):
    root-ca.pem/.key            EC P-384 root, 2025-06-01 .. 2035-06-01
    intermediate-ca.pem/.key    EC P-256 intermediate, 2025-06-01 .. 2030-06-01
    <svc>.pem/.key              13-month RSA 2048 server certificates (frontend, users, stock)
                                2026-06-01 .. 2027-07-01 (395 days), serverAuth
    <svc>-chain.pem             leaf + intermediate bundle
    <svc>-client.pem/.key       mTLS client certificates (clientAuth), same dates
    ca-bundle.pem               intermediate + root
    ca-chain.p7b                PKCS#7 (PEM) of intermediate + root
    frontend.p12                PKCS#12 of frontend's certificate, key and chain;
                                password in pkcs12-password.txt (demo only!)
  SHORT_LIVED (what Service Connect issues):
    short-lived/short-lived-ca.pem/.key   EC P-256 root, 2026-11-01 .. 2036-11-01
    short-lived/<svc>.pem/.key            7-day ECDSA P-256 server certificates,
                                          2026-12-01T00:00:00Z .. 2026-12-08T00:00:00Z
Keys are written unencrypted because they are demo keys; never reuse them.
"""
import argparse
import datetime as dt
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES = ["frontend", "users", "stock"]
UTC = dt.timezone.utc
T = lambda *a: dt.datetime(*a, tzinfo=UTC)

# Fixed serials so regeneration keeps names stable (keys still differ per run).
_serial = [0x1000]


def next_serial():
    _serial[0] += 1
    return _serial[0]


def name(cn, ou="meshcert demo"):
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def issue(subject, key, issuer_name, issuer_key, not_before, not_after, *, ca=False, path_len=None,
          eku=None, dns=(), ips=(), issuer_cert=None, serial=None):
    b = (x509.CertificateBuilder()
         .subject_name(subject).issuer_name(issuer_name)
         .public_key(key.public_key())
         .serial_number(serial or next_serial())
         .not_valid_before(not_before).not_valid_after(not_after)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer_cert is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
            issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value), critical=False)
    if ca:
        b = b.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        ec_key = isinstance(key, ec.EllipticCurvePrivateKey)
        b = b.add_extension(x509.KeyUsage(True, False, not ec_key, False, ec_key, False, False, False, False), critical=True)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return b.sign(issuer_key, hashes.SHA384() if isinstance(issuer_key, ec.EllipticCurvePrivateKey) and issuer_key.curve.key_size == 384 else hashes.SHA256())


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def write(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def short_lived(out, ca_cert, ca_key, not_before):
    not_after = not_before + dt.timedelta(days=7)
    for svc in SERVICES:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = issue(name(f"{svc}.sc.internal", "service connect"), key, ca_cert.subject, ca_key, not_before, not_after,
                     eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                     dns=[f"{svc}.sc.internal", svc, "localhost"], ips=["127.0.0.1"], issuer_cert=ca_cert)
        write(os.path.join(out, f"{svc}.pem"), pem(cert))
        write(os.path.join(out, f"{svc}.key"), key_pem(key), 0o600)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--short-lived-now", action="store_true",
                    help="re-issue only the 7-day certificates, valid from now (for the demo)")
    ap.add_argument("--out", help="output folder for --short-lived-now (default Certs/short-lived)")
    args = ap.parse_args()
    sl_dir = os.path.join(HERE, "short-lived")

    if args.short_lived_now:
        ca_cert = x509.load_pem_x509_certificate(open(os.path.join(sl_dir, "short-lived-ca.pem"), "rb").read())
        ca_key = serialization.load_pem_private_key(open(os.path.join(sl_dir, "short-lived-ca.key"), "rb").read(), None)
        now = dt.datetime.now(UTC).replace(microsecond=0)
        short_lived(args.out or sl_dir, ca_cert, ca_key, now)
        return

    pki = os.path.join(HERE, "pki")
    root_key = ec.generate_private_key(ec.SECP384R1())
    root = issue(name("Example Corp Root CA G1", "pki"), root_key, name("Example Corp Root CA G1", "pki"), root_key,
                 T(2025, 6, 1), T(2035, 6, 1), ca=True, serial=0x1000)
    inter_key = ec.generate_private_key(ec.SECP256R1())
    inter = issue(name("Example Corp App Mesh Issuing CA", "pki"), inter_key, root.subject, root_key,
                  T(2025, 6, 1), T(2030, 6, 1), ca=True, path_len=0, issuer_cert=root)
    write(os.path.join(pki, "root-ca.pem"), pem(root))
    write(os.path.join(pki, "root-ca.key"), key_pem(root_key), 0o600)
    write(os.path.join(pki, "intermediate-ca.pem"), pem(inter))
    write(os.path.join(pki, "intermediate-ca.key"), key_pem(inter_key), 0o600)
    write(os.path.join(pki, "ca-bundle.pem"), pem(inter) + pem(root))
    write(os.path.join(pki, "ca-chain.p7b"), pkcs7.serialize_certificates([inter, root], serialization.Encoding.PEM))

    nb, na = T(2026, 6, 1), T(2027, 7, 1)
    leaves = {}
    for svc in SERVICES:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = issue(name(f"{svc}.apps.local"), key, inter.subject, inter_key, nb, na,
                     eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                     dns=[f"{svc}.apps.local", svc, "localhost"], ips=["127.0.0.1"], issuer_cert=inter)
        leaves[svc] = (cert, key)
        write(os.path.join(pki, f"{svc}.pem"), pem(cert))
        write(os.path.join(pki, f"{svc}.key"), key_pem(key), 0o600)
        write(os.path.join(pki, f"{svc}-chain.pem"), pem(cert) + pem(inter))
        ckey = ec.generate_private_key(ec.SECP256R1())
        ccert = issue(name(f"{svc}-client", "mtls clients"), ckey, inter.subject, inter_key, nb, na,
                      eku=[ExtendedKeyUsageOID.CLIENT_AUTH], issuer_cert=inter,
                      dns=[f"{svc}.apps.local"])
        write(os.path.join(pki, f"{svc}-client.pem"), pem(ccert))
        write(os.path.join(pki, f"{svc}-client.key"), key_pem(ckey), 0o600)

    password = b"meshcert-demo"
    fcert, fkey = leaves["frontend"]
    write(os.path.join(pki, "frontend.p12"), pkcs12.serialize_key_and_certificates(
        b"frontend", fkey, fcert, [inter], serialization.BestAvailableEncryption(password)), 0o600)
    write(os.path.join(pki, "pkcs12-password.txt"), password + b"\n", 0o600)

    sl_key = ec.generate_private_key(ec.SECP256R1())
    sl_ca = issue(name("Example Corp Service Connect CA", "short-lived"), sl_key,
                  name("Example Corp Service Connect CA", "short-lived"), sl_key,
                  T(2026, 11, 1), T(2036, 11, 1), ca=True, serial=0x2000)
    write(os.path.join(sl_dir, "short-lived-ca.pem"), pem(sl_ca))
    write(os.path.join(sl_dir, "short-lived-ca.key"), key_pem(sl_key), 0o600)
    short_lived(sl_dir, sl_ca, sl_key, T(2026, 12, 1))


if __name__ == "__main__":
    sys.exit(main())

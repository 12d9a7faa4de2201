#!/usr/bin/env python3
"""Generates the scan benchmark inventories (never committed; cached under bench-out/).

realistic/: N distinct leaf certificates (EC P-256) from 3 RSA-2048 intermediates under one
            root, written as 3 files per leaf: the leaf alone (PEM), a leaf+intermediate+root
            bundle (PEM), and either the leaf as DER or a PKCS#7 of leaf+intermediate
            (alternating). Most bytes are repeated chains, as in real inventories.
distinct/:  N distinct certificates, one per PEM file, no repetition (plus the 4 CAs once).
"""
import datetime as dt
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.timezone.utc


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bench Corp"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject, key, issuer, issuer_key, serial, ca=False, dns=None):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
         .serial_number(serial).not_valid_before(dt.datetime(2026, 6, 1, tzinfo=UTC))
         .not_valid_after(dt.datetime(2027, 7, 1, tzinfo=UTC))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca and serial > 1 else None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if dns:
        b = (b.add_extension(x509.SubjectAlternativeName([x509.DNSName(dns), x509.DNSName("svc-" + dns)]), critical=False)
              .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    return b.sign(issuer_key, hashes.SHA256())


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = cert(name("Bench Root"), root_key, name("Bench Root"), root_key, 1, ca=True)
    inters = []
    for i in range(3):
        k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        inters.append((cert(name(f"Bench Issuing CA {i}"), k, root.subject, root_key, 2 + i, ca=True), k))
    pem = lambda c: c.public_bytes(serialization.Encoding.PEM)
    leaf_keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(64)]

    real, dist = os.path.join(out, "realistic"), os.path.join(out, "distinct")
    for d in (real, dist):
        os.makedirs(d, exist_ok=True)
    for i, (c, _) in enumerate(inters):
        with open(os.path.join(dist, f"ca-{i}.pem"), "wb") as f:
            f.write(pem(c))
    with open(os.path.join(dist, "root.pem"), "wb") as f:
        f.write(pem(root))

    for i in range(n):
        inter, ik = inters[i % 3]
        leaf = cert(name(f"svc{i}.bench.internal"), leaf_keys[i % 64], inter.subject, ik, 1000 + i, dns=f"svc{i}.bench.internal")
        sub = os.path.join(real, f"team{i % 50:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"svc{i}.pem"), "wb") as f:
            f.write(pem(leaf))
        with open(os.path.join(sub, f"svc{i}-chain.pem"), "wb") as f:
            f.write(pem(leaf) + pem(inter) + pem(root))
        if i % 2 == 0:
            with open(os.path.join(sub, f"svc{i}.der"), "wb") as f:
                f.write(leaf.public_bytes(serialization.Encoding.DER))
        else:
            with open(os.path.join(sub, f"svc{i}.p7b"), "wb") as f:
                f.write(pkcs7.serialize_certificates([leaf, inter], serialization.Encoding.DER))
        # The all-distinct inventory: another distinct leaf per file.
        other = cert(name(f"other{i}.bench.internal"), leaf_keys[(i + 7) % 64], inter.subject, ik, 500000 + i, dns=f"other{i}.bench.internal")
        dsub = os.path.join(dist, f"team{i % 50:02d}")
        os.makedirs(dsub, exist_ok=True)
        with open(os.path.join(dsub, f"other{i}.pem"), "wb") as f:
            f.write(pem(other))


if __name__ == "__main__":
    main()

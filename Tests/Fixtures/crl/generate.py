#!/usr/bin/env python3
"""CRLs for the committed demo PKI (Certs/pki), for `verify --crl` tests and Scripts/memcheck.sh:

    root-ca.crl          by the root: revokes nothing
    intermediate-ca.crl  by the App Mesh issuing CA: revokes stock.apps.local (Certs/pki/stock.pem)

Both valid 2026-11-01 .. 2027-11-01, PEM. Kept out of Certs/ so that `scan Certs/` is unchanged.
Re-run after Certs/generate.py (new keys); the output is committed.
"""
import datetime as dt
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

HERE = os.path.dirname(os.path.abspath(__file__))
PKI = os.path.join(HERE, "..", "..", "..", "Certs", "pki")
UTC = dt.timezone.utc


def load(name):
    cert = x509.load_pem_x509_certificate(open(os.path.join(PKI, name + ".pem"), "rb").read())
    key = serialization.load_pem_private_key(open(os.path.join(PKI, name + ".key"), "rb").read(), None)
    return cert, key


def crl(issuer, key, revoked, number):
    b = (x509.CertificateRevocationListBuilder().issuer_name(issuer.subject)
         .last_update(dt.datetime(2026, 11, 1, tzinfo=UTC)).next_update(dt.datetime(2027, 11, 1, tzinfo=UTC))
         .add_extension(x509.CRLNumber(number), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False))
    for cert in revoked:
        b = b.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
                                      .revocation_date(dt.datetime(2026, 11, 15, tzinfo=UTC)).build())
    return b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


root, root_key = load("root-ca")
inter, inter_key = load("intermediate-ca")
stock = x509.load_pem_x509_certificate(open(os.path.join(PKI, "stock.pem"), "rb").read())
open(os.path.join(HERE, "root-ca.crl"), "wb").write(crl(root, root_key, [], 1))
open(os.path.join(HERE, "intermediate-ca.crl"), "wb").write(crl(inter, inter_key, [stock], 1))

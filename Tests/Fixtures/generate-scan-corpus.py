#!/usr/bin/env python3
"""Generates the scan test corpus in Tests/Fixtures/scan/ (committed; rerun to refresh).

Every file exercises one format or one field; bad/ holds one file per failure kind.
Dates are fixed; tests evaluate at 2026-12-02T00:00:00Z.
"""
import datetime as dt
import ipaddress
import os
import shutil
import subprocess

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scan")
UTC = dt.timezone.utc
T = lambda *a: dt.datetime(*a, tzinfo=UTC)
serial = [0x5000]


def nm(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Fixture Org"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make(cn, key, issuer_name, issuer_key, nb, na, ca=False, eku=(), sans=(), algo=None, aki_from=None):
    serial[0] += 1
    b = (x509.CertificateBuilder().subject_name(nm(cn) if isinstance(cn, str) else cn).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(serial[0]).not_valid_before(nb).not_valid_after(na)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if aki_from is not None:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(aki_from.public_key()), critical=False)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(list(sans)), critical=False)
    if isinstance(issuer_key, ed25519.Ed25519PrivateKey):
        algo = None
    elif algo is None:
        algo = hashes.SHA256()
    return b.sign(issuer_key, algo)


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def der(c):
    return c.public_bytes(serialization.Encoding.DER)


def w(name, data):
    p = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = make("Fixture Root CA", ca_key, nm("Fixture Root CA"), ca_key, T(2025, 1, 1), T(2035, 1, 1), ca=True)
    nb, na = T(2026, 6, 1), T(2027, 7, 1)

    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = make("leaf.example", leaf_key, ca.subject, ca_key, nb, na, eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                sans=[x509.DNSName("leaf.example"), x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
                      x509.IPAddress(ipaddress.ip_address("::1")), x509.IPAddress(ipaddress.ip_address("2001:db8::8:800:200c:417a")),
                      x509.UniformResourceIdentifier("spiffe://example/leaf"), x509.RFC822Name("ops@example.com")],
                aki_from=ca_key)
    w("formats/root-ca.pem", pem(ca))
    w("formats/leaf.pem", pem(leaf))
    w("formats/leaf.key", leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    # Same leaf, other formats: dedup must fold these into one certificate.
    w("formats/leaf.der", der(leaf))
    w("formats/leaf-crlf-with-text.txt", b"Bag Attributes\r\n    friendlyName: leaf\r\nsubject=CN=leaf.example\r\n" + pem(leaf).replace(b"\n", b"\r\n") + b"trailing notes\r\n")
    w("formats/bundle.pem", pem(leaf) + b"\n# comment between blocks\n" + pem(ca))
    w("formats/bundle.p7b", pkcs7.serialize_certificates([leaf, ca], serialization.Encoding.PEM))
    w("formats/bundle-der.p7c", pkcs7.serialize_certificates([leaf, ca], serialization.Encoding.DER))
    w("formats/noext-der-certificate", der(ca))
    w("formats/leaf-empty-password.p12", pkcs12.serialize_key_and_certificates(b"leaf", leaf_key, leaf, [ca], serialization.NoEncryption()))
    w("formats/leaf-secret.p12", pkcs12.serialize_key_and_certificates(b"leaf", leaf_key, leaf, [ca], serialization.BestAvailableEncryption(b"s3cret-p12")))
    legacy = (serialization.PrivateFormat.PKCS12.encryption_builder()
              .kdf_rounds(2048).key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1())
              .build(b"s3cret-p12"))
    w("formats/leaf-legacy-3des.p12", pkcs12.serialize_key_and_certificates(b"leaf", leaf_key, leaf, [ca], legacy))

    # Keys of every kind.
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    w("keys/rsa-traditional.key", rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    w("keys/rsa-pkcs8.der", rsa_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    w("keys/ec-traditional.pem", leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    w("keys/encrypted-pkcs8.pem", rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"keypass")))
    w("keys/encrypted-traditional.pem", rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.BestAvailableEncryption(b"keypass")))

    # Field and finding cases.
    weak_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    w("cases/weak-rsa1024.pem", pem(make("weak.example", weak_key, ca.subject, ca_key, nb, na,
        eku=[ExtendedKeyUsageOID.SERVER_AUTH], sans=[x509.DNSName("weak.example")])))
    # cryptography refuses SHA-1 signatures; the OpenSSL CLI still makes them (dates: 10 years from generation).
    tmp = os.path.join(OUT, "tmp")
    os.makedirs(tmp)
    w("tmp/ca.pem", pem(ca))
    w("tmp/ca.key", ca_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    w("tmp/ext.cnf", b"basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:sha1.example\n")
    subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", os.path.join(tmp, "k.pem"),
                    "-subj", "/CN=sha1.example", "-out", os.path.join(tmp, "r.csr")], check=True, capture_output=True)
    subprocess.run(["openssl", "x509", "-req", "-sha1", "-in", os.path.join(tmp, "r.csr"), "-CA", os.path.join(tmp, "ca.pem"),
                    "-CAkey", os.path.join(tmp, "ca.key"), "-set_serial", "7", "-days", "3650", "-extfile", os.path.join(tmp, "ext.cnf"),
                    "-out", os.path.join(OUT, "cases/sha1-signed.pem")], check=True, capture_output=True)
    # RC2-40 + 3DES ("-legacy"): only readable with OpenSSL's legacy provider.
    w("tmp/leaf.pem", pem(leaf))
    w("tmp/leaf.key", leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    subprocess.run(["openssl", "pkcs12", "-export", "-legacy", "-in", os.path.join(tmp, "leaf.pem"), "-inkey", os.path.join(tmp, "leaf.key"),
                    "-passout", "pass:s3cret-p12", "-out", os.path.join(OUT, "formats/leaf-legacy-rc2.p12")], check=True, capture_output=True)
    shutil.rmtree(tmp)
    w("cases/expired.pem", pem(make("expired.example", leaf_key, ca.subject, ca_key, T(2025, 1, 1), T(2026, 1, 1),
        sans=[x509.DNSName("expired.example")])))
    w("cases/not-yet-valid.pem", pem(make("future.example", leaf_key, ca.subject, ca_key, T(2027, 1, 1), T(2028, 1, 1),
        sans=[x509.DNSName("future.example")])))
    w("cases/expiring-soon.pem", pem(make("soon.example", leaf_key, ca.subject, ca_key, T(2026, 1, 1), T(2026, 12, 20),
        sans=[x509.DNSName("soon.example")])))
    # Short-lived: 7-day lifetime; at 2026-12-02 it has 1 day left (< 2/7 of 7 days = 2 days).
    w("cases/short-lived-late.pem", pem(make("late.sc.internal", leaf_key, ca.subject, ca_key, T(2026, 11, 26), T(2026, 12, 3),
        sans=[x509.DNSName("late.sc.internal")])))
    w("cases/no-san.pem", pem(make("nosan.example", leaf_key, ca.subject, ca_key, nb, na)))
    w("cases/no-cn.pem", pem(make(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Only Org")]), leaf_key, ca.subject, ca_key, nb, na,
        sans=[x509.DNSName("nocn.example")])))
    w("cases/mtls-client.pem", pem(make("client.example", leaf_key, ca.subject, ca_key, nb, na, eku=[ExtendedKeyUsageOID.CLIENT_AUTH],
        sans=[x509.DNSName("client.example")])))
    self_key = ec.generate_private_key(ec.SECP384R1())
    w("cases/self-signed-leaf.pem", pem(make("self.example", self_key, nm("self.example"), self_key, nb, na,
        sans=[x509.DNSName("self.example")])))
    ed_key = ed25519.Ed25519PrivateKey.generate()
    w("cases/ed25519.pem", pem(make("ed.example", ed_key, ca.subject, ca_key, nb, na, sans=[x509.DNSName("ed.example")])))
    orphan_issuer_key = ec.generate_private_key(ec.SECP256R1())
    w("cases/orphan.pem", pem(make("orphan.example", leaf_key, nm("Missing Intermediate"), orphan_issuer_key, nb, na,
        sans=[x509.DNSName("orphan.example")])))
    w("cases/unmatched.key", ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))

    # Other objects.
    csr = x509.CertificateSigningRequestBuilder().subject_name(nm("csr.example")).sign(leaf_key, hashes.SHA256())
    w("others/request.csr", csr.public_bytes(serialization.Encoding.PEM))
    w("others/request.der", csr.public_bytes(serialization.Encoding.DER))
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject).last_update(T(2026, 1, 1))
           .next_update(T(2027, 1, 1)).sign(ca_key, hashes.SHA256()))
    w("others/list.crl", crl.public_bytes(serialization.Encoding.PEM))
    w("others/list.crl.der", crl.public_bytes(serialization.Encoding.DER))
    w("others/ec-params.pem", subprocess.run(["openssl", "ecparam", "-name", "prime256v1"], capture_output=True, check=True).stdout)
    w("others/README.md", b"# not a certificate\n")

    # Bad inputs: one file per failure kind.
    leaf_pem = pem(leaf)
    w("bad/truncated.pem", leaf_pem[: len(leaf_pem) // 2])
    body = leaf_pem.split(b"\n")
    body[3] = b"!!!! not base64 at all ????"
    w("bad/invalid-base64.pem", b"\n".join(body))
    w("bad/empty.crt", b"")
    w("bad/cut.der", der(leaf)[:200])
    w("bad/garbage.cer", b"this is not a certificate\n")
    w("bad/wrong-password.p12", pkcs12.serialize_key_and_certificates(b"x", leaf_key, leaf, None, serialization.BestAvailableEncryption(b"unguessable-9")))
    w("bad/not-a-cert-in-armor.pem", b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n")
    w("passwords.txt", b"wrong-one\ns3cret-p12\n")


if __name__ == "__main__":
    main()

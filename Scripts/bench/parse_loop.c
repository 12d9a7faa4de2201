/* Baseline for `Scripts/bench.sh scan`: the per-core limit of OpenSSL itself.
 * Walks a folder, reads every file, parses every certificate in it (PEM blocks, DER, PKCS#7)
 * with libcrypto on one thread, and extracts what an inventory needs: SHA-256 fingerprint,
 * subject and issuer (RFC 2253), dates, SANs, key type and size. No deduplication.
 * Build: cc -O2 -o parse_loop parse_loop.c -lcrypto     Run: parse_loop DIR
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static long files, certificates, failures;
static unsigned long long checksum;

static void inventory(X509 *x) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    X509_digest(x, EVP_sha256(), md, &mdlen);
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
    X509_NAME_print_ex(b, X509_get_issuer_name(x), 0, XN_FLAG_RFC2253);
    checksum += (unsigned long long)BIO_number_written(b);
    BIO_free(b);
    struct tm t1, t2;
    ASN1_TIME_to_tm(X509_get0_notBefore(x), &t1);
    ASN1_TIME_to_tm(X509_get0_notAfter(x), &t2);
    GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
    if (sans) { checksum += sk_GENERAL_NAME_num(sans); GENERAL_NAMES_free(sans); }
    EVP_PKEY *k = X509_get0_pubkey(x);
    if (k) checksum += EVP_PKEY_get_bits(k) + EVP_PKEY_get_base_id(k);
    checksum += md[0] + t1.tm_year + t2.tm_year;
    certificates++;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)ftw;
    if (type != FTW_F || !S_ISREG(st->st_mode)) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) { failures++; return 0; }
    unsigned char *buf = malloc(st->st_size + 1);
    size_t n = fread(buf, 1, st->st_size, f);
    fclose(f);
    files++;
    if (n > 11 && memcmp(buf, "-----BEGIN ", 11) == 0) {
        BIO *b = BIO_new_mem_buf(buf, (int)n);
        X509 *x;
        while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) { inventory(x); X509_free(x); }
        ERR_clear_error();
        BIO_free(b);
    } else {
        const unsigned char *p = buf;
        X509 *x = d2i_X509(NULL, &p, (long)n);
        if (x) { inventory(x); X509_free(x); }
        else {
            ERR_clear_error();
            p = buf;
            PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)n);
            if (p7 && PKCS7_type_is_signed(p7) && p7->d.sign->cert) {
                for (int i = 0; i < sk_X509_num(p7->d.sign->cert); i++) inventory(sk_X509_value(p7->d.sign->cert, i));
            } else failures++;
            PKCS7_free(p7);
            ERR_clear_error();
        }
    }
    free(buf);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
    nftw(argv[1], visit, 64, FTW_PHYS);
    printf("files=%ld certificates=%ld failures=%ld checksum=%llu\n", files, certificates, failures, checksum);
    return 0;
}

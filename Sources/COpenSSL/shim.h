#ifndef MESHCERT_COPENSSL_SHIM_H
#define MESHCERT_COPENSSL_SHIM_H

// Keep deprecated OpenSSL APIs out of Swift entirely.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/conf.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/prctl.h>
#include <string.h>

// Swift cannot import function-like macros: each one used is wrapped below.

// MARK: memory and BIO
static inline void mc_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline long mc_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

// MARK: stacks
static inline int mc_sk_X509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *mc_sk_X509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline STACK_OF(X509) *mc_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int mc_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
static inline void mc_sk_X509_free(STACK_OF(X509) *s) { sk_X509_free(s); }
static inline void mc_sk_X509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }
static inline int mc_sk_GENERAL_NAME_num(const GENERAL_NAMES *s) { return sk_GENERAL_NAME_num(s); }
static inline GENERAL_NAME *mc_sk_GENERAL_NAME_value(const GENERAL_NAMES *s, int i) { return sk_GENERAL_NAME_value(s, i); }
static inline void mc_GENERAL_NAMES_free(GENERAL_NAMES *s) { GENERAL_NAMES_free(s); }
static inline int mc_sk_ASN1_OBJECT_num(const STACK_OF(ASN1_OBJECT) *s) { return sk_ASN1_OBJECT_num(s); }
static inline ASN1_OBJECT *mc_sk_ASN1_OBJECT_value(const STACK_OF(ASN1_OBJECT) *s, int i) { return sk_ASN1_OBJECT_value(s, i); }
static inline void mc_EXTENDED_KEY_USAGE_free(EXTENDED_KEY_USAGE *s) { sk_ASN1_OBJECT_pop_free(s, ASN1_OBJECT_free); }

// MARK: PKCS#7
static inline int mc_PKCS7_type_is_signed(const PKCS7 *p7) { return PKCS7_type_is_signed(p7); }
static inline STACK_OF(X509) *mc_PKCS7_signed_certs(const PKCS7 *p7) {
    if (p7 == NULL || !PKCS7_type_is_signed(p7) || p7->d.sign == NULL) return NULL;
    return p7->d.sign->cert;
}

// MARK: names
static inline unsigned long mc_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

// MARK: SSL_CTX / SSL macros
static inline int mc_SSL_CTX_set_min_proto_version(SSL_CTX *c, int v) { return (int)SSL_CTX_set_min_proto_version(c, v); }
static inline int mc_SSL_CTX_set_max_proto_version(SSL_CTX *c, int v) { return (int)SSL_CTX_set_max_proto_version(c, v); }
static inline long mc_SSL_CTX_set_mode(SSL_CTX *c, long m) { return SSL_CTX_set_mode(c, m); }
static inline long mc_SSL_CTX_set_session_cache_mode(SSL_CTX *c, long m) { return SSL_CTX_set_session_cache_mode(c, m); }
static inline int mc_SSL_CTX_set1_groups_list(SSL_CTX *c, const char *l) { return (int)SSL_CTX_set1_groups_list(c, l); }
static inline long mc_SSL_CTX_add_extra_chain_cert(SSL_CTX *c, X509 *x) { return SSL_CTX_add_extra_chain_cert(c, x); }
static inline int mc_SSL_set_tlsext_host_name(SSL *s, const char *n) { return (int)SSL_set_tlsext_host_name(s, n); }
static inline int mc_SSL_get_negotiated_group(SSL *s) { return (int)SSL_get_negotiated_group(s); }
static inline uint64_t mc_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline uint64_t mc_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t mc_SSL_OP_IGNORE_UNEXPECTED_EOF(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
static inline long mc_SSL_MODE_AUTO_RETRY(void) { return SSL_MODE_AUTO_RETRY; }
static inline long mc_SSL_SESS_CACHE_OFF(void) { return SSL_SESS_CACHE_OFF; }

// MARK: handshake additions (TLS work appends its wrappers here)

// What a client saw of the server during one connection, filled by the message callback below.
// Lets the handshake engine tell "server asked for a client certificate", "server sent its
// post-handshake flight" and "the peer is not speaking TLS at all" apart without guessing.
typedef struct mc_tls_trace {
    int certificate_request;   // a CertificateRequest arrived
    int session_ticket;        // a NewSessionTicket arrived (TLS 1.3 post-handshake flight)
    int first_record_type;     // content type byte of the first record header received, -1 none
    int alert_received;        // description of the last alert received, -1 none
    int alert_sent;            // description of the last alert we sent, -1 none
    int records_received;      // record headers seen
    int server_hello;          // a ServerHello arrived (a version was negotiated)
} mc_tls_trace;

static inline void mc_tls_trace_callback(int write_p, int version, int content_type, const void *buf,
                                         size_t len, SSL *ssl, void *arg) {
    (void)version; (void)ssl;
    mc_tls_trace *t = (mc_tls_trace *)arg;
    const unsigned char *b = (const unsigned char *)buf;
    if (t == NULL || b == NULL || len == 0) return;
    if (content_type == SSL3_RT_HEADER && !write_p) {
        if (t->records_received == 0) t->first_record_type = b[0];
        t->records_received += 1;
    } else if (content_type == SSL3_RT_HANDSHAKE && !write_p) {
        if (b[0] == SSL3_MT_CERTIFICATE_REQUEST) t->certificate_request = 1;
        if (b[0] == SSL3_MT_NEWSESSION_TICKET) t->session_ticket = 1;
        if (b[0] == SSL3_MT_SERVER_HELLO) t->server_hello = 1;
    } else if (content_type == SSL3_RT_ALERT && len >= 2) {
        if (write_p) t->alert_sent = b[1]; else t->alert_received = b[1];
    }
}

static inline void mc_tls_trace_reset(mc_tls_trace *t) {
    t->certificate_request = 0; t->session_ticket = 0; t->first_record_type = -1;
    t->alert_received = -1; t->alert_sent = -1; t->records_received = 0;
    t->server_hello = 0;
}

static inline void mc_SSL_set_trace(SSL *s, mc_tls_trace *t) {
    SSL_set_msg_callback(s, mc_tls_trace_callback);
    SSL_set_msg_callback_arg(s, t);
}

static inline int mc_TLS1_2_VERSION(void) { return TLS1_2_VERSION; }
static inline int mc_TLS1_3_VERSION(void) { return TLS1_3_VERSION; }
static inline long mc_SSL_CTX_set_max_cert_list(SSL_CTX *c, long n) { return SSL_CTX_set_max_cert_list(c, n); }
static inline int mc_SSL_CTX_set1_client_ca_list_file(SSL_CTX *c, const char *file) {
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(file);
    if (names == NULL) return 0;
    SSL_CTX_set_client_CA_list(c, names);  // takes ownership
    return 1;
}
static inline EVP_PKEY *mc_EVP_EC_gen(const char *curve) { return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve); }
static inline EVP_PKEY *mc_EVP_RSA_gen(unsigned int bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits); }
static inline void mc_X509V3_set_ctx_nodb(X509V3_CTX *ctx) { X509V3_set_ctx_nodb(ctx); }
// Without auto-retry SSL_read returns after every non-application record (KeyUpdate, ticket), so
// the caller's deadline is checked between records: a KeyUpdate storm cannot hold it in SSL_read.
static inline long mc_SSL_CTX_clear_auto_retry(SSL_CTX *c) { return SSL_CTX_clear_mode(c, SSL_MODE_AUTO_RETRY); }

// Stapled OCSP (status_request): ask for it, then read what the server stapled (-1: nothing).
static inline long mc_SSL_request_ocsp_status(SSL *s) { return SSL_set_tlsext_status_type(s, TLSEXT_STATUSTYPE_ocsp); }
static inline long mc_SSL_stapled_ocsp_length(SSL *s) {
    const unsigned char *p = NULL;
    long n = SSL_get_tlsext_status_ocsp_resp(s, &p);
    return p == NULL ? -1 : n;
}

// URIs of a certificate's AIA (OCSP or caIssuers) or CRL distribution points, newline-separated
// into buf (truncated at cap). Returns the length written; 0 when the extension is absent.
static inline void mc_append_uri(char *buf, int cap, int *used, const GENERAL_NAME *gn) {
    if (gn == NULL || gn->type != GEN_URI) return;
    const ASN1_IA5STRING *u = gn->d.uniformResourceIdentifier;
    int n = ASN1_STRING_length(u);
    if (*used + n + 1 >= cap) return;
    if (*used > 0) buf[(*used)++] = '\n';
    memcpy(buf + *used, ASN1_STRING_get0_data(u), (size_t)n);
    *used += n;
}
static inline int mc_X509_access_uris(X509 *x, int method_nid, char *buf, int cap) {
    int used = 0;
    AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
    if (aia == NULL) return 0;
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
        ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
        if (OBJ_obj2nid(ad->method) == method_nid) mc_append_uri(buf, cap, &used, ad->location);
    }
    AUTHORITY_INFO_ACCESS_free(aia);
    return used;
}
static inline int mc_X509_crl_uris(X509 *x, char *buf, int cap) {
    int used = 0;
    STACK_OF(DIST_POINT) *points = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
    if (points == NULL) return 0;
    for (int i = 0; i < sk_DIST_POINT_num(points); i++) {
        DIST_POINT *dp = sk_DIST_POINT_value(points, i);
        if (dp->distpoint == NULL || dp->distpoint->type != 0) continue;
        GENERAL_NAMES *names = dp->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names); j++) mc_append_uri(buf, cap, &used, sk_GENERAL_NAME_value(names, j));
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    return used;
}

// prctl is variadic, which Swift cannot call: the secrets layer turns core dumps off through this.
static inline int mc_prctl_set_not_dumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

#endif

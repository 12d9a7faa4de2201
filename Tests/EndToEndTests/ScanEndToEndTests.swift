import Foundation
import Testing

/// `meshcert scan` as a user runs it: the built binary, its outputs and its exit codes.
@Suite struct ScanEndToEndTests {
    let at = "2026-12-02T00:00:00Z"
    let corpus = "Tests/Fixtures/scan"

    @Test func jsonFollowsTheContract() throws {
        let run = try MeshcertBinary.run(["scan", "Certs/", "--at", at, "--format", "json",
                                          "--pkcs12-password-file", "Certs/pki/pkcs12-password.txt"])
        #expect(run.status == 0)
        let doc = try run.json()
        #expect(doc["schema"] as? String == "meshcert.scan.v1")
        #expect(doc["evaluatedAt"] as? String == at)
        let certificates = try #require(doc["certificates"] as? [[String: Any]])
        #expect(certificates.count == 12)
        let users = try #require(certificates.first { $0["subjectCommonName"] as? String == "users.apps.local" })
        for key in ["sha256", "subject", "subjectCommonName", "issuer", "issuerCommonName", "serial", "notBefore", "notAfter",
                    "validityDays", "keyType", "keyBits", "curve", "signatureAlgorithm", "isCA", "selfSigned", "dnsNames",
                    "ipAddresses", "uris", "emails", "keyUsage", "extendedKeyUsage", "usageMode", "status", "locations",
                    "chain", "findings"] {
            #expect(users.keys.contains(key), "missing \(key)")
        }
        #expect(users["curve"] is NSNull)
        #expect(users["validityDays"] as? Double == 395.0)
        #expect(users["usageMode"] as? String == "GENERAL_PURPOSE")
        #expect(users["keyUsage"] as? [String] == ["digitalSignature", "keyEncipherment"])
        let chain = try #require(users["chain"] as? [String: Any])
        #expect(chain["complete"] as? Bool == true)
        #expect(chain["trusted"] is NSNull)
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["certificates"] as? Int == 12)
        #expect(summary["errors"] as? Int == 0)
        let keys = try #require(doc["keys"] as? [[String: Any]])
        #expect(keys.allSatisfy { ($0["matches"] as? [String])?.count == 1 })
    }

    @Test func csvHasOneRowPerCertificate() throws {
        let run = try MeshcertBinary.run(["scan", "Certs/short-lived", "--at", at, "--format", "csv"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("sha256,subjectCommonName,subject,") == true)
        #expect(lines.count == 5)   // header, CA, three 7-day certificates
        #expect(lines.filter { $0.contains(",SHORT_LIVED,") }.count == 3)
        #expect(run.stdout.contains("\"CN=users.sc.internal,OU=service connect,O=Example Corp,C=US\""), "fields with commas are quoted")
    }

    @Test func prometheusUsesAbsoluteNotAfter() throws {
        let run = try MeshcertBinary.run(["scan", "Certs/short-lived/users.pem", "--at", at, "--format", "prometheus"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("# TYPE x509_cert_not_after gauge"))
        let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("x509_cert_not_after{") })
        #expect(line.contains("subject_CN=\"users.sc.internal\""))
        #expect(line.hasSuffix(" 1796688000"))   // 2026-12-08T00:00:00Z
        #expect(run.stdout.contains("x509_cert_expired{"))
        #expect(run.stdout.contains("x509_read_errors 0"))
    }

    @Test func failOnDecidesTheExitCode() throws {
        #expect(try MeshcertBinary.run(["scan", corpus + "/cases", "--at", at, "--fail-on", "expired"]).status == 1)
        #expect(try MeshcertBinary.run(["scan", corpus + "/formats/leaf.pem", "--at", at, "--fail-on", "expired,weak_key"]).status == 0)
        #expect(try MeshcertBinary.run(["scan", corpus + "/cases", "--at", at, "--fail-on", "error"]).status == 1)
        // Repeated, the lists add up: a later --fail-on does not switch an earlier gate off.
        let later = "2028-01-01T00:00:00Z"
        #expect(try MeshcertBinary.run(["scan", "Certs/short-lived", "--at", later, "--fail-on", "weak_key"]).status == 0)
        #expect(try MeshcertBinary.run(["scan", "Certs/short-lived", "--at", later, "--fail-on", "expired", "--fail-on", "weak_key"]).status == 1)
        // Unreadable files alone do not fail the run, unless asked.
        #expect(try MeshcertBinary.run(["scan", corpus + "/bad", corpus + "/formats/leaf.pem", "--at", at]).status == 0)
        #expect(try MeshcertBinary.run(["scan", corpus + "/bad", corpus + "/formats/leaf.pem", "--at", at, "--fail-on", "unreadable"]).status == 1)
    }

    /// csv and prometheus have no errors list: the unreadable files are named on stderr (and
    /// only there: stdout stays the format), the other formats keep them in their output.
    @Test func csvAndPrometheusNameUnreadableFilesOnStderr() throws {
        for format in ["csv", "prometheus"] {
            let run = try MeshcertBinary.run(["scan", corpus + "/bad", corpus + "/formats/leaf.pem", "--at", at,
                                              "--format", format, "--fail-on", "unreadable"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("meshcert scan: " + corpus + "/bad/truncated.pem: truncated_pem: "), "\(run.stderr)")
            #expect(run.stderr.contains("/bad/garbage.cer: "), "\(run.stderr)")
            #expect(!run.stdout.contains("truncated.pem"))
        }
        #expect(try MeshcertBinary.run(["scan", corpus + "/bad", "--at", at, "--format", "json"]).stderr.contains("truncated.pem") == false)
    }

    @Test func usageErrorsAndNothingReadableExitTwo() throws {
        let unknown = try MeshcertBinary.run(["scan", corpus, "--fail-on", "nonsense"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown code 'nonsense'"))
        let missing = try MeshcertBinary.run(["scan", "/nonexistent/certs"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/certs"))
        let badTime = try MeshcertBinary.run(["scan", corpus, "--at", "yesterday"])
        #expect(badTime.status == 2)
        let unreadable = try MeshcertBinary.run(["scan", corpus + "/bad/truncated.pem", "--at", at])
        #expect(unreadable.status == 2)
        #expect(unreadable.stdout.contains("truncated_pem"))
    }

    /// A mistyped --trust or --crl must not let a `--fail-on untrusted_chain` gate pass: exit 2,
    /// the file named on stderr, the output still written with its trust_* error. The same
    /// gate with the right anchors exits 0, with the wrong ones 1.
    @Test func unusableTrustOrCRLFilesExitTwo() throws {
        let typo = try MeshcertBinary.run(["scan", "Certs/short-lived", "--trust", "Certs/pki/root-ca.pm",
                                           "--fail-on", "untrusted_chain", "--at", at, "--format", "json"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("Certs/pki/root-ca.pm") && typo.stderr.contains("chains not verified"))
        #expect(typo.stdout.contains("\"trust_unreadable\""))
        let crl = try MeshcertBinary.run(["scan", "Certs/short-lived", "--trust", "Certs/short-lived/short-lived-ca.pem",
                                          "--crl", "nosuch.crl", "--at", at])
        #expect(crl.status == 2)
        #expect(crl.stderr.contains("nosuch.crl"))
        let right = try MeshcertBinary.run(["scan", "Certs/short-lived", "--trust", "Certs/short-lived/short-lived-ca.pem",
                                            "--fail-on", "untrusted_chain", "--at", at])
        #expect(right.status == 0, "\(right.stderr)")
        let wrong = try MeshcertBinary.run(["scan", "Certs/short-lived", "--trust", "Certs/pki/root-ca.pem",
                                            "--fail-on", "untrusted_chain", "--at", at])
        #expect(wrong.status == 1)
    }

    @Test func passwordsFromTheEnvironmentAndNeverPrinted() throws {
        let run = try MeshcertBinary.run(["scan", corpus + "/formats/leaf-secret.p12", "--at", at, "--format", "json"],
                                         environment: ["MESHCERT_PKCS12_PASSWORD": "s3cret-p12"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"PKCS12\""))
        let all = try MeshcertBinary.run(["scan", corpus, "--at", at, "--format", "json", "--pkcs12-password-file", corpus + "/passwords.txt"])
        let table = try MeshcertBinary.run(["scan", corpus, "--at", at, "--pkcs12-password-file", corpus + "/passwords.txt"])
        for output in [run.stdout, run.stderr, all.stdout, all.stderr, table.stdout, table.stderr] {
            #expect(!output.contains("s3cret-p12"))
            #expect(!output.contains("wrong-one"))
            #expect(!output.contains("PRIVATE KEY"))
        }
        // No line of any key file's base64 body appears in the output.
        let key = try String(contentsOf: MeshcertBinary.repoRoot.appendingPathComponent(corpus + "/formats/leaf.key"), encoding: .utf8)
        for line in key.split(separator: "\n") where !line.hasPrefix("-----") {
            #expect(!all.stdout.contains(line))
        }
    }
}

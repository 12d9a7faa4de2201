import Foundation
import Testing

/// Messages for inputs a new user gets wrong, found by trying the docs against the binary.
@Suite struct InputMessagesEndToEndTests {
    static let at = ["--at", "2026-12-02T00:00:00Z"]
    static let pca = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555"

    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A device or a FIFO where a file is expected says what it is (it said "it changed while
    /// scanning", which nothing had).
    @Test func notARegularFileSaysWhatItIs() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("anchors.pem").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let device = try MeshcertBinary.run(["verify", "/dev/null", "--trust", "Certs/pki/root-ca.pem"] + Self.at)
        #expect(device.status == 2)
        #expect(device.stderr.contains("/dev/null: peer: a device file, not a regular file; not read"), "\(device.stderr)")
        let pipe = try MeshcertBinary.run(["scan", "Certs/pki", "--trust", fifo, "--format", "json"] + Self.at)
        #expect(pipe.status == 2)
        #expect(pipe.stdout.contains("a named pipe (FIFO), not a regular file; not read"), "\(pipe.stdout.prefix(300))")
        #expect(!pipe.stdout.contains("changed while scanning"))
    }

    /// verify reads PKCS#12 with the same candidate passwords as scan.
    @Test func verifyOpensPKCS12WithAPasswordFile() throws {
        let arguments = ["verify", "Certs/pki/frontend.p12", "--trust", "Certs/pki/root-ca.pem"] + Self.at
        let locked = try MeshcertBinary.run(arguments)
        #expect(locked.status == 2)
        #expect(locked.stderr.contains("Certs/pki/frontend.p12"), "\(locked.stderr)")
        let opened = try MeshcertBinary.run(arguments + ["--pkcs12-password-file", "Certs/pki/pkcs12-password.txt"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.hasPrefix("verified"), "\(opened.stdout.prefix(200))")
        let password = try String(contentsOfFile: MeshcertBinary.repoRoot.appendingPathComponent("Certs/pki/pkcs12-password.txt").path,
                                  encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let fromEnvironment = try MeshcertBinary.run(arguments, environment: ["MESHCERT_PKCS12_PASSWORD": password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(!(opened.stdout + opened.stderr + locked.stderr).contains(password))
    }

    @Test func meshPlanOutMustBeAFolder() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plans").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let run = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn", Self.pca, "--out", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--out \(file): a file, not a folder"), "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func meshPlanChecksTheKMSKey() throws {
        let bad = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn", Self.pca, "--kms-key", "notakey"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--kms-key notakey: expected a KMS key ARN"), "\(bad.stderr)")
        for key in ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/service-connect",
                    "1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab"] {
            let good = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn", Self.pca, "--kms-key", key])
            #expect(good.status == 0, "\(key): \(good.stderr)")
            #expect(good.stdout.contains("\"kmsKey\": \"\(key)\""), "\(key)")
        }
    }

    /// An empty folder is not an error, but it is never silent.
    @Test func anEmptyScanSaysSo() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try MeshcertBinary.run(["scan", dir.path, "--fail-on", "expired"] + Self.at)
        #expect(run.status == 0)
        #expect(run.stderr.contains("meshcert scan: warning: no files found in \(dir.path): nothing was scanned"), "\(run.stderr)")
        let full = try MeshcertBinary.run(["scan", "Certs"] + Self.at)
        #expect(!full.stderr.contains("no files found"))
    }

    @Test func aBadAtNamesBothForms() throws {
        let run = try MeshcertBinary.run(["scan", "Certs", "--at", "@abc"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("nor @EPOCH seconds"), "\(run.stderr)")
    }
}

import MeshcertOpenSSL
import MeshcertSupport

/// Builds an inventory: walk, read and hash every file (in parallel), deduplicate by SHA-256,
/// parse each distinct certificate once (in parallel), then chains, keys and findings.
public enum InventoryScanner {
    public struct MissingPaths: Error, Sendable { public var paths: [String] }

    public static func scan(paths: [String], options: ScanOptions) throws(MissingPaths) -> Inventory {
        let workers = options.workers > 0 ? options.workers : Parallel.cores
        var clock = PhaseClock()

        // 1. Walk.
        var walker = FileWalker(maxFileSize: options.maxFileSize)
        var missing: [String] = []
        for path in paths where !walker.walk(path) { missing.append(path) }
        if !missing.isEmpty { throw MissingPaths(paths: missing) }
        var files: [FilePath] = []
        var errors: [Diagnostic] = []
        for item in walker.items {
            switch item {
            case .file(let path, _): files.append(path)
            case .problem(let e): errors.append(e)
            }
        }

        clock.lap("walk")
        // 2. Read, recognise and hash every file.
        let reader = FileContentsReader(passwords: options.pkcs12Passwords, maxFileSize: options.maxFileSize)

        // 3. Deduplicate as we go, in batches, so only the first copy of each certificate's DER
        //    stays in memory however many files repeat it.
        var order: [String] = []
        var firstDER: [String: [UInt8]] = [:]
        var locations: [String: [Location]] = [:]
        firstDER.reserveCapacity(files.count)   // about one certificate per file: no rehashing as they grow
        locations.reserveCapacity(files.count)
        var keys: [KeyEntry] = []
        var others: [OtherObject] = []
        var skipped = 0
        var oversized = 0   // found too large by the reader: not read, so not counted as files
        let batch = 4096
        for batchStart in stride(from: 0, to: files.count, by: batch) {
            let batchFiles = Array(files[batchStart..<min(files.count, batchStart + batch)])
            let contents = Parallel.map(batchFiles.count, workers: workers) { reader.read(batchFiles[$0]) }
            for c in contents {
                for found in c.certificates {
                    if firstDER[found.sha256] == nil {
                        firstDER[found.sha256] = found.der
                        order.append(found.sha256)
                    }
                    locations[found.sha256, default: []].append(found.location)
                }
                keys += c.keys
                others += c.others
                errors += c.errors
                if c.skipped { skipped += 1 }
                if c.overSizeLimit { oversized += 1 }
            }
        }
        clock.lap("read+hash+dedup")
        // 4. Parse each distinct certificate once.
        // Each worker keeps the issuer names it read last: a CA's leaves share its name.
        var parsed = Parallel.map(order.count, workers: workers, state: { IssuerNameReuse() }) { names, i in
            ParsedCertificate.parse(firstDER[order[i]]!, issuerNames: names)
        }
        var certificates: [ParsedCertificate] = []
        var hashes: [String] = []
        certificates.reserveCapacity(parsed.count)
        hashes.reserveCapacity(parsed.count)
        // Moved out last to first (no copy, with its retains, of every certificate), then put
        // back in order.
        var failures: [(index: Int, error: OpenSSLError)] = []
        var i = parsed.count
        while let result = parsed.popLast() {
            i -= 1
            switch result {
            case .success(let cert):
                certificates.append(cert)
                hashes.append(order[i])
            case .failure(let e):
                failures.append((i, e))
            }
        }
        certificates.reverseInPlace()
        hashes.reverseInPlace()
        for (i, e) in failures.reversed() {
            for location in locations[order[i]] ?? [] {
                errors.append(Diagnostic(file: location.path, code: "invalid_certificate",
                    message: "certificate \(location.index + 1) does not decode: \(e.reason ?? "DER error")"))
            }
        }
        clock.lap("parse+details")
        // 5. Trust anchors from --trust files.
        var anchors: [X509Certificate] = []
        for file in options.trustFiles {
            let c = reader.read(path: file)
            for e in c.errors { errors.append(Diagnostic(file: e.file, code: "trust_" + e.code, message: "--trust: " + e.message)) }
            for found in c.certificates {
                if let cert = try? X509Certificate(der: found.der) { anchors.append(cert) }
            }
            if c.certificates.isEmpty && c.errors.isEmpty {
                errors.append(Diagnostic(file: file, code: "trust_no_certificates", message: "--trust: no certificate in this file"))
            }
        }

        // 6. Chains.
        let (chains, setupError) = ChainBuilder(certificates: certificates, hashes: hashes, anchors: anchors,
                                                evaluatedAt: options.evaluatedAt, policy: options.verification,
                                                workers: workers).build()
        if let setupError {
            errors.append(Diagnostic(file: setupError.file, code: "trust_unreadable_crl",
                                     message: "--crl: \(setupError.message); chains were not verified"))
        }

        clock.lap("chains")
        // 7. Keys: pair by public key, never by file name.
        var byPublicKey: [String: [String]] = [:]
        for i in certificates.indices { byPublicKey[certificates[i].details.publicKeySHA256, default: []].append(hashes[i]) }
        var keyPathsByCert: [String: [String]] = [:]
        for k in keys.indices {
            if let spki = keys[k].info.publicKeySHA256 { keys[k].matches = byPublicKey[spki] ?? [] }
            for sha in keys[k].matches { keyPathsByCert[sha, default: []].append(keys[k].path) }
            keys[k].findings = Findings.forKey(keys[k])
        }

        // 8. Entries with status and findings.
        // Built last to first, each parsed certificate moved out of the list (its details are
        // not copied field by field); the entries are sorted below anyway.
        var entries: [CertificateEntry] = []
        entries.reserveCapacity(certificates.count)
        while let parsed = certificates.popLast() {
            let i = certificates.count
            let d = (consume parsed).details   // moved out, not copied field by field
            let mode = Classification.usageMode(d)
            let status = Classification.status(d, at: options.evaluatedAt, warnDays: options.warnDays)
            var entry = CertificateEntry(sha256: hashes[i], details: d, usageMode: mode, status: status,
                                         locations: locations[hashes[i]] ?? [], chain: chains[i], findings: [],
                                         keyPaths: keyPathsByCert[hashes[i]] ?? [])
            entry.findings = Findings.forCertificate(entry, evaluatedAt: options.evaluatedAt)
            entries.append(entry)
        }
        entries.permute(toOrder: entries.indices.sorted {
            (entries[$0].details.notAfter, entries[$0].sha256) < (entries[$1].details.notAfter, entries[$1].sha256)
        })
        errors.sort { ($0.file, $0.code) < ($1.file, $1.code) }
        keys.sort { $0.path < $1.path }
        others.sort { ($0.path, $0.kind) < ($1.path, $1.kind) }

        clock.lap("entries+findings")
        let summary = Summary(files: files.count - oversized, skipped: skipped, certificates: entries.count, errors: errors.count,
                              locations: entries.reduce(0) { $0 + $1.locations.count }, keys: keys.count)
        return Inventory(evaluatedAt: options.evaluatedAt, certificates: entries, keys: keys,
                         notCertificates: others, errors: errors, summary: summary)
    }
}

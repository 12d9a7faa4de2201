import Foundation

/// A certificate as a probe or a scan saw it (the leaf an endpoint served, or a file held).
public struct SeenCertificate: Sendable, Equatable {
    public var serial: String
    public var sha256: String
    public var notBefore: Int64?
    public var notAfter: Int64?

    public init(serial: String, sha256: String, notBefore: Int64?, notAfter: Int64?) {
        self.serial = serial
        self.sha256 = sha256
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}

/// One distinct certificate of a target's history.
public struct ObservedCertificate: Sendable, Equatable {
    public var serial: String
    public var sha256: String
    public var notBefore: Int64?
    public var notAfter: Int64?
    public var firstSeen: Int64
    public var lastSeen: Int64
}

/// What the history holds of one target: its certificates in the order they were first seen,
/// the one it served last, and how often that changed.
public struct TargetHistory: Sendable, Equatable {
    public var target: String
    /// Times the served certificate changed from one observation (probe or scan) to the next.
    public var changes: Int64
    /// When the last change was seen (nil: never).
    public var lastChange: Int64?
    /// SHA-256 of the certificate served at the last probe that saw one.
    public var current: String?
    public var certificates: [ObservedCertificate]

    public var currentCertificate: ObservedCertificate? { certificates.last { $0.sha256 == current } }
}

/// The durable history of `meshcert watch` (`--state`): SQLite in WAL mode, one transaction
/// per observation, so a `kill -9` loses at most the observation in flight. One connection,
/// used under `lock` (SQLite serialises writers anyway; scrapes read the in-memory metrics).
public final class StateStore: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var db: SQLiteDatabase?

    static let schema = """
        CREATE TABLE IF NOT EXISTS certificates (
            target TEXT NOT NULL, sha256 TEXT NOT NULL, serial TEXT NOT NULL,
            not_before INTEGER, not_after INTEGER, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
            PRIMARY KEY (target, sha256));
        CREATE TABLE IF NOT EXISTS targets (
            target TEXT PRIMARY KEY, current_sha256 TEXT, changes INTEGER NOT NULL DEFAULT 0, last_change INTEGER);
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', 'meshcert.watch.state.v1');
        """

    /// Opens (creating the file and its folder when missing) and switches to WAL.
    /// `readOnly`: `watch history` never creates a file that is not there.
    public init(path: String, readOnly: Bool = false) throws(StateError) {
        self.path = path
        let fm = FileManager.default
        if readOnly {
            guard fm.fileExists(atPath: path) else { throw StateError(path: path, message: "no state database here") }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !fm.fileExists(atPath: folder) {
                do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                    throw StateError(path: path, message: "cannot create the folder \(folder)")
                }
            }
        }
        let db = try SQLiteDatabase(path: path)
        // WAL: readers never block the writer, and a crash mid-write leaves the last commit intact;
        // synchronous=NORMAL is durable against a killed process (not against power loss).
        try db.query("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA synchronous=NORMAL")
        do {
            let tables = try db.query("SELECT count(*) FROM sqlite_master WHERE name = 'certificates'")
            if tables.first?.first?.int == 0 || !readOnly { try db.execute(Self.schema) }
        } catch {
            throw StateError(path: path, message: "not a meshcert state database (\(error.message))")
        }
        self.db = db
    }

    /// Closes the connection (checkpointing the WAL); later calls fail.
    public func close() {
        lock.lock()
        db = nil
        lock.unlock()
    }

    private func withDB<T>(_ body: (SQLiteDatabase) throws(StateError) -> T) throws(StateError) -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let db else { throw StateError(path: path, message: "the state database is closed") }
        return try body(db)
    }

    /// Records that `target` served `certificate` at `at`, in one transaction. Returns whether
    /// the served certificate changed since the previous observation (false for the first).
    @discardableResult
    public func record(target: String, certificate c: SeenCertificate, at: Int64) throws(StateError) -> Bool {
        try record([(target, c)], at: at)[0]
    }

    /// Records several targets' certificates seen at `at` (a scan's files) in one transaction:
    /// one commit per scan, not per file. Returns, in order, whether each target's changed.
    @discardableResult
    public func record(_ seen: [(target: String, certificate: SeenCertificate)], at: Int64) throws(StateError) -> [Bool] {
        try withDB { db throws(StateError) in
            try db.transaction { () throws(StateError) -> [Bool] in
                var changes: [Bool] = []
                changes.reserveCapacity(seen.count)
                for (target, c) in seen { changes.append(try Self.record(db, target: target, certificate: c, at: at)) }
                return changes
            }
        }
    }

    private static func record(_ db: SQLiteDatabase, target: String, certificate c: SeenCertificate, at: Int64) throws(StateError) -> Bool {
        try db.query("""
            INSERT INTO certificates (target, sha256, serial, not_before, not_after, first_seen, last_seen)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
            ON CONFLICT (target, sha256) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)
            """, [.text(target), .text(c.sha256), .text(c.serial), c.notBefore.map(SQLValue.integer) ?? .null,
                  c.notAfter.map(SQLValue.integer) ?? .null, .integer(at)])
        let row = try db.query("SELECT current_sha256 FROM targets WHERE target = ?1", [.text(target)]).first
        let previous = row?.first?.string
        let changed = previous != nil && previous != c.sha256
        if row == nil {
            try db.query("INSERT INTO targets (target, current_sha256) VALUES (?1, ?2)", [.text(target), .text(c.sha256)])
        } else if changed {
            try db.query("UPDATE targets SET current_sha256 = ?2, changes = changes + 1, last_change = ?3 WHERE target = ?1",
                         [.text(target), .text(c.sha256), .integer(at)])
        } else if previous == nil {
            try db.query("UPDATE targets SET current_sha256 = ?2 WHERE target = ?1", [.text(target), .text(c.sha256)])
        }
        return changed
    }

    /// Every target's history (or one target's), targets by name, certificates by first sight.
    public func history(target: String? = nil, lastCertificates: Int? = nil) throws(StateError) -> [TargetHistory] {
        try withDB { db throws(StateError) in
            let targets = try db.query(
                "SELECT target, current_sha256, changes, last_change FROM targets" + (target == nil ? "" : " WHERE target = ?1")
                    + " ORDER BY target", target.map { [.text($0)] } ?? [])
            var out: [TargetHistory] = []
            for t in targets {
                let name = t[0].string ?? ""
                var sql = "SELECT serial, sha256, not_before, not_after, first_seen, last_seen FROM certificates WHERE target = ?1"
                    + " ORDER BY first_seen DESC, rowid DESC"
                if let n = lastCertificates { sql += " LIMIT \(n)" }
                let certs = try db.query(sql, [.text(name)]).reversed().map { r in
                    ObservedCertificate(serial: r[0].string ?? "", sha256: r[1].string ?? "", notBefore: r[2].int, notAfter: r[3].int,
                                        firstSeen: r[4].int ?? 0, lastSeen: r[5].int ?? 0)
                }
                out.append(TargetHistory(target: name, changes: t[2].int ?? 0, lastChange: t[3].int, current: t[1].string,
                                         certificates: Array(certs)))
            }
            return out
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws(StateError) -> String {
        try withDB { db throws(StateError) in
            try db.query("PRAGMA integrity_check").map { $0.first?.string ?? "" }.joined(separator: "\n")
        }
    }

    /// The default `--state`: `$XDG_STATE_HOME/meshcert/watch.db`, else `~/.local/state/meshcert/watch.db`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/meshcert/watch.db" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/meshcert/watch.db"
    }
}

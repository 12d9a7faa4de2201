import CSQLite
import Foundation

/// A SQLite failure, with SQLite's own message and the database path (never a value).
public struct StateError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// One connection to the system SQLite (owns one `sqlite3*`, closed in `deinit` on every
/// path). Used under `StateStore`'s lock only: one thread at a time.
final class SQLiteDatabase {
    private var handle: OpaquePointer?
    let path: String

    init(path: String) throws(StateError) {
        self.path = path
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            throw StateError(path: path, message: "cannot open the state database: \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    func error(_ what: String) -> StateError {
        StateError(path: path, message: "\(what): \(String(cString: sqlite3_errmsg(handle)))")
    }

    func execute(_ sql: String) throws(StateError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw error("SQL failed") }
    }

    /// Runs `sql` with `bindings` (Int64, String, nil) and returns every row as text/integer values.
    @discardableResult
    func query(_ sql: String, _ bindings: [SQLValue] = []) throws(StateError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw error("SQL failed") }
        defer { sqlite3_finalize(statement) }
        for (i, b) in bindings.enumerated() {
            let index = Int32(i + 1)
            switch b {
            case .integer(let v): sqlite3_bind_int64(statement, index, v)
            case .text(let s): sqlite3_bind_text(statement, index, s, -1, mc_sqlite_transient())
            case .null: sqlite3_bind_null(statement, index)
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error("SQL failed") }
            var row: [SQLValue] = []
            for c in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, c)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(statement, c))))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// `body` inside BEGIN IMMEDIATE ... COMMIT; rolled back when it throws.
    func transaction<T>(_ body: () throws(StateError) -> T) throws(StateError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }
}

enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case null

    var int: Int64? { if case .integer(let v) = self { return v }; return nil }
    var string: String? { if case .text(let s) = self { return s }; return nil }
}

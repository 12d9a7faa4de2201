import Foundation
import MeshcertSupport

/// One line per state change to stderr (a target going down or up, a certificate change, an
/// overdue renewal, a scan failing, a reload): `--log-format text` for people, `json` for log
/// pipelines. Fields are values meshcert computed (names, reason codes, serials, times), never
/// file contents or key material.
public final class WatchLog: @unchecked Sendable {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    private let format: Format
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void

    /// By default lines go to stderr with write(2), errors ignored: a closed or full stderr, or a
    /// log reader gone, loses log lines but never stops the exporter (Foundation's FileHandle
    /// write traps on such an error).
    public init(format: Format, write: @escaping @Sendable (String) -> Void = { line in Terminal.warn(line) }) {
        self.format = format
        self.write = write
    }

    /// A field's value: text, or a count (a JSON number in `--log-format json`).
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(Int)
    }

    /// `event` is a stable code (`target_down`, `certificate_changed`...); `fields` in order.
    public func event(_ event: String, at: Int64, _ fields: [(String, String)]) {
        self.event(event, at: at, values: fields.map { ($0.0, Value.text($0.1)) })
    }

    /// As `event(_:at:_:)`, with counts among the fields.
    public func event(_ event: String, at: Int64, values fields: [(String, Value)]) {
        let line: String
        switch format {
        case .text:
            line = Timestamp.format(at) + " " + event + fields.map { field in
                switch field.1 {
                case .text(let s): " \(field.0)=\(Self.quoteIfNeeded(s))"
                case .number(let n): " \(field.0)=\(n)"
                }
            }.joined()
        case .json:
            let object = JSON.object([("time", .string(Timestamp.format(at))), ("event", .string(event))]
                                     + fields.map { field in
                                         switch field.1 {
                                         case .text(let s): (field.0, JSON.string(s))
                                         case .number(let n): (field.0, JSON.int(n))
                                         }
                                     })
            line = object.render(pretty: false)
        }
        lock.lock()
        write(line)
        lock.unlock()
    }

    static func quoteIfNeeded(_ s: String) -> String {
        if !s.isEmpty && !s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

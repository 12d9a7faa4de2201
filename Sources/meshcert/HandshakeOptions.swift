import ArgumentParser
import MeshcertHandshake
import MeshcertOpenSSL
import MeshcertSupport

/// Flag parsing shared by `handshake` and `lab`.
enum HandshakeOptions {
    /// `5s`, `1500ms`: a deadline in seconds.
    static func seconds(_ text: String) throws -> Double {
        guard let s = TimeoutText.seconds(text) else { throw ValidationError("'\(text)' is not a positive duration (5s, 1500ms)") }
        return s
    }

    static func reason(_ text: String) throws -> HandshakeReason {
        guard let r = HandshakeReason(rawValue: text) else {
            throw ValidationError("'\(text)' is not a reason code (\(HandshakeReason.allCodes))")
        }
        return r
    }
}

/// `--jobs` of `handshake` and `lab run`.
struct ConnectionJobsOption: ParsableArguments {
    @Option(help: "Connections in flight at once.")
    var jobs: Int = 4

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}

/// `--timeout` of `handshake` and `lab`: the connect deadline and the handshake deadline, each.
struct HandshakeDeadlineOption: ParsableArguments {
    @Option(help: "Connect deadline and handshake deadline, each (5s, 1500ms).", transform: HandshakeOptions.seconds)
    var timeout: Double = 5
}

extension TLSVersion: ExpressibleByArgument {}

import ArgumentParser

struct Handshake: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handshake",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert handshake is not built yet")
    }
}

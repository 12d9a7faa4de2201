import ArgumentParser

struct Rotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert rotate is not built yet")
    }
}

import ArgumentParser

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert scan is not built yet")
    }
}

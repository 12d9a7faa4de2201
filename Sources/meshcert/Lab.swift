import ArgumentParser

struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert lab is not built yet")
    }
}

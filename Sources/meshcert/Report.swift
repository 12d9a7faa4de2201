import ArgumentParser

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert report is not built yet")
    }
}

import ArgumentParser

struct Mesh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Not built yet."
    )

    func run() throws {
        throw ValidationError("meshcert mesh is not built yet")
    }
}

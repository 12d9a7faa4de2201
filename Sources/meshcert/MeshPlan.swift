import ArgumentParser

struct MeshPlan: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Not built yet.")
    func run() throws { throw ValidationError("meshcert mesh plan is not built yet") }
}

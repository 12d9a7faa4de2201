import ArgumentParser

/// `meshcert mesh`: App Mesh configuration in, Service Connect readiness and plans out.
struct Mesh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Read App Mesh exports, CRDs and CloudFormation: TLS inventory, Service Connect readiness, migration plans.",
        discussion: """
        Reads aws CLI exports and request files, App Mesh controller resources and CloudFormation \
        templates, recognised by content in any folder layout. Inputs, findings and schemas: \
        docs/mesh.md.
        """,
        subcommands: [MeshScan.self, MeshPlan.self]
    )
}

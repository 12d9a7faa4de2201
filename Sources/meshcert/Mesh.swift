import ArgumentParser

/// `meshcert mesh`: App Mesh configuration in, Service Connect readiness and plans out.
struct Mesh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "Read App Mesh exports, CRDs and CloudFormation: TLS inventory, Service Connect readiness, migration plans.",
        discussion: """
        Inputs are recognised by content, in any folder layout, recursively: aws CLI describe-*/list-*
        JSON (Scripts/export-appmesh.sh writes a full export), create-*/update-* --cli-input-json
        request files, App Mesh controller resources (appmesh.k8s.aws/v1beta2 YAML or JSON, with
        Namespaces for meshes chosen by namespaceSelector) and CloudFormation templates
        (AWS::AppMesh::* resources, YAML short tags or JSON Fn::*; parameters resolve to their
        Default, anything known only at deployment is shown as written). Other files are skipped,
        counted by reason (scripts: a #! first line or a .sh name).

          meshcert mesh scan Certs/appmesh
          meshcert mesh scan Certs/appmesh --certs Certs/pki --at 2026-12-02T00:00:00Z --format json
          meshcert mesh plan Certs/appmesh --pca-arn arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/abc --out plans

        Exit codes: 0 done; 1 a --fail-on finding matched; 2 usage error or no App Mesh configuration found.
        """,
        subcommands: [MeshScan.self, MeshPlan.self]
    )
}

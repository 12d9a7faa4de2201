import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

struct MeshPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write the ECS Service Connect configuration of every virtual node, blockers beside it.",
        discussion: """
        For every virtual node, the serviceConnectConfiguration that `aws ecs create-service \
        --service-connect-configuration file://...` accepts, blockers listed beside it, never dropped. \
        Without --out one JSON document (meshcert.mesh.plan.v1) on stdout; with --out DIR one file per \
        node and DIR/summary.json. Field by field: docs/mesh.md.

          meshcert mesh plan Certs/appmesh --pca-arn PCA-ARN
          meshcert mesh plan export/ --pca-arn PCA-ARN --kms-key KEY-ARN --out plans
          aws ecs create-service ... --service-connect-configuration file://plans/...

        Exit codes: 0 plans written; 2 usage error or no App Mesh configuration found.
        """
    )

    @OptionGroup var input: MeshInputOptions

    @Option(help: ArgumentHelp("AWS Private CA (SHORT_LIVED_CERTIFICATE mode) that issues Service Connect certificates.",
                               valueName: "arn"))
    var pcaArn: String

    @Option(help: ArgumentHelp("KMS key for the private keys Service Connect keeps in Secrets Manager.", valueName: "arn"))
    var kmsKey: String?

    @Option(help: ArgumentHelp("IAM role Service Connect uses to issue certificates.", valueName: "arn"))
    var roleArn: String?

    @Option(help: ArgumentHelp("Write one file per virtual node and summary.json here.", valueName: "dir"), completion: .directory)
    var out: String?

    func validate() throws {
        if let problem = ServiceConnectPlanOptions.pcaArnProblem(pcaArn) { throw ValidationError(problem) }
        if let kmsKey, let problem = ServiceConnectPlanOptions.kmsKeyProblem(kmsKey) { throw ValidationError(problem) }
        if let roleArn, !roleArn.hasPrefix("arn:") || !roleArn.contains(":role/") {
            throw ValidationError("--role-arn \(roleArn): expected arn:aws:iam::ACCOUNT:role/NAME")
        }
    }

    func run() throws {
        let options = ServiceConnectPlanOptions(pcaArn: pcaArn, kmsKey: kmsKey, roleArn: roleArn)
        StandardOutput.print(try MeshCommand.plan(try input.analyze(), options: options, out: out))
    }
}

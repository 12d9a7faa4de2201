import ArgumentParser
import Foundation
import MeshcertAppMesh
import MeshcertSupport

struct MeshPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Write the ECS Service Connect configuration of every virtual node, blockers beside it.",
        discussion: """
        For every virtual node: the serviceConnectConfiguration that `aws ecs create-service
        --service-connect-configuration file://...` accepts. Namespace from the Cloud Map namespace,
        discoveryName from the Cloud Map service, portName and clientAliases from the listener (the alias
        is the virtual service name clients call today), TLS from --pca-arn (--kms-key, --role-arn), and
        the listener's idle and per-request timeouts in whole seconds. Blockers (mutual TLS, weighted
        or match routing) are listed beside each plan, never dropped.

        Without --out: one JSON document (schema meshcert.mesh.plan.v1) on stdout.
        With --out DIR: DIR/<mesh>/<node>.json holding exactly the serviceConnectConfiguration object,
        and DIR/summary.json with blockers, warnings and notes per node.

        Examples:
          meshcert mesh plan Certs/appmesh --pca-arn arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/sl-1
          meshcert mesh plan export/ --pca-arn ARN --kms-key arn:aws:kms:eu-west-1:111122223333:key/k \\
              --role-arn arn:aws:iam::111122223333:role/ecs-sc-tls --out plans
          aws ecs create-service ... --service-connect-configuration file://plans/shop/users.json

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

    @Option(help: ArgumentHelp("Write one file per virtual node and summary.json here.", valueName: "dir"))
    var out: String?

    func validate() throws {
        guard pcaArn.hasPrefix("arn:"), pcaArn.contains(":acm-pca:"), pcaArn.contains(":certificate-authority/") else {
            throw ValidationError("--pca-arn \(pcaArn): expected arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/ID")
        }
        if let kmsKey, kmsKey.isEmpty { throw ValidationError("--kms-key is empty") }
        if let roleArn, !roleArn.hasPrefix("arn:") || !roleArn.contains(":role/") {
            throw ValidationError("--role-arn \(roleArn): expected arn:aws:iam::ACCOUNT:role/NAME")
        }
    }

    func run() throws {
        let prices = try input.prices()
        let config = try input.load()
        let result = MeshAnalyzer.analyze(config, prices: prices, tasksPerService: input.tasksPerService)
        let options = ServiceConnectPlanOptions(pcaArn: pcaArn, kmsKey: kmsKey, roleArn: roleArn)
        let plans = ServiceConnectPlanner.plan(result, options: options)
        guard let out else {
            print(MeshPlanDocument(plans, result: result, options: options).render())
            return
        }
        let files = try ServiceConnectPlanFiles.write(plans, result: result, options: options, to: out)
        var table = TextTable(header: ["MESH", "NODE", "FILE", "READY", "BLOCKERS"])
        for (i, plan) in plans.enumerated() {
            table.add([plan.mesh, plan.node, files[i] ?? "", plan.ready ? "yes" : "no",
                       plan.blockers.map(\.code).joined(separator: ", ")])
        }
        print(table.render())
        print("\(plans.count) plan(s) in \(out), \(plans.filter(\.ready).count) ready; blockers, warnings and notes in \(out)/summary.json")
    }
}

import Foundation
import MeshcertSupport

/// `mesh plan --out DIR`: one Service Connect configuration file per virtual node
/// (`DIR/MESH/NODE.json`) and `DIR/summary.json` (meshcert.mesh.plan.v1 naming each file).
public enum ServiceConnectPlanFiles {
    /// Writes the files; returns each plan's file, relative to `directory`, by plan index.
    /// A file that cannot be written is a `CommandFailure` naming it (exit 2).
    @discardableResult
    public static func write(_ plans: [ServiceConnectPlan], result: MeshScanResult, options: ServiceConnectPlanOptions,
                             to directory: String) throws(CommandFailure) -> [Int: String] {
        if FileProblem.isFolder(directory) == false {
            throw CommandFailure("--out \(directory): a file, not a folder")
        }
        var files: [Int: String] = [:]
        var used = Set<String>()
        for (i, plan) in plans.enumerated() {
            // Names come from the input: keep them to one safe path component each.
            let mesh = pathComponent(plan.mesh), node = pathComponent(plan.node)
            var relative = "\(mesh)/\(node).json"
            var n = 2
            while !used.insert(relative).inserted { relative = "\(mesh)/\(node)-\(n).json"; n += 1 }
            try write(plan.configuration.render() + "\n", to: directory + "/" + relative)
            files[i] = relative
        }
        try write(MeshPlanDocument(plans, result: result, options: options, files: files).render() + "\n",
                  to: directory + "/summary.json")
        return files
    }

    static func pathComponent(_ name: String) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        return safe.isEmpty || safe == "." || safe == ".." ? "_" : safe
    }

    private static func write(_ text: String, to path: String) throws(CommandFailure) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        } catch {
            throw CommandFailure("cannot write \(path): \(FileProblem.reason(error, writing: path))")
        }
    }
}

import Foundation
import MeshcertAppMesh
import MeshcertSupport

/// Reads a snapshot folder into an `AWSWorld`, finding every output through `SnapshotManifest`
/// (never by path). A missing or corrupt output becomes a `SnapshotProblem` naming the file and
/// the rest is still read; only an unreadable snapshot.json stops the reading.
public enum SnapshotReader {
    public static func read(directory: String) throws -> (manifest: SnapshotManifest, world: AWSWorld) {
        let manifest = try manifest(directory: directory)
        var reader = Reading(directory: directory, manifest: manifest)
        reader.readAll()
        return (manifest, reader.world)
    }

    /// DIR/snapshot.json, decoded; a `CommandFailure` (exit 2) naming the file and the reason.
    public static func manifest(directory: String) throws -> SnapshotManifest {
        let path = directory + "/snapshot.json"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("\(directory): no such snapshot folder")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("\(path): missing or unreadable (not a snapshot folder written by meshcert aws snapshot?)")
        }
        let json: JSON
        do { json = try JSON.parse([UInt8](data)) } catch {
            throw CommandFailure("\(path): not JSON (\(error))")
        }
        guard json["schema"]?.stringValue == SnapshotManifest.schema else {
            throw CommandFailure("\(path): not a meshcert snapshot (schema \(SnapshotManifest.schema) expected)")
        }
        do { return try JSONValueDecoder().decode(SnapshotManifest.self, from: json) } catch let error as DecodingError {
            throw CommandFailure("\(path): \(error.fieldDescription)")
        }
    }

    struct Reading {
        let directory: String
        let manifest: SnapshotManifest
        var world = AWSWorld()

        mutating func readAll() {
            for call in manifest.calls where call.status != .ok {
                let what = Self.callName(call)
                let reason = call.error.map { "\($0.code): \($0.message)" } ?? "no reason given"
                if call.status == .failed {
                    world.problems.append(SnapshotProblem(code: "call_failed", call: what,
                        message: "\(what) (\(call.region)) failed, so what it reads is missing: \(reason)"))
                } else {
                    world.problems.append(SnapshotProblem(code: "call_skipped", call: what,
                        message: "\(what) (\(call.region)) not implemented by the endpoint: \(reason)"))
                }
            }
            readAppMesh()
            for out in outputs(ListCertificateAuthoritiesOutput.self, "acm-pca", "list-certificate-authorities") {
                world.certificateAuthorities += out.certificateAuthorities
            }
            for out in outputs(DescribeCertificateOutput.self, "acm", "describe-certificate") { world.certificates.append(out.certificate) }
            for out in outputs(DescribeClustersOutput.self, "ecs", "describe-clusters") { world.clusters += out.clusters }
            for out in outputs(DescribeServicesOutput.self, "ecs", "describe-services") { world.services += out.services }
            for out in outputs(DescribeTaskDefinitionOutput.self, "ecs", "describe-task-definition") {
                world.taskDefinitions[out.taskDefinition.taskDefinitionArn] = out.taskDefinition
            }
            for out in outputs(ListNamespacesOutput.self, "servicediscovery", "list-namespaces") { world.namespaces += out.namespaces }
            for out in outputs(ListCloudMapServicesOutput.self, "servicediscovery", "list-services") { world.cloudMapServices += out.services }
            for out in outputs(ListResourceRecordSetsOutput.self, "route53", "list-resource-record-sets") { world.recordSets += out.recordSets }
            for out in outputs(DescribeLoadBalancersOutput.self, "elbv2", "describe-load-balancers") { world.loadBalancers += out.loadBalancers }
            for out in outputs(DescribeTargetGroupsOutput.self, "elbv2", "describe-target-groups") { world.targetGroups += out.targetGroups }
            for out in outputs(DescribeListenersOutput.self, "elbv2", "describe-listeners") { world.listeners += out.listeners }
            for (call, out) in keyedOutputs(DescribeRulesOutput.self, "elbv2", "describe-rules") {
                world.rulesByListener[call.key ?? "", default: []] += out.rules
            }
        }

        static func parseError(_ bytes: [UInt8]) -> String? {
            do { _ = try JSON.parse(bytes); return nil } catch { return "\(error)" }
        }

        static func callName(_ call: SnapshotCall) -> String {
            "\(call.service) \(call.operation)" + (call.key.map { " \($0)" } ?? "")
        }

        /// The decoded outputs of one operation's ok calls; each file that is missing, not JSON or
        /// not of the expected shape is a problem naming it.
        mutating func outputs<T: Decodable>(_ type: T.Type, _ service: String, _ operation: String) -> [T] {
            keyedOutputs(type, service, operation).map(\.1)
        }

        /// `outputs`, each with its call (for its key).
        mutating func keyedOutputs<T: Decodable>(_ type: T.Type, _ service: String, _ operation: String) -> [(SnapshotCall, T)] {
            var out: [(SnapshotCall, T)] = []
            for call in manifest.calls(service: service, operation: operation) where call.status == .ok {
                guard let bytes = bytes(of: call) else { continue }
                let file = call.file ?? ""
                let json: JSON
                do { json = try JSON.parse(bytes) } catch {
                    world.problems.append(SnapshotProblem(code: "corrupt_file", file: file, call: Self.callName(call),
                        message: "\(directory)/\(file): not JSON (\(error)); what \(Self.callName(call)) read is missing"))
                    continue
                }
                do { out.append((call, try JSONValueDecoder().decode(T.self, from: json))) } catch let error as DecodingError {
                    world.problems.append(SnapshotProblem(code: "unexpected_shape", file: file, call: Self.callName(call),
                        message: "\(directory)/\(file): not the aws CLI's \(service) \(operation) output: \(error.fieldDescription)"))
                } catch {
                    world.problems.append(SnapshotProblem(code: "unexpected_shape", file: file, call: Self.callName(call),
                        message: "\(directory)/\(file): \(error)"))
                }
            }
            return out
        }

        /// The bytes of an ok call's file; a problem when the manifest names none or it cannot be read.
        mutating func bytes(of call: SnapshotCall) -> [UInt8]? {
            guard let file = call.file else {
                world.problems.append(SnapshotProblem(code: "missing_file", call: Self.callName(call),
                    message: "snapshot.json lists \(Self.callName(call)) as ok but names no file"))
                return nil
            }
            let path = directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                world.problems.append(SnapshotProblem(code: exists ? "unreadable_file" : "missing_file", file: file, call: Self.callName(call),
                    message: "\(path): \(exists ? "cannot be read" : "missing"); what \(Self.callName(call)) read is missing"))
                return nil
            }
            return [UInt8](data)
        }

        /// Every ok App Mesh output, given to the App Mesh loader as `meshcert mesh scan` gets them.
        mutating func readAppMesh() {
            var paths: [String] = []
            for call in manifest.calls where call.service == "appmesh" && call.status == .ok {
                guard let file = call.file else { continue }
                // The loader skips what is not App Mesh-shaped without a word: a truncated file
                // is said here, naming it.
                guard let bytes = bytes(of: call) else { continue }
                if let error = Self.parseError(bytes) {
                    world.problems.append(SnapshotProblem(code: "corrupt_file", file: file, call: Self.callName(call),
                        message: "\(directory)/\(file): not JSON (\(error)); what \(Self.callName(call)) read is missing"))
                    continue
                }
                paths.append(directory + "/" + file)
            }
            guard !paths.isEmpty else { return }
            world.appMesh = AppMeshLoader.load(paths: paths)
            let prefix = directory + "/"
            for error in world.appMesh.errors {
                let file = error.file.hasPrefix(prefix) ? String(error.file.dropFirst(prefix.count)) : error.file
                world.problems.append(SnapshotProblem(code: error.code == "not_json" ? "corrupt_file" : "appmesh_unreadable", file: file,
                                                      message: error.description))
            }
        }
    }
}

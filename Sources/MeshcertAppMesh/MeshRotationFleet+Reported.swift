import MeshcertRotation
import MeshcertSupport

extension MeshRotationFleet {
    /// `--from-mesh` for the command line: the services, with every message printed to stderr;
    /// `CommandFailure.reported()` (exit 2) when the inputs hold no virtual node, several meshes,
    /// or a mesh document that does not read.
    public static func reportedServices(paths: [String], base: [Service], tasks: Int) throws -> [Service] {
        do throws(Failure) {
            let built = try services(paths: paths, base: base, tasks: tasks)
            for w in built.warnings { Terminal.warn("meshcert: " + w) }
            return built.services
        } catch {
            for w in error.warnings { Terminal.warn("meshcert: " + w) }
            Terminal.warn("meshcert: " + error.message)
            throw CommandFailure.reported()
        }
    }
}

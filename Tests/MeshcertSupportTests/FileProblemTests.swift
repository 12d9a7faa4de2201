import Foundation
import Testing
@testable import MeshcertSupport

/// File errors in words a user can act on, never Foundation's "The operation could not be completed".
@Suite struct FileProblemTests {
    @Test func whyAFileCannotBeRead() throws {
        #expect(FileProblem.unreadable("/no/such/file.yaml") == "does not exist")
        #expect(FileProblem.unreadable(NSTemporaryDirectory()) == "is a folder, not a file")
    }

    @Test func whyAFileCannotBeWritten() throws {
        let folder = NSTemporaryDirectory()
        do {
            try "x".write(toFile: folder, atomically: true, encoding: .utf8)
            Issue.record("writing over a folder succeeded")
        } catch {
            #expect(FileProblem.reason(error, writing: folder) == "is a folder, not a file")
            #expect(!FileProblem.reason(error, writing: folder).contains("could not be completed"))
        }
        let missing = "/no/such/folder/timeline.svg"
        do {
            try "x".write(toFile: missing, atomically: true, encoding: .utf8)
            Issue.record("writing into a missing folder succeeded")
        } catch {
            #expect(FileProblem.reason(error, writing: missing) == "the folder /no/such/folder does not exist")
        }
    }
}

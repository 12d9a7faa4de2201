import Testing
@testable import MeshcertAWS

/// Standard error of failed aws CLI (1.45) calls, as printed (captured against moto and a closed
/// port), and what the snapshot makes of each.
@Suite struct SnapshotErrorClassificationTests {
    @Test func accessDeniedIsAFailureWithTheServiceCode() {
        let e = AWSCLIError.classify(standardError: """

            An error occurred (AccessDeniedException) when calling the ListCertificates operation: User: arn:aws:iam::123456789012:user/meshcert-test is not authorized to perform: acm:ListCertificates because no identity-based policy allows it

            """)
        #expect(e.kind == .failed)
        #expect(e.code == "AccessDeniedException")
        #expect(e.message.hasPrefix("User: arn:aws:iam::123456789012:user/meshcert-test is not authorized"))
    }

    @Test(arguments: ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "429"])
    func throttlingCodesAreRetried(code: String) {
        let e = AWSCLIError.classify(standardError: "\nAn error occurred (\(code)) when calling the ListServices operation (reached max retries: 0): Rate exceeded\n")
        #expect(e.kind == .throttled)
        #expect(e.code == code)
        #expect(e.message == "Rate exceeded")
    }

    @Test func anEmulatorsNotFoundPageIsSkippedAsNotImplemented() {
        let e = AWSCLIError.classify(standardError: """

            An error occurred (404) when calling the ListVirtualGateways operation: <!doctype html>
            <html lang=en>
            <title>404 Not Found</title>
            <h1>Not Found</h1>
            <p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>

            """)
        #expect(e.kind == .notImplemented)
        #expect(e.code == "not_implemented")
        #expect(e.message == "404: 404 Not Found")
    }

    @Test func anOperationTheCLIDoesNotKnowIsSkipped() {
        let e = AWSCLIError.classify(standardError: """

            usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
            To see help text, you can run:

              aws help

            Invalid choice: 'list-cluster', maybe you meant:

              * list-clusters
            """)
        #expect(e.kind == .notImplemented)
        #expect(e.code == "not_implemented")
    }

    @Test func transportAndCredentialProblemsHaveTheirOwnCodes() {
        let refused = AWSCLIError.classify(standardError: "\nCould not connect to the endpoint URL: \"http://127.0.0.1:1/\"\n")
        #expect(refused.kind == .failed && refused.code == "endpoint_unreachable")
        #expect(refused.message == "Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"")
        let read = AWSCLIError.classify(standardError: "\nRead timeout on endpoint URL: \"http://127.0.0.1:4000/\"\n")
        #expect(read.code == "endpoint_unreachable")
        let noCredentials = AWSCLIError.classify(standardError: "Unable to locate credentials. You can configure credentials by running \"aws configure\".\n")
        #expect(noCredentials.kind == .failed && noCredentials.code == "no_credentials")
        let noProfile = AWSCLIError.classify(standardError: "\nThe config profile (nope) could not be found\n")
        #expect(noProfile.code == "no_credentials")
    }

    @Test func otherServiceErrorsAreFailuresAndMessagesStayOneShortLine() {
        let e = AWSCLIError.classify(standardError: "\nAn error occurred (ResourceNotFoundException) when calling the DescribeCertificate operation: "
            + String(repeating: "x", count: 500) + "\nsecond line\n")
        #expect(e.kind == .failed && e.code == "ResourceNotFoundException")
        #expect(e.message.count <= 300 && !e.message.contains("\n"))
        let unknown = AWSCLIError.classify(standardError: "")
        #expect(unknown.code == "cli_failed")
    }

    @Test func fileNamesAreSafeAndKeepTheResourceId() {
        #expect(SnapshotFileName.safe("arn:aws:ecs:eu-west-1:123456789012:task-definition/frontend-blue:3") == "frontend-blue_3")
        #expect(SnapshotFileName.safe("arn:aws:acm-pca:eu-west-1:1:certificate-authority/1b49180f-b687") == "1b49180f-b687")
        #expect(SnapshotFileName.safe("users.apps.local") == "users.apps.local")
        #expect(SnapshotFileName.safe("..") == "_")
    }
}

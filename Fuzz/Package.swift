// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for meshcert's readers, built only by Scripts/fuzz.sh with
// `-sanitize=fuzzer,address`. libFuzzer's runtime provides `main`.
let package = Package(
    name: "meshcert-fuzz",
    dependencies: [.package(name: "meshcert", path: "..")],
    targets: [
        .executableTarget(name: "FuzzCertificateLoader", dependencies: [
            .product(name: "MeshcertInventory", package: "meshcert"),
            .product(name: "MeshcertOpenSSL", package: "meshcert"),
        ]),
        .executableTarget(name: "FuzzAppMesh", dependencies: [.product(name: "MeshcertAppMesh", package: "meshcert")]),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "MeshcertRotation", package: "meshcert")]),
        .executableTarget(name: "FuzzHandshakePlan", dependencies: [.product(name: "MeshcertHandshake", package: "meshcert")]),
    ]
)

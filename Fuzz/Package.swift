// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for meshcert's readers, built only by Scripts/fuzz.sh with
// `-sanitize=fuzzer,address`. Each main.swift hands over to libFuzzer (FuzzSupport).
let package = Package(
    name: "meshcert-fuzz",
    dependencies: [.package(name: "meshcert", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzCertificateLoader", dependencies: [
            "FuzzSupport",
            .product(name: "MeshcertInventory", package: "meshcert"),
            .product(name: "MeshcertOpenSSL", package: "meshcert"),
        ]),
        .executableTarget(name: "FuzzDistinguishedName", dependencies: [
            "FuzzSupport", .product(name: "MeshcertOpenSSL", package: "meshcert"),
        ]),
        .executableTarget(name: "FuzzAppMesh", dependencies: ["FuzzSupport", .product(name: "MeshcertAppMesh", package: "meshcert")]),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzSupport", .product(name: "MeshcertRotation", package: "meshcert")]),
        .executableTarget(name: "FuzzHandshakePlan", dependencies: ["FuzzSupport", .product(name: "MeshcertHandshake", package: "meshcert")]),
        .executableTarget(name: "FuzzWatchConfig", dependencies: ["FuzzSupport", .product(name: "MeshcertWatch", package: "meshcert")]),
    ]
)

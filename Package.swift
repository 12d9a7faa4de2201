// swift-tools-version:6.0
import PackageDescription

// Layout: one library target per job, a thin `meshcert` executable on top.
// Only MeshcertOpenSSL imports the C module; everything above speaks Swift types.
let package = Package(
    name: "meshcert",
    products: [
        .executable(name: "meshcert", targets: ["meshcert"]),
        // Libraries, for embedding and for the fuzzing package in Fuzz/.
        .library(name: "MeshcertOpenSSL", targets: ["MeshcertOpenSSL"]),
        .library(name: "MeshcertInventory", targets: ["MeshcertInventory"]),
        .library(name: "MeshcertAppMesh", targets: ["MeshcertAppMesh"]),
        .library(name: "MeshcertRotation", targets: ["MeshcertRotation"]),
        .library(name: "MeshcertHandshake", targets: ["MeshcertHandshake"]),
        .library(name: "MeshcertVerify", targets: ["MeshcertVerify"]),
        .library(name: "MeshcertWatch", targets: ["MeshcertWatch"]),
        .library(name: "MeshcertAWS", targets: ["MeshcertAWS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `meshcert watch`'s HTTP server: the event loop, HTTP/1 parsing and idle timeouts.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // `meshcert aws snapshot`: runs the aws CLI with timeouts (the child is killed on expiry).
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // System OpenSSL 3 (libssl, libcrypto): module map + one shim header.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Shared plain-Swift helpers: the one JSON layer and the one YAML layer, diagnostics,
        // time parsing/formatting, durations, CSV/table output.
        .target(name: "MeshcertSupport", dependencies: [.product(name: "Yams", package: "Yams")]),
        // OpenSSL wrappers (one owning class per C object) and the certificate model.
        .target(name: "MeshcertOpenSSL", dependencies: ["COpenSSL", "MeshcertSupport"]),
        // `meshcert scan`: file walking, format detection, dedup, chains, findings.
        .target(name: "MeshcertInventory", dependencies: ["MeshcertOpenSSL", "MeshcertSupport"]),
        // `meshcert mesh`: App Mesh model (AWS exports, Kubernetes CRDs), readiness, plans; the
        // rotation fleet of `rotate --from-mesh` (MeshcertRotation stays free of App Mesh).
        .target(name: "MeshcertAppMesh", dependencies: [
            "MeshcertInventory", "MeshcertRotation", "MeshcertSupport",
        ]),
        // `meshcert rotate`: short-lived rotation simulator. Pure Swift: no OpenSSL here.
        .target(name: "MeshcertRotation", dependencies: ["MeshcertSupport"]),
        // `meshcert handshake` and `meshcert lab`: real OpenSSL handshakes and diagnosis.
        .target(name: "MeshcertHandshake", dependencies: ["MeshcertOpenSSL", "MeshcertSupport"]),
        .target(name: "MeshcertVerify", dependencies: ["MeshcertInventory", "MeshcertOpenSSL", "MeshcertSupport"]),
        // System SQLite 3 (libsqlite3-dev): the history of `meshcert watch`. Only MeshcertWatch imports it.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // `meshcert watch`: the long-running exporter (config, scheduling, SQLite history,
        // metrics pages, HTTP server) over the scanner and the handshake engine.
        .target(name: "MeshcertWatch", dependencies: [
            "CSQLite", "MeshcertInventory", "MeshcertHandshake", "MeshcertOpenSSL", "MeshcertSupport",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // `meshcert aws`: the live account through the aws CLI (snapshot), and the blue/green
        // migration tracker read from a snapshot (status). No OpenSSL: certificates arrive as PEM.
        .target(name: "MeshcertAWS", dependencies: [
            "MeshcertAppMesh", "MeshcertSupport", .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        // `meshcert report`: the joined HTML/JSON migration report. It runs the components itself
        // (MigrationReport.run), so it depends on exactly the libraries its files import.
        .target(name: "MeshcertReport", dependencies: [
            "MeshcertInventory", "MeshcertAppMesh", "MeshcertAWS", "MeshcertRotation", "MeshcertHandshake", "MeshcertSupport",
        ]),
        .executableTarget(name: "meshcert", dependencies: [
            "MeshcertInventory", "MeshcertAppMesh", "MeshcertRotation", "MeshcertHandshake", "MeshcertReport",
            "MeshcertVerify", "MeshcertWatch", "MeshcertAWS", "MeshcertOpenSSL", "MeshcertSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "MeshcertSupportTests", dependencies: ["MeshcertSupport"]),
        .testTarget(name: "MeshcertOpenSSLTests", dependencies: ["MeshcertOpenSSL"]),
        .testTarget(name: "MeshcertInventoryTests", dependencies: ["MeshcertInventory", "MeshcertOpenSSL", "MeshcertSupport"]),
        .testTarget(name: "MeshcertAppMeshTests", dependencies: ["MeshcertAppMesh", "MeshcertInventory", "MeshcertRotation", "MeshcertSupport"]),
        .testTarget(name: "MeshcertRotationTests", dependencies: ["MeshcertRotation", "MeshcertSupport"]),
        .testTarget(name: "MeshcertHandshakeTests", dependencies: ["MeshcertHandshake", "MeshcertOpenSSL", "MeshcertSupport", "COpenSSL"]),
        .testTarget(name: "MeshcertReportTests", dependencies: [
            "MeshcertReport", "MeshcertInventory", "MeshcertAppMesh", "MeshcertRotation", "MeshcertHandshake", "MeshcertSupport",
        ]),
        .testTarget(name: "MeshcertAWSTests", dependencies: ["MeshcertAWS", "MeshcertAppMesh", "MeshcertSupport"]),
        .testTarget(name: "MeshcertWatchTests", dependencies: ["MeshcertWatch", "MeshcertHandshake", "MeshcertOpenSSL", "MeshcertSupport"]),
        // Runs the built `meshcert` binary end to end (the dependency only orders the build).
        .testTarget(name: "EndToEndTests", dependencies: ["meshcert"]),
    ]
)

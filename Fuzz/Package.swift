// swift-tools-version: 6.0
// Fuzz target for the spec parser (issue 6). Not part of the main package, so `make test` never
// builds it. Build and run (Linux, this toolchain):
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//   .build/release/SpecFuzz Corpus -max_total_time=600
import Foundation
import PackageDescription

/// The main package's identity is its directory's name (e.g. "main" or "synverify").
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "SpecFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "SpecFuzz", dependencies: [.product(name: "SynVerify", package: mainPackage)])
    ],
    swiftLanguageModes: [.v6]
)

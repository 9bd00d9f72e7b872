// swift-tools-version: 6.0
// Fuzz targets for the spec parser (issue 6) and the trace readers (issue 23). Not part of the
// main package; `make fuzz-smoke` (run by .ci/run) builds them and runs each for a short while.
// Build and run (Linux, this toolchain):
//   cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
//   .build/release/SpecFuzz Corpus -max_total_time=600
//   .build/release/TraceFuzz TraceCorpus -max_total_time=600 -rss_limit_mb=2048
import Foundation
import PackageDescription

/// The main package's identity is its directory's name (e.g. "main" or "synverify").
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent

let package = Package(
    name: "SpecFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "SpecFuzz", dependencies: ["FuzzDriver", .product(name: "SynVerify", package: mainPackage)]),
        .executableTarget(
            name: "TraceFuzz", dependencies: ["FuzzDriver", .product(name: "SynVerify", package: mainPackage)]),
    ],
    swiftLanguageModes: [.v6]
)

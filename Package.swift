// swift-tools-version: 6.2
import PackageDescription

/// LLVM's SLP (straight-line) vectoriser off; see the SynModels target.
let noSLPVectorizer: [SwiftSetting] = [.unsafeFlags(["-Xllvm", "-vectorize-slp=false"])]

let package = Package(
    name: "SynVerify",
    products: [
        .executable(name: "synverify", targets: ["synverify"]),
        // Other packages depend on the kernels, the GSL layer and the report writer through this.
        .library(
            name: "SynVerify",
            targets: [
                "SynKernels", "SynModels", "SynIntegrators", "SynVerification", "SynVerifyGSL", "SynReports", "SynSpec",
                "SynFiles",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Public API

        /// Closed-form synaptic and neuron kernels, their parameters, units and the catalogue.
        .target(name: "SynKernels", dependencies: ["SynVerifyGSL"]),
        /// Integration engine: GSL steppers and simulator methods, events, threshold crossings.
        .target(name: "SynIntegrators", dependencies: ["SynVerifyGSL"]),
        /// The model catalogue: ODEs paired with their closed forms.
        /// Built without LLVM's SLP vectoriser, like the C baselines (`-fno-slp-vectorize`): it
        /// packs a right-hand side's independent products into one `mulpd` with shuffles around
        /// it, which lengthens the chain from y to dy/dt that every stepper waits on (the LIF
        /// benchmark: 1.08–1.11× plain C with it, 1.02–1.07× without; results are bit for bit the
        /// same, since SLP only packs identical IEEE operations). Tools version 6.2 lets packages
        /// that depend on SynVerify by version accept this flag.
        .target(name: "SynModels", dependencies: ["SynKernels", "SynIntegrators"], swiftSettings: noSLPVectorizer),
        /// The verification engine: errors, peaks, rates, convergence orders, tolerance studies.
        .target(name: "SynVerification", dependencies: ["SynModels", "SynIntegrators", "SynKernels", "SynVerifyGSL"]),
        /// Users' model specs: the expression language, units, symbolic Jacobians.
        .target(
            name: "SynSpec",
            dependencies: [
                "SynKernels", "SynIntegrators", "SynModels", "SynVerifyGSL", "SynSystem",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        /// Renders results as text: markdown pages, SVG plots, JSON, JUnit. Pure functions of the
        /// results: it reads no file and runs nothing.
        .target(name: "SynReports", dependencies: ["SynKernels", "SynModels", "SynIntegrators", "SynVerification"]),
        /// Every file format SynVerify reads or writes besides spec files: suite files,
        /// baselines, shard outcomes, results.json, report directories.
        .target(
            name: "SynFiles",
            dependencies: [
                "SynKernels", "SynModels", "SynIntegrators", "SynVerification", "SynReports", "SynSpec", "SynSystem",
                "SynVerifyGSL", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        /// The command-line tool; `run()` methods are thin calls into the libraries.
        .executableTarget(
            name: "synverify",
            dependencies: [
                "SynKernels", "SynModels", "SynIntegrators", "SynVerification", "SynReports", "SynSpec", "SynFiles",
                "SynSystem", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// Every file, directory, process and library-loading call of the product
        /// (`FileSystem.swift`, `Process.swift`), as apple/swift-system keeps its syscalls.
        // prctl (variadic, so not imported by Swift) for SynSystem's child processes.
        .target(name: "CSystem"),
        .target(name: "SynSystem", dependencies: ["CSystem"]),
        /// The only Swift target that imports `CGSL`: every `gsl_*` call goes through it.
        .target(name: "SynVerifyGSL", dependencies: ["CGSL"]),
        /// Plain-C baselines for the benchmark (the same GSL routines, called from C). Built
        /// without SLP vectorisation: clang packs the RK4's two divisions into one `divpd`, which
        /// joins the two components' dependency chains and makes the C baseline about 1.5x slower
        /// (10.0 instead of 6.6 ns per evaluation); the scalar code is the fairer, faster baseline.
        .target(name: "CBenchmarks", dependencies: ["CGSL"], cSettings: [.unsafeFlags(["-fno-slp-vectorize"])]),
        /// Prints performance figures: Swift engine against the C baselines (`make bench`).
        .executableTarget(
            name: "synverify-bench",
            dependencies: [
                "CBenchmarks", "SynIntegrators", "SynModels", "SynVerifyGSL", "SynSpec", "SynSystem", "SynVerification",
                "SynFiles",
            ]),
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),

        // MARK: - Tests

        /// Shared test helpers: the repository root, sample suite rows.
        .target(name: "SynTestSupport", dependencies: ["SynReports"], path: "Tests/SynTestSupport"),
        .testTarget(name: "SynKernelsTests", dependencies: ["SynTestSupport", "SynKernels", "SynVerifyGSL"]),
        .testTarget(name: "SynIntegratorsTests", dependencies: ["SynIntegrators", "SynModels", "SynKernels", "SynVerifyGSL"]),
        .testTarget(name: "SynVerificationTests", dependencies: ["SynVerification", "SynIntegrators", "SynModels", "SynKernels", "SynVerifyGSL"]),
        .testTarget(
            name: "SynSpecTests",
            dependencies: [
                "SynTestSupport", "SynSpec", "SynModels", "SynIntegrators", "SynVerification", "SynVerifyGSL", "SynKernels",
            ]),
        .testTarget(
            name: "SynReportsTests",
            dependencies: ["SynTestSupport", "SynReports", "SynVerification", "SynModels", "SynIntegrators", "SynVerifyGSL", "SynFiles"],
            exclude: ["Golden"]),
        .testTarget(name: "SynSystemTests", dependencies: ["SynSystem"]),
        .testTarget(
            name: "SynFilesTests",
            dependencies: ["SynTestSupport", 
                "SynFiles", "SynReports", "SynVerification", "SynModels", "SynIntegrators", "SynVerifyGSL", "SynSpec",
                "SynSystem", .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(
            name: "SynVerifyCLITests",
            dependencies: ["synverify", "SynKernels", "SynReports", "SynFiles", "SynTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

import ArgumentParser
import SynReports
import SynVerification
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the verification suite and write the report: README.md (summary), results.json, kernels.md.",
        discussion: "Without --suite, the built-in suite (the same as data/suite.yaml) runs."
    )

    @Option(help: "Directory to write into.")
    var output: String = "Reports"

    @Option(help: ArgumentHelp("Suite file (YAML).", valueName: "file.yaml"))
    var suite: String?

    @Flag(help: "No progress output.")
    var quiet = false

    func run() throws {
        let chosen = try suite.map { path throws in try SuiteFile.parse(readText(path), file: path) } ?? VerificationSuite.builtIn
        let showProgress = !quiet && isatty(2) != 0
        let results = try SuiteRunner.run(chosen) { index, total, model, method in
            if showProgress { writeToStandardError("\r[\(index + 1)/\(total)] \(model) with \(method)\u{1B}[K") }
        }
        if showProgress { writeToStandardError("\r\u{1B}[K") }
        try ReportWriter.writeAtomically(KernelReport.render(), named: "kernels.md", in: output)
        try ReportWriter.writeAtomically(SuiteReport.overview(results), named: "README.md", in: output)
        try ReportWriter.writeAtomically(SuiteReport.json(results).serialized(pretty: true) + "\n", named: "results.json", in: output)
        if !quiet { print("wrote \(output)/README.md, results.json, kernels.md") }
    }
}

/// The whole text of a file, or a one-line error naming it.
func readText(_ path: String) throws -> String {
    guard let file = fopen(path, "rb") else {
        throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n > 0 { bytes += buffer[0..<n] }
        if n < buffer.count { break }
        guard bytes.count <= 16 << 20 else { throw ValidationError("cannot read \(path): larger than 16 MiB") }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw ValidationError("cannot read \(path): not UTF-8 text") }
    return text
}

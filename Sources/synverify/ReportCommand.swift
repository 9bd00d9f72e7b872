import ArgumentParser
import Foundation
import SynReports
import SynSpec
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

    @Option(help: "Worker threads (1 … 64); the report does not depend on it.")
    var jobs: Int = 1

    @Flag(help: "No progress and no summary line.")
    var quiet = false

    @Flag(help: "One line per model × method on stderr: verdict, max error, order.")
    var verbose = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: \(jobs) is out of range: allowed 1 … 64") }
        guard !(quiet && verbose) else { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    func run() throws {
        let chosen =
            try suite.map { path throws in try SuiteFile.parse(readText(path), file: path, readSpec: readText) }
            ?? VerificationSuite.builtIn
        let clock = ContinuousClock()
        let started = clock.now
        let showProgress = !quiet && !verbose && isatty(2) != 0
        let results = try SuiteRunner.run(chosen, jobs: jobs) { index, total, model, method in
            if showProgress {
                let width = 30
                let filled = width * (index + 1) / max(total, 1)
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                writeToStandardError("\r[\(bar)] \(index + 1)/\(total) \(model) with \(method)\u{1B}[K")
            }
        }
        if showProgress { writeToStandardError("\r\u{1B}[K") }
        if verbose {
            for r in results {
                let order = r.measuredOrder.map { " order \(NumberFormat.significant($0, digits: 3))" } ?? ""
                let error = r.maxError.map { " max error \(NumberFormat.significant($0, digits: 3))" } ?? ""
                writeToStandardError(
                    "\(r.model) with \(r.method): \(r.passed ? (r.knownWrong ? "caught" : "pass") : "FAIL")\(error)\(order)\n"
                )
            }
        }
        let specs = chosen.entries.compactMap { entry in
            entry.custom.flatMap { custom in
                (custom.model as? SpecModel).map { ModelPage.Description(spec: $0, path: custom.path) }
            }
        }
        let files = SuiteReport.files(results, fi: try FICurvesPage.measure(), specs: specs)
        try ReportDirectory.replace(output, with: files)
        if !quiet {
            // The wall time goes to the terminal only, never into the report.
            let elapsed = (clock.now - started).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            print(
                "wrote \(files.count) files to \(output)/ (README.md first): \(results.count) model × method rows in \(NumberFormat.fixed(seconds, decimals: 1)) s with \(jobs) job(s)"
            )
        }
    }
}

/// Builds the new report beside the old one and swaps it in only when complete, so a failing
/// or interrupted run leaves the previous report intact. Replaces only a directory that is
/// missing or holds a SynVerify report (a results.json or kernels.md), never another one.
enum ReportDirectory {
    static func replace(_ output: String, with files: [ModelPage.File]) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: output)
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            let looksLikeReport =
                manager.fileExists(atPath: target.appendingPathComponent("results.json").path)
                || manager.fileExists(atPath: target.appendingPathComponent("kernels.md").path)
            guard isDirectory.boolValue, looksLikeReport else {
                throw ValidationError(
                    "--output \(output) exists and is not a SynVerify report directory (no results.json or kernels.md); choose another"
                )
            }
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous")
        do {
            try? manager.removeItem(at: staging)
            try? manager.removeItem(at: previous)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            if exists { try manager.moveItem(at: target, to: previous) }
            try manager.moveItem(at: staging, to: target)
            try? manager.removeItem(at: previous)
        } catch {
            try? manager.removeItem(at: staging)
            if !manager.fileExists(atPath: target.path) && manager.fileExists(atPath: previous.path) {
                try? manager.moveItem(at: previous, to: target)
            }
            throw ValidationError("cannot write the report to \(output): \(error.localizedDescription)")
        }
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
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw ValidationError("cannot read \(path): not UTF-8 text")
    }
    return text
}

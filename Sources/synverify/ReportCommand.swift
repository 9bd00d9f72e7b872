import ArgumentParser
import SynReports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the markdown report (Reports/kernels.md)."
    )

    @Option(help: "Directory to write into.")
    var output: String = "Reports"

    func run() throws {
        let path = try ReportWriter.writeAtomically(KernelReport.render(), named: "kernels.md", in: output)
        print("wrote \(path)")
    }
}

import Foundation
import Testing
import SynKernels
import SynReports

@Suite("Kernel report")
struct ReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("rendering is deterministic")
    func deterministic() {
        #expect(KernelReport.render() == KernelReport.render())
    }

    @Test("every correct kernel has a section and every known-wrong one a discrepancy row")
    func coverage() {
        let text = KernelReport.render()
        for entry in KernelCatalog.entries {
            switch entry.correctness {
            case .correct: #expect(text.contains("## \(entry.name)\n"), "\(entry.name)")
            case .knownWrong: #expect(text.contains("| `\(entry.name)` |"), "\(entry.name)")
            }
        }
    }

    /// The committed report is the generated one: a visitor sees current results.
    @Test("committed Reports/kernels.md is up to date (make report regenerates it)")
    func committedReportCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("Reports/kernels.md"), encoding: .utf8)
        #expect(committed == KernelReport.render(), "Reports/kernels.md is stale: run `make report`")
    }

    @Test("number formatter: %g style, locale-free")
    func numbers() {
        #expect(NumberFormat.significant(18.59910480500552) == "18.5991")
        #expect(NumberFormat.significant(1e-22) == "1e-22")
        #expect(NumberFormat.significant(-0.0) == "0")
        #expect(NumberFormat.significant(.nan) == "—")
        #expect(JSONValue.format(0.1) == "0.1")
        #expect(JSONValue.format(.infinity) == "null")
    }

    @Test("JSON strings are escaped")
    func escaping() {
        #expect(JSONValue.string("a\"b\\c\nd\u{1}").serialized() == #""a\"b\\c\nd\u0001""#)
        #expect(JSONValue.object([("k", .array([.number(1), .integer(2), .null]))]).serialized() == #"{"k":[1.0,2,null]}"#)
    }
}

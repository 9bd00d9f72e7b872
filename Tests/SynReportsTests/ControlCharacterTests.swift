import Foundation
import SynVerification
import Testing

@testable import SynReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Text from outside (an engine's error line with colour codes, a bell, a backspace) never makes
/// the gate's JUnit invalid XML or garbles its markdown (issue 23).
@Suite("Control characters from outside")
struct ControlCharacterTests {
    static let coloured = "\u{1B}[31mboom\u{1B}[0m: bad\u{07}\u{08} value\tthere"

    @Test("colour codes and C0 controls are removed; tabs become spaces")
    func stripped() {
        #expect(Self.coloured.withoutControlCharacters == "boom: bad value there")
        #expect("a\nb".withoutControlCharacters == "a\nb")
        #expect("é ≤ τ".withoutControlCharacters == "é ≤ τ")
    }

    @Test("JUnit XML with an engine's coloured error parses; the markdown row stays one row")
    func gateOutputs() throws {
        let regression = RegressionGate.Regression(
            row: "exp / brian2:rk4", measure: "verdict", before: "pass", after: "fail: engine failed: \(Self.coloured)",
            allowed: "pass")
        let outcomes = [RegressionGate.Outcome(row: "exp / brian2:rk4", regressions: [regression], new: false)]
        let xml = GateReport.junit(outcomes)
        let document = try XMLDocument(data: Data(xml.utf8))
        #expect(document.rootElement()?.name == "testsuites")
        #expect(xml.contains("boom: bad value there"))
        let markdown = GateReport.markdown(outcomes, baseline: "b.json")
        #expect(!markdown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}

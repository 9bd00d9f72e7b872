import Foundation
import Testing

/// `compare --trace` and `convergence --trace` from the command line (issue 16): a trace written
/// here by a hand loop (forward Euler on g′ = −g/τ, τ = 2 ms, g(0) = 5 nS), bad ones exit 2.
@Suite("Traces on the command line")
struct TraceCommandTests {
    static func euler(_ h: Double) throws -> String {
        var g = 5.0
        var rows = ["t [ms],g [nS]"]
        for k in 0...Int((50 / h).rounded()) {
            rows.append("\(Double(k) * h),\(g)")
            g += h * (-g / 2)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-euler-\(h)-\(getpid()).csv")
        try rows.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("compare --trace judges the file; convergence --trace measures order 1; bad traces exit 2 with one line")
    func traces() throws {
        let fine = try Self.euler(0.05)
        let compare = try CLI.run(["compare", "exp", "--trace", fine, "--json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let object = try CLI.json(compare.stdout)
        #expect((object["method"] as? String) == "trace \(fine)")
        let order = try CLI.run(
            ["convergence", "exp", "--nominal-order", "1"]
                + [0.2, 0.1, 0.05].flatMap { ["--trace", "\($0)ms=\(try Self.euler($0))"] }
                + ["--json"])
        #expect(order.status == 0, "\(order.stderr)")
        let measured = try #require(try CLI.json(order.stdout)["order"] as? Double)
        #expect(abs(measured - 1) <= 0.05, "\(measured)")
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("cli-bad-\(getpid()).csv")
        try "t,g\n0,5\n0,4\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["compare", "exp", "--trace", bad.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(bad.path):3: time 0.0 ms does not increase"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let both = try CLI.run(["convergence", "exp", "--method", "euler", "--trace", "0.1ms=\(fine)"])
        #expect(both.status == 2 && both.stderr.contains("not both"))
    }
}

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

    /// g = 5e^(−t/2) nS at 0, 25 and 50 ms: exact values, but nothing in between is verified.
    @Test("a sparse trace is refused with exit 2 and one line naming the gap and the bound")
    func sparse() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-sparse-\(getpid()).csv")
        try "t,g\n0,5\n25,\(5 * exp(-12.5))\n50,\(5 * exp(-25.0))\n".write(to: url, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["compare", "exp", "--trace", url.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(
            refused.stderr.contains(
                "trace \(url.path) leaves a gap of 25 ms (from 0 to 25 ms); at most 1 ms is allowed"),
            "\(refused.stderr)")
    }

    /// NEST's DC membrane (τ = 10 ms, C = 250 pF, I = 1000 pA, threshold 15 mV) from a spec with
    /// a numeric reference, recorded every 0.1 ms: v = 40(1 − e^(−t/10)) mV until the spike at
    /// 10 ln(8/5) ms, then held at 0 (refractory). Its spike is written beside the trace as
    /// TRACE.spikes at the end of the step it was detected in (4.8 ms): with --dt 0.1ms the spike
    /// is held to that step and passes; with a spike file one step off, the trace's own crossing
    /// disagrees and the row fails.
    @Test("TRACE.spikes beside a trace is read without --spike-file, and --dt sets the spike tolerance")
    func spikesBeside() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-spikes-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec = directory.appendingPathComponent("dc.yaml")
        try """
        name: dc
        equations: |
          dv/dt = -v/tau + I/C : mV (unless refractory)
        parameters: {tau: 10 ms, C: 250 pF, I: 1000 pA}
        threshold: v > 15*mV
        reset: v = 0*mV
        refractory: 100 ms
        reference: numeric
        t_end: 10 ms
        """.write(to: spec, atomically: true, encoding: .utf8)
        let rise = 10 * log(8.0 / 5)
        let rows = (0...100).map { k -> String in
            let t = Double(k) * 0.1
            return "\(t),\(t <= rise ? 40 * -expm1(-t / 10) : 0)"
        }
        let trace = directory.appendingPathComponent("dc.csv")
        try ("t,v\n" + rows.joined(separator: "\n")).write(to: trace, atomically: true, encoding: .utf8)
        try "4.8\n".write(to: URL(fileURLWithPath: trace.path + ".spikes"), atomically: true, encoding: .utf8)
        let held = try CLI.run(["compare", spec.path, "--trace", trace.path, "--dt", "0.1ms", "--json"])
        #expect(held.status == 0, "\(held.stderr)")
        let object = try CLI.json(held.stdout)
        #expect(object["verdict"] as? String == "pass", "\(object["reasons"] ?? "")")
        #expect((object["spikes_ms"] as? [Double]) == [4.8])
        try "4.9\n".write(to: URL(fileURLWithPath: trace.path + ".spikes"), atomically: true, encoding: .utf8)
        let off = try CLI.json(
            try CLI.run(["compare", spec.path, "--trace", trace.path, "--dt", "0.1ms", "--json"]).stdout)
        #expect(off["verdict"] as? String == "fail")
        #expect(
            (off["reasons"] as? [String])?.first?.contains("is not where the trace's v crosses the threshold") == true)
    }
}

import Foundation
import Testing

@Suite("synverify solve, end to end")
struct SolveCommandTests {
    /// Closed form by hand: g(t) = w·e^(−t/τ) summed over spikes; with w = 5 nS, τ = 2 ms and
    /// spikes at 0 and 5 ms, g(5) = 5e^(−2.5) + 5 (the jump at 5 included).
    @Test("JSON has model, method, options, at, values per variable, spikes and work")
    func json() throws {
        let result = try CLI.run([
            "solve", "exp", "--method", "rk8pd", "--eps-abs", "1e-12", "--eps-rel", "1e-12",
            "--spikes", "0,5ms", "--t-end", "10", "--at", "0,5,10", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(object["model"] as? String == "exp")
        #expect(object["method"] as? String == "rk8pd")
        let options = try #require(object["options"] as? [String: Any])
        #expect(options["mode"] as? String == "adaptive")
        #expect(options["eps_abs"] as? Double == 1e-12)
        #expect(object["at"] as? [Double] == [0, 5, 10])
        let values = try #require(object["values"] as? [String: [Double]])
        let g = try #require(values["g"])
        #expect(g[0] == 5)
        #expect(abs(g[1] - (5 * exp(-2.5) + 5)) <= 1e-10)
        let work = try #require(object["work"] as? [String: Any])
        #expect(work["events_applied"] as? Int == 2)
        for key in [
            "rhs_evaluations", "jacobian_evaluations", "accepted_steps", "rejected_steps", "smallest_step",
            "largest_step", "last_step", "threshold_crossings",
        ] {
            #expect(work[key] != nil, "missing \(key)")
        }
        #expect(object["spikes"] as? [Double] == [])
    }

    @Test("threshold crossings are reported as spikes; fixed-step simulator methods need --dt")
    func spikesAndFixedStep() throws {
        let adaptive = try CLI.json(
            try CLI.run(["solve", "lif-coba", "--method", "rkf45", "--t-end", "100", "--json"]).stdout)
        #expect(((adaptive["spikes"] as? [Double]) ?? []).count > 0)
        let fixed = try CLI.run(["solve", "lif-coba", "--method", "euler", "--dt", "0.1ms", "--t-end", "100", "--json"])
        #expect(fixed.status == 0)
        #expect((try CLI.json(fixed.stdout)["options"] as? [String: Any])?["dt"] as? Double == 0.1)
    }

    @Test(
        "bad input exits 2 with one line",
        arguments: [
            (["solve", "exp", "--method", "nope"], "unknown method"),
            (["solve", "exp", "--method", "bsimp", "--control", "zz"], "unknown control"),
            (["solve", "lif-sine", "--method", "euler"], "dt"),
            (["solve", "exp", "--eps-abs", "-1"], "eps_abs"),
            (["solve", "exp", "--t-end", "-5"], "t_end"),
            (["solve", "exp", "--at", "500", "--t-end", "10"], "output time"),
            (["solve", "lif-coba", "--spikes", "1"], "no spike train"),
            (["solve", "nope"], "unknown"),
        ])
    func badInput(_ input: ([String], String)) throws {
        let result = try CLI.run(input.0)
        #expect(result.status == 2, "\(input.0): \(result.status) \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(input.0): \(result.stderr)")
        #expect(result.stderr.contains(input.1), "\(input.0): \(result.stderr)")
    }

    @Test("a stiff solve that exhausts its step budget is an error, not a hang")
    func budget() throws {
        let result = try CLI.run([
            "solve", "lif-coba", "--method", "rk2", "--eps-abs", "1e-14", "--eps-rel", "0", "--max-steps", "100",
            "--json",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("step count exceeded"))
    }
}

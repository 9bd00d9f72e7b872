import Foundation
import Testing

@Suite("synverify compare / convergence / tolerance / rate, end to end")
struct VerificationCommandTests {
    /// dualexp-peak: g = w·k·(e^(−t/τ2) − e^(−t/τ1))/(1 − τ1/τ2)-shaped, peak-normalised so that its
    /// maximum is exactly w = 100 nS at t* = τ1τ2/(τ2 − τ1)·ln(τ2/τ1) = (480/52)·ln 7.5 ms (by hand).
    @Test("compare --json: the peak at (480/52) ln 7.5 ms and 100 nS, rk8pd's error within its bound, pass")
    func comparePass() throws {
        let result = try CLI.run([
            "compare", "dualexp-peak", "--method", "rk8pd", "--eps-abs", "1e-12", "--eps-rel", "1e-12", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(object["model"] as? String == "dualexp-peak")
        #expect(object["method"] as? String == "rk8pd")
        let peakTime = 480.0 / 52 * log(7.5)
        let peak = try #require(object["peak"] as? [String: Double])
        #expect(abs((peak["analytic_time"] ?? 0) - peakTime) <= 1e-12)
        #expect(abs((peak["analytic_value"] ?? 0) - 100) <= 1e-12)
        #expect(abs((peak["numeric_time"] ?? 0) - peakTime) <= 1e-6, "\(peak)")
        #expect(abs((peak["numeric_value"] ?? 0) - 100) <= 1e-9, "\(peak)")
        // rk8pd at 1e-12 on a 100 nS curve: far inside N·D, and far from the round-off floor too.
        let metrics = try #require(object["metrics"] as? [String: Any])
        let error = try #require(metrics["max_abs_error"] as? Double)
        #expect(error > 0 && error <= 1e-9, "\(error)")
        let work = try #require(object["work"] as? [String: Any])
        #expect(try #require(work["accepted_steps"] as? Int) > 0)
        #expect(object["verdict"] as? String == "pass")
        #expect((object["reasons"] as? [String])?.isEmpty == true)
    }

    /// 2.47988 ms = (8·60/52 − 8)·ln 7.5, by hand (the claimed τ1·ln(τ2/τ1) against the true peak).
    @Test("compare on a known-wrong variant: verdict fail with reason, exit status 0")
    func compareKnownWrong() throws {
        let result = try CLI.run(["compare", "dualexp-peak-seed-peak", "--method", "rk8pd", "--json"])
        #expect(result.status == 0)
        let object = try CLI.json(result.stdout)
        #expect(object["verdict"] as? String == "fail")
        #expect((object["reasons"] as? [String])?.first?.hasPrefix("wrong peak time by 2.47988 ms") == true)
        #expect((object["known_wrong"] as? [String: String])?["correct_model"] == "dualexp-peak")
        #expect(object["holds"] as? Bool == true)  // caught, as the spec claims
        let correct = try CLI.json(try CLI.run(["compare", "dualexp-peak", "--method", "rk8pd", "--json"]).stdout)
        #expect(correct["verdict"] as? String == "pass" && correct["holds"] as? Bool == true)
        let wrong = try CLI.json(
            try CLI.run(["compare", "dualexp-peak", "--method", "euler", "--dt", "1", "--json"]).stdout)
        #expect(wrong["verdict"] as? String == "fail" && wrong["holds"] as? Bool == false)
    }

    @Test("convergence --json: steps, errors, pairwise orders, fitted and expected order, exclusions")
    func convergence() throws {
        let result = try CLI.run([
            "convergence", "nmda-kinetics", "--method", "classic_rk4", "--dt", "0.1,0.08,0.0625,0.05,0.04", "--t-end",
            "20", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect((object["steps"] as? [Double])?.count == 5)
        #expect((object["pairwise_orders"] as? [Double])?.count == 4)
        #expect(abs((object["order"] as? Double ?? 0) - 4) <= 0.2)
        #expect(object["expected_order"] as? Int == 4)
        #expect(object["excluded"] is [Any])
    }

    @Test("tolerance --json: eps, errors, rhs_evals, slope")
    func tolerance() throws {
        let result = try CLI.run([
            "tolerance", "dualexp-peak", "--method", "rkf45", "--eps", "1e-4,1e-6,1e-8", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(object["eps"] as? [Double] == [1e-4, 1e-6, 1e-8])
        #expect((object["errors"] as? [Double])?.count == 3)
        #expect((object["rhs_evals"] as? [Int])?.count == 3)
        #expect(object["slope"] is Double)
    }

    @Test("rate --json: analytic and numeric rate per current, threshold handling stated")
    func rate() throws {
        let result = try CLI.run([
            "rate", "--method", "rk8pd", "--eps-abs", "1e-12", "--eps-rel", "0", "--at", "0.5nA,1nA", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect((object["threshold_handling"] as? String)?.contains("Brent") == true)
        let rows = try #require(object["rates"] as? [[String: Any]])
        #expect(rows.count == 2)
        for row in rows {
            let error = try #require(row["error_hz"] as? Double)
            #expect(abs(error) <= 1e-9)
        }
    }

    @Test("convergence --svg and tolerance --svg / --work-precision-svg write labelled log–log plots")
    func plots() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-plots-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let convergence = try CLI.run(
            ["convergence", "dualexp-peak", "--method", "classic_rk4", "--svg", "plots/convergence.svg"], in: directory)
        #expect(convergence.status == 0, "\(convergence.stderr)")
        let svg = try String(contentsOf: directory.appendingPathComponent("plots/convergence.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("step size dt (ms)") && svg.contains("max |error| of g (nS)"))
        #expect(svg.contains("classic_rk4 (fitted order 4.01)") && svg.contains("slope 4 (nominal)"))
        let tolerance = try CLI.run(
            [
                "tolerance", "dualexp-peak", "--method", "rk8pd", "--eps", "1e-4,1e-6,1e-8",
                "--svg", "tolerance.svg", "--work-precision-svg", "work.svg",
            ], in: directory)
        #expect(tolerance.status == 0, "\(tolerance.stderr)")
        let proportionality = try String(contentsOf: directory.appendingPathComponent("tolerance.svg"), encoding: .utf8)
        #expect(
            proportionality.contains("slope 1 (error ∝ eps)")
                && proportionality.contains("tolerance eps = eps_abs = eps_rel (1)"))
        let work = try String(contentsOf: directory.appendingPathComponent("work.svg"), encoding: .utf8)
        #expect(work.contains("right-hand-side evaluations (count)"))
        #expect(work.components(separatedBy: "<circle").count - 1 == 3)
        let compare = try CLI.run(
            ["compare", "dualexp-peak", "--method", "rk4", "--svg", "trace.svg", "--error-svg", "error.svg"],
            in: directory)
        #expect(compare.status == 0, "\(compare.stderr)")
        let trace = try String(contentsOf: directory.appendingPathComponent("trace.svg"), encoding: .utf8)
        #expect(
            trace.contains(">closed form</text>") && trace.contains(">t (ms)</text>")
                && trace.contains(">g (nS)</text>"))
        // rk4's errors on this model span more than two decades (about 1e-12 to 2e-8 nS): log axis.
        let error = try String(contentsOf: directory.appendingPathComponent("error.svg"), encoding: .utf8)
        #expect(error.contains(">|error| of g (nS)</text>") && error.contains(">1e-8</text>"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("trace.svg"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("error.svg"))
        // No temporary files are left beside the plots.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["plots", "tolerance.svg", "work.svg"])
    }

    @Test(
        "bad input to the verification commands exits 2",
        arguments: [
            (["compare", "nope"], "unknown model"),
            (["convergence", "exp", "--method", "euler", "--dt", "0.1"], "at least two"),
            (["tolerance", "exp", "--method", "euler"], "adaptive GSL stepper"),
            (["tolerance", "exp", "--method", "rk8pd", "--eps", "2"], "--eps"),
            (["rate", "--at", "1mV"], "--at"),
            (
                ["convergence", "exp", "--method", "euler", "--svg", "/nonexistent-synverify/dir/c.svg"],
                "cannot write /nonexistent-synverify/dir"
            ),
        ])
    func badInput(_ input: ([String], String)) throws {
        let result = try CLI.run(input.0)
        #expect(result.status == 2, "\(input.0): \(result.status)")
        #expect(result.stderr.contains(input.1), "\(input.0): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

@Suite("synverify stiffness / fi, end to end")
struct StiffnessAndFICommandTests {
    @Test("stiffness --json reports the three mean steps and both ratios")
    func stiffness() throws {
        let object = try CLI.json(try CLI.run(["stiffness", "lif-nmda", "--json"]).stdout)
        #expect(object["rkf45_mean_step"] is Double)
        #expect((object["rk4imp_over_rkf45"] as? Double ?? 0) > 5)
        // Exercise 1 (Jacobian by hand since it was added) is not stiff by the same-order measure.
        let exercise = try CLI.json(try CLI.run(["stiffness", "exercise1", "--json"]).stdout)
        #expect((exercise["rk4imp_over_rkf45"] as? Double ?? 99) < 5)
    }

    @Test("fi --json: 700 neurons by default, precise rates within 1e-9 Hz")
    func fi() throws {
        let result = try CLI.run(["fi", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(object["neurons"] as? Int == 700)
        #expect((object["worst_isi_rate_error_hz"] as? Double ?? 1) <= 1e-9)
        #expect((object["neuron_rates"] as? [Any])?.count == 700)
    }

    @Test("fi --svg: one marker per neuron and shunt colour, one legend entry for the closed-form family")
    func fiPlot() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-fi-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CLI.run(["fi", "--currents", "20", "--shunts", "0,30nS", "--svg", path])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        // 2 shunts × 20 currents markers, plus 2 legend markers.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 42)
        #expect(svg.components(separatedBy: ">closed form</text>").count - 1 == 1)
        #expect(
            svg.contains(">g_shunt = 30 nS</text>") && svg.contains(">input current I (pA)</text>")
                && svg.contains(">firing rate (Hz)</text>"))
    }

    @Test(
        "fi refuses precise thresholds with Euler and bad sizes",
        arguments: [
            ["fi", "--method", "euler", "--threshold", "precise"], ["fi", "--currents", "1"], ["fi", "--dt", "-1"],
            ["fi", "--shunts", "5mV"],
        ])
    func fiBad(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

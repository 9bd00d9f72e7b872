import Foundation
import SynKernels
import SynReports
import Testing

@testable import synverify

@Suite("synverify kernel / list / report, end to end")
struct KernelCommandTests {
    @Test("parses as root with options and flags")
    func parsing() throws {
        let command = try SynVerifyCommand.parseAsRoot(["kernel", "exp", "--param", "tau=5ms", "--at", "0,1", "--json"])
        let kernel = try #require(command as? KernelCommand)
        #expect(kernel.name == "exp")
        #expect(kernel.parameters == ["tau=5ms"])
        #expect(kernel.json)
    }

    @Test("help text names every subcommand")
    func help() {
        let help = SynVerifyCommand.helpMessage()
        for name in ["list", "kernel", "report"] { #expect(help.contains(name)) }
    }

    /// Hand derivation: the peak-normalised dual exponential with τ1 = 8 ms, τ2 = 60 ms peaks at
    /// exactly w = 0.1 nS·1000 = 100 nS (0.1uS) at t* = 8·60/52·ln(60/8) ms.
    @Test("--json has the documented fields, units converted, shortest round-trip numbers")
    func kernelJSON() throws {
        let result = try CLI.run([
            "kernel", "dualexp-peak", "--param", "w=0.1uS", "--param", "tau1=0.008s", "--param", "tau2=60ms", "--at",
            "0,18.6,50", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(object["kernel"] as? String == "dualexp-peak")
        let params = try #require(object["params"] as? [String: Double])
        #expect(params == ["w": 100, "tau1": 8, "tau2": 60])
        #expect(object["at"] as? [Double] == [0, 18.6, 50])
        let values = try #require(object["values"] as? [Double])
        #expect(values.count == 3 && values[0] == 0)
        let peak = try #require(object["peak"] as? [String: Double])
        let expectedTime = 8.0 * 60 / 52 * log(60.0 / 8)
        #expect(abs(try #require(peak["time"]) - expectedTime) <= 1e-14 * expectedTime)
        #expect(abs(try #require(peak["value"]) - 100) <= 1e-13)
        #expect(object["known_wrong"] is NSNull)
        // Numbers print so that they read back to the same double.
        #expect(result.stdout.contains("\(values[2])"))
    }

    @Test("non-time abscissae: voltage for mg-block, current for lif-rate")
    func otherAbscissae() throws {
        let block = try CLI.json(try CLI.run(["kernel", "mg-block", "--at", "-0.065V,0mV", "--json"]).stdout)
        #expect(block["at"] as? [Double] == [-65, 0])
        // B(0) = 1/(1 + 1.2/3.57) by hand.
        let b0 = try #require((block["values"] as? [Double])?.last)
        #expect(abs(b0 - 1 / (1 + 1.2 / 3.57)) <= 1e-15)
        let rate = try CLI.run(["kernel", "lif-rate", "--at", "0.2nA,1.5nA", "--json"])
        #expect(rate.status == 0)
        #expect(try CLI.json(rate.stdout)["at"] as? [Double] == [200, 1500])
    }

    /// A train given out of order is applied in time order, and the user is told (issue 18):
    /// the values equal those of the sorted train.
    @Test("unsorted spikes: one note on stderr, the sorted train's values")
    func unsortedSpikes() throws {
        let unsorted = try CLI.run(["kernel", "ampa", "--spikes", "2,0.3,0", "--at", "0.5,2.5"])
        let sorted = try CLI.run(["kernel", "ampa", "--spikes", "0,0.3,2", "--at", "0.5,2.5"])
        #expect(unsorted.status == 0 && unsorted.stdout == sorted.stdout)
        #expect(unsorted.stderr == "synverify: note: --spikes: not in increasing order; applied in time order\n")
        #expect(sorted.stderr.isEmpty)
        // By hand: the pulse restarted at 0.3 ms keeps T on over 0 … 0.8 ms, then 2 … 2.5 ms;
        // k = αT + β = 0.67/ms, s∞ = 0.49/0.67. s(0.5) = s∞(1 − e^(−0.5k)); s(0.8) = s∞(1 − e^(−0.8k)),
        // s(2) = s(0.8)e^(−1.2β), s(2.5) = s∞ + (s(2) − s∞)e^(−0.5k).
        let object = try CLI.json(
            try CLI.run(["kernel", "ampa", "--spikes", "2,0.3,0", "--at", "0.5,2.5", "--json"]).stdout)
        let values = try #require(object["values"] as? [Double])
        let (k, beta, sInf) = (0.67, 0.18, 0.49 / 0.67)
        let s2 = sInf * -expm1(-0.8 * k) * Foundation.exp(-1.2 * beta)
        let expected = [sInf * -expm1(-0.5 * k), sInf + (s2 - sInf) * Foundation.exp(-0.5 * k)]
        for (v, e) in zip(values, expected) { #expect(abs(v - e) <= 1e-15, "\(v) vs \(e)") }
    }

    @Test("known-wrong kernels say so")
    func knownWrong() throws {
        let object = try CLI.json(try CLI.run(["kernel", "exp-seed-sign", "--at", "1", "--json"]).stdout)
        let flag = try #require(object["known_wrong"] as? [String: String])
        #expect(flag["correct_kernel"] == "exp")
    }

    @Test(
        "bad input exits 2 with one line on stderr naming the problem",
        arguments: [
            (["kernel", "exp", "--param", "tau=-1", "--at", "0"], "'tau'"),
            (["kernel", "exp", "--param", "tau=nan", "--at", "0"], "'tau'"),
            (["kernel", "exp", "--param", "tau=5mV", "--at", "0"], "voltage"),
            (["kernel", "exp", "--param", "tau", "--at", "0"], "NAME=VALUE"),
            (["kernel", "exp", "--param", "tau1=5", "--at", "0"], "tau1"),
            (["kernel", "nope", "--at", "0"], "unknown kernel 'nope'"),
            (["kernel", "exp", "--at", "0,,1"], "--at"),
            (["kernel", "exp", "--at", "5pA"], "--at"),
            (["kernel", "exp", "--spikes", "0,x", "--at", "0"], "--spikes"),
            (["kernel", "lif-coba", "--spikes", "0", "--at", "0"], "no spike train"),
            (["kernel", "lif-rate", "--param", "u_reset=-40mV", "--at", "0"], "u_reset"),
            (["kernel", "exp"], "--at"),
            (["frobnicate"], "frobnicate"),
        ])
    func badInput(_ input: ([String], String)) throws {
        let result = try CLI.run(input.0)
        #expect(result.status == 2, "\(input.0): status \(result.status)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(input.0): \(result.stderr)")
        #expect(result.stderr.contains(input.1), "\(input.0): \(result.stderr)")
    }

    @Test("--help exits 0")
    func helpExit() throws {
        let result = try CLI.run(["kernel", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--param"))
    }

    @Test("list --json describes every kernel with units and defaults")
    func listJSON() throws {
        let result = try CLI.run(["list", "--json"])
        #expect(result.status == 0)
        let kernels = try #require(try CLI.json(result.stdout)["kernels"] as? [[String: Any]])
        #expect(kernels.map { $0["name"] as? String } == KernelCatalog.entries.map(\.name))
        for required in [
            "exp", "alpha", "alpha-brainpy", "dualexp-brainpy", "dualexp-peak", "voltage-jump", "ampa", "gabaa",
            "mg-block", "nmda", "gabab", "gap", "lif-coba", "lif-rate", "lif-sine", "psp", "campbell",
        ] {
            #expect(kernels.contains { $0["name"] as? String == required }, "\(required) missing")
        }
        let mg = try #require(kernels.first { $0["name"] as? String == "mg-block" })
        #expect((mg["abscissa"] as? [String: String])?["unit"] == "mV")
        let parameters = try #require(mg["parameters"] as? [[String: Any]])
        #expect(parameters.first?["unit"] as? String == "1/mV")
    }

    @Test("report writes Reports/kernels.md equal to the renderer's text, byte for byte")
    func report() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-report-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["report", "--output", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOf: directory.appendingPathComponent("kernels.md"), encoding: .utf8)
        #expect(written == KernelReport.render())
        #expect(!written.contains("\r"))
        #expect(written.hasSuffix("\n"))
    }
}

import Foundation
import SynTestSupport
import Testing

/// A spec file goes wherever a model name goes, and a method that does not apply to a spec is one
/// row while the others run (issue 15).
@Suite("Specs in every command")
struct SpecEverywhereTests {
    static let spec = repositoryRoot.appendingPathComponent("data/models/dualexp-peak.yaml").path

    @Test(
        "solve, compare, convergence, tolerance and stiffness take a spec file",
        arguments: [
            ["solve", "--method", "rk8pd", "--json"], ["compare", "--method", "rk8pd", "--json"],
            ["convergence", "--method", "classic_rk4", "--json"], ["tolerance", "--method", "rk8pd", "--json"],
            ["stiffness", "--json"],
        ])
    func commands(_ arguments: [String]) throws {
        let result = try CLI.run([arguments[0], Self.spec] + arguments.dropFirst())
        #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["model"] as? String == "dualexp-peak-spec", "\(arguments[0])")
        // The spec's numbers reach each command: the peak-normalised dual exponential (τ1 = 8 ms,
        // τ2 = 60 ms, w = 100 nS) peaks at 100 nS at (480/52)·ln 7.5 ms, by hand.
        let peakTime = 480.0 / 52 * log(7.5)
        switch arguments[0] {
        case "compare":
            let peak = try #require(json["peak"] as? [String: Double])
            #expect(
                abs((peak["analytic_time"] ?? 0) - peakTime) <= 1e-9 && abs((peak["analytic_value"] ?? 0) - 100) <= 1e-9
            )
        case "solve":
            // g(t) = w·(e^(−t/τ2) − e^(−t/τ1))/(e^(−t*/τ2) − e^(−t*/τ1)), peak-normalised.
            let times = try #require(json["at"] as? [Double])
            let values = try #require((json["values"] as? [String: [Double]])?["g"])
            let norm = exp(-peakTime / 60) - exp(-peakTime / 8)
            for (t, g) in zip(times, values) {
                #expect(abs(g - 100 * (exp(-t / 60) - exp(-t / 8)) / norm) <= 1e-7, "g(\(t)) = \(g)")
            }
        case "convergence":
            #expect(abs(try #require(json["order"] as? Double) - 4) <= 0.2)
        default:
            break
        }
    }

    @Test("--param and --spikes with a spec file are one error each: the file sets them")
    func fileSetsParameters() throws {
        let param = try CLI.run(["solve", Self.spec, "--param", "w=1"])
        #expect(param.status == 2 && param.stderr.contains("its parameters are set in the file"))
        let spikes = try CLI.run(["compare", Self.spec, "--spikes", "0,5"])
        #expect(spikes.status == 2 && spikes.stderr.contains("its spike times are set in the file"))
    }

    @Test("exact on a nonlinear spec is a 'not applicable' row; the spec's other methods still run")
    func notApplicable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-na-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // dv/dt = −v²/(τ v0), v(0) = v0: v = v0/(1 + t/τ), by separation of variables.
        let text = """
            name: nonlinear
            equations: |
              dv/dt = -v*v/(tau*v0) : mV
            parameters:
              tau: 10*ms
              v0: 1*mV
            initial:
              v: 1*mV
            closed_form:
              v: v0/(1 + t/tau)
            methods: [exact@0.1ms, rk8pd]
            """
        try text.write(to: directory.appendingPathComponent("nl.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["verify", "nl.yaml"], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("with exact @ 0.1 ms: NOT APPLICABLE: exact propagation needs a linear system"))
        #expect(result.stdout.contains("nonlinear with rk8pd: PASS"))
    }
}

import Foundation
import SynIntegrators
import SynReports
import SynSpec
import SynTestSupport
import Testing

@testable import SynFiles

/// Problems for other simulators (issue 16), checked against the spec's numbers worked by hand.
@Suite("Problem files")
struct ProblemFileTests {
    static func problem(_ file: String, step: Double? = nil) throws -> JSONValue {
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/\(file)").path)
        return try ProblemFile.problem(spec, sampleStep: step)
    }

    /// exp.yaml: τ = 2 ms, w = 5 nS, one spike at 0 ms; g(t) = 5·e^(−t/2) nS.
    @Test("the exponential synapse: Brian2 equations in SI, values in SI and internal units, expected values")
    func exponential() throws {
        let p = try Self.problem("exp.yaml", step: 10)
        #expect(p["schema"]?.stringValue == "synverify-problem")
        #expect(p["schema_version"]?.intValue == 2)
        let section = p["brian2"]
        let b2 = try #require(section)
        #expect(b2["equations"]?.stringValue == "dg/dt = ((-g) / tau) : siemens")
        #expect(b2["namespace"]?["tau"]?["value"]?.doubleValue == 0.002)
        #expect(b2["namespace"]?["tau"]?["unit"]?.stringValue == "second")
        #expect(b2["namespace"]?["w"]?["value"]?.doubleValue == 5e-9)
        #expect(b2["pathways"]?.arrayValue?.first?["on_pre"]?.stringValue == "g = (g + w)")
        #expect(b2["pathways"]?.arrayValue?.first?["spikes_s"]?.arrayValue?.compactMap(\.doubleValue) == [0])
        let sampled = p["sample_times_ms"]?.arrayValue?.compactMap(\.doubleValue)
        let times = try #require(sampled)
        #expect(times == [0, 10, 20, 30, 40, 50])
        let values = p["expected"]?["g"]?.arrayValue?.compactMap(\.doubleValue)
        let expected = try #require(values)
        for (t, g) in zip(times, expected) { #expect(abs(g - 5 * exp(-t / 2)) <= 1e-15 * 5, "g(\(t))") }
        #expect(p["variables"]?.arrayValue?.first?["si_factor"]?.doubleValue == 1e-9)
    }

    /// lif-coba.yaml: threshold −50 mV and reset u = u_reset (−60 mV), in volts for Brian2.
    @Test("a threshold model carries threshold and reset in SI")
    func threshold() throws {
        let p = try Self.problem("lif-coba.yaml")
        #expect(p["brian2"]?["threshold"]?.stringValue == "u > -0.05*volt")
        #expect(p["brian2"]?["reset"]?.stringValue == "u = u_reset")  // as the spec writes it
        #expect(p["brian2"]?["namespace"]?["u_reset"]?["value"]?.doubleValue == -0.06)
    }

    /// Schema version 2: lif-sine.yaml's input I_s = I0 + I1·sin(2π·f·t + φ) with I0 = 50 pA
    /// = 5e-11 A, I1 = 100 pA = 1e-10 A, f = 10 Hz, φ = 0, so ω = 2π·10 = 62.83185307179586 rad/s;
    /// and gap.yaml's step of 100 pA from 0 to t_off = 100 ms, a window [0, 0.1) s.
    @Test("schema 2: a sine input is written into Brian2's equations and, like a step, listed as data in SI")
    func sineInput() throws {
        let p = try Self.problem("lif-sine.yaml")
        #expect(p["schema_version"]?.intValue == 2)
        let equations = try #require(p["brian2"]?["equations"]?.stringValue)
        #expect(
            equations.contains("I_s = 5e-11*amp + 1e-10*amp*sin(62.83185307179586*hertz*t + 0.0) : amp"), "\(equations)"
        )
        let sine = try #require(p["inputs"]?.arrayValue?.first)
        #expect(sine["kind"]?.stringValue == "sine" && sine["unit"]?.stringValue == "amp")
        #expect(sine["amplitude"]?.doubleValue == 1e-10 && sine["offset"]?.doubleValue == 5e-11)
        #expect(sine["frequency_hz"]?.doubleValue == 10 && sine["phase_rad"]?.doubleValue == 0)
        let step = try #require(try Self.problem("gap.yaml")["inputs"]?.arrayValue?.first)
        #expect(step["kind"]?.stringValue == "windows" && step["amplitude"]?.doubleValue == 1e-10)
        let window = step["windows_s"]?.arrayValue?.first?.arrayValue?.compactMap(\.doubleValue)
        #expect(window == [0, 0.1])
    }

    /// By hand: 0.98/(mM·ms) = 980 per mmolar per second; 1 GΩ = 1e9 ohm; 0.09/(mM·ms) = 90.
    @Test("every parameter keeps its unit in SI: a rate per concentration, a resistance; >= stays >=")
    func siUnits() throws {
        let spec = try SpecFile.parse(
            """
            name: units
            equations: |
              dv/dt = (R_in*I - v)/tau + alpha*c*mV : mV
            parameters: {R_in: 1*Gohm, I: 10 pA, tau: 10 ms, alpha: 0.98 1/(mM*ms), c: 0.5 mM}
            threshold: v >= 5*mV
            reset: v = 0*mV
            reference: numeric
            t_end: 20 ms
            """, file: "units.yaml")
        let problem = try ProblemFile.problem(spec)
        let namespace = try #require(problem["brian2"]?["namespace"])
        let alpha = try #require(namespace["alpha"])
        #expect(alpha["value"]?.doubleValue.map { abs($0 - 980) <= 1e-9 } == true, "\(alpha)")
        #expect(alpha["unit"]?.stringValue == "second**-1*mmolar**-1")
        let resistance = try #require(namespace["R_in"])
        #expect(resistance["value"]?.doubleValue.map { abs($0 - 1e9) <= 1e-3 } == true, "\(resistance)")
        #expect(resistance["unit"]?.stringValue == "ohm")
        #expect(problem["brian2"]?["threshold"]?.stringValue == "v >= 0.005*volt")
    }
}

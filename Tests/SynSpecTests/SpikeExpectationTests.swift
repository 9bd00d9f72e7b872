import Foundation
import SynIntegrators
import SynModels
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

/// Spike times as expectations (issue 15), held against NEST's DC-driven membrane.
@Suite("Expected spike times")
struct SpikeExpectationTests {
    /// NEST's `test_iaf_ps_dc_accuracy` membrane: τ = 10 ms, C = 250 pF, I = 1000 pA, V(0) = 0,
    /// so V(t) = (Iτ/C)(1 − e^(−t/τ)) = 40 mV·(1 − e^(−t/τ)); V = 15 mV first at
    /// t = −τ·ln(1 − 15/40) = −10 ms·ln(0.625), the 4.700036292457356 ms NEST publishes.
    static let firstSpike = -10 * log(0.625)

    static func spec(expect: String) -> String {
        """
        name: nest_dc
        equations: |
          du/dt = (-u + I*tau/C)/tau : mV
        parameters:
          tau: 10*ms
          C: 250*pF
          I: 1000*pA
        threshold: u > 15*mV
        reset: u = 0*mV
        refractory: 1000*ms
        expect:
        \(expect)
        reference: numeric
        t_end: 10*ms
        """
    }

    static func verdict(_ expect: String, method: Stepper = .rk8pd) throws -> Comparison {
        let model = try SpecFile.parse(spec(expect: expect), file: "nest.yaml").model
        var options = SolveOptions()
        options.method = .gsl(method)
        options.endTime = model.endTime
        return try Verifier.compare(model, name: "nest_dc", options: options)
    }

    @Test("the hand-derived first spike equals NEST's published 4.700036292457356 ms")
    func published() {
        #expect(abs(Self.firstSpike - 4.700036292457356) <= 1e-15)
    }

    @Test("rk8pd and rkf45 put the spike within 1e-12 ms of it", arguments: [Stepper.rk8pd, .rkf45])
    func located(method: Stepper) throws {
        let c = try Self.verdict("  spikes: [4.700036292457356 ms]\n  spike_tolerance: 1e-12 ms", method: method)
        #expect(c.verdict == .pass, "\(c.reasons)")
        let worst = try #require(c.spikeTimes?.worstError)
        #expect(worst <= 1e-12)
        #expect(abs(try #require(c.spikes?.first) - Self.firstSpike) <= 1e-12)
    }

    @Test("a wrong time or a wrong count fails with the reason")
    func wrong() throws {
        let late = try Self.verdict("  spikes: [4.8 ms]")
        #expect(late.verdict == .fail && late.reasons.contains { $0.hasPrefix("spike 1 at 4.70003629245") })
        let two = try Self.verdict("  spikes: [4.7 ms, 9 ms]")
        #expect(two.verdict == .fail && two.reasons.contains { $0.hasPrefix("1 spike(s) where 2 are expected") })
    }

    @Test(
        "expected spikes need a threshold, increasing times and a positive tolerance",
        arguments: [
            ("  spikes: [5 ms, 4 ms]", "increasing order"),
            ("  spikes: [4 ms]\n  spike_tolerance: 0 ms", "must be > 0 ms"),
            ("  spike_tolerance: 1 ms\n  rate: 10 Hz", "needs expect.spikes"),
        ])
    func errors(_ input: (String, String)) {
        #expect {
            try SpecFile.parse(Self.spec(expect: input.0), file: "nest.yaml")
        } throws: { error in
            "\(error)".contains(input.1)
        }
    }
}

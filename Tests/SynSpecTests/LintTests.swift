import Foundation
import Testing

@testable import SynSpec

/// `lint` checks the closed form where the ODE's state is known without integrating: at t = 0.
@Suite("Lint")
struct LintTests {
    /// g(t) = g0·e^(−t/τ) + w·e^(−(t − 10 ms)/τ) after the spike at 10 ms, by hand from
    /// dg/dt = −g/τ, g(0) = g0, g += w at 10 ms; written with Brian2's sign() as the step.
    static let spec = """
        name: late_spike
        equations: |
          dg/dt = -g/tau : nS
        parameters:
          tau: 5 ms
          g0: 1 nS
          w: 2 nS
        initial:
          g: 1 nS
        on_spike: g += w
        spikes: [10 ms]
        closed_form:
          g: CLOSED
        t_end: 50 ms
        """

    @Test("a correct closed form with the first spike after t = 0 is ok (it was compared at the spike)")
    func lateFirstSpike() throws {
        let text = Self.spec.replacingOccurrences(
            of: "CLOSED", with: "g0*exp(-t/tau) + w*exp(-(t - 10*ms)/tau)*(sign(t - 10*ms) + 1)/2")
        let findings = SpecLint.check(try SpecFile.parse(text, file: "late.yaml").model)
        #expect(findings.problems.isEmpty, "\(findings.problems)")
    }

    @Test("a closed form that misses the initial state is still caught at t = 0")
    func wrongStart() throws {
        let text = Self.spec.replacingOccurrences(
            of: "CLOSED", with: "w*exp(-(t - 10*ms)/tau)*(sign(t - 10*ms) + 1)/2")
        let findings = SpecLint.check(try SpecFile.parse(text, file: "late.yaml").model)
        #expect(findings.problems.first?.hasPrefix("closed form of g at t = 0.0 ms is 0.0") == true, "\(findings)")
    }
}

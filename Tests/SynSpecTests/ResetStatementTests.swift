import Foundation
import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

@testable import SynSpec

/// A reset as a Brian2 statement block (`v = V_r; w += b`, as AdEx writes it; issue 15).
@Suite("Reset statements")
struct ResetStatementTests {
    static let spec = """
        name: adapting
        equations: |
          dv/dt = (I - v - w)/tau : 1
          dw/dt = -w/tau_w : 1
        parameters:
          I: 2
          b: 0.5
          tau: 10 ms
          tau_w: 100 ms
        threshold: v > 1
        reset: v = 0; w += b
        t_end: 20 ms
        """

    @Test("the threshold variable is reset and the other statements run with it")
    func applyReset() throws {
        let model = try SpecFile.parse(Self.spec, file: "a.yaml").model
        let rule = try #require(model.threshold)
        #expect(rule.reset == 0)
        var y = [1.0, 0.3]
        y.withUnsafeMutableBufferPointer { model.applyReset(rule, at: 5, to: $0.baseAddress!) }
        #expect(y == [0, 0.8])
    }

    /// By hand: with w = 0 before the first spike, v = I(1 − e^(−t/τ)) reaches 1 at
    /// t1 = −τ ln(1 − 1/I) = 10 ln 2 ms; then w = b·e^(−(t − t1)/τ_w) until the next spike.
    @Test("integrated: w jumps by b at the located first spike and decays from there")
    func integrated() throws {
        let model = try SpecFile.parse(Self.spec, file: "a.yaml").model
        let t1 = 10 * log(2.0)
        var options = SolveOptions()
        options.endTime = 20
        options.epsAbs = 1e-12
        options.epsRel = 1e-12
        options.outputTimes = [t1 + 1]
        let solution = try Integrator.solve(model, options: options)
        #expect(abs(try #require(solution.spikes.first) - t1) <= 1e-9)
        #expect(abs(solution.values[1][0] - 0.5 * exp(-1 / 100.0)) <= 1e-9)
    }

    @Test("a reset that does not set the threshold variable to a constant is an error")
    func errors() {
        for (reset, message) in [("w += b", "needs 'reset: v = value'"), ("v = w", "must be set to a constant")] {
            #expect(throws: SpecFile.SpecError.self, "\(message)") {
                try SpecFile.parse(Self.spec.replacingOccurrences(of: "v = 0; w += b", with: reset), file: "a.yaml")
            }
            do {
                _ = try SpecFile.parse(Self.spec.replacingOccurrences(of: "v = 0; w += b", with: reset), file: "a.yaml")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}

import Foundation
import SynIntegrators
import SynKernels
import SynModels
import SynVerification
import Testing

/// Two coupled cells started away from rest (issue 18): V₀(0) = −50 mV, V₁(0) = −70 mV, rest
/// −65 mV, no current. By hand: Σ₀ = 15 + (−5) = 10 mV, Δ₀ = 15 − (−5) = 20 mV, rates
/// a = g_l/C = 10/200 /ms and b = (g_l + 2w)/C = 20/200 /ms (w = 5 nS), so
/// V₀ = −65 + 5e^(−at) + 10e^(−bt), V₁ = −65 + 5e^(−at) − 10e^(−bt) (mV, t in ms).
@Suite("Gap junction from an initial state")
struct GapRelaxationTests {
    static let overrides: [(String, Double)] = [("dV0", 15), ("dV1", -5), ("I", 0)]
    static func hand(_ t: Double) -> (v0: Double, v1: Double) {
        let (a, b) = (10.0 / 200, 20.0 / 200)
        return (-65 + 5 * exp(-a * t) + 10 * exp(-b * t), -65 + 5 * exp(-a * t) - 10 * exp(-b * t))
    }

    @Test("the kernel relaxes both cells as derived by hand, to 1e-12 relative")
    func kernel() throws {
        for cell in [0.0, 1.0] {
            let kernel = try KernelCatalog.entry(named: "gap").make(overrides: Self.overrides + [("cell", cell)])
            for t in [0.0, 0.5, 3, 20, 100, 400] {
                let expected = cell == 0 ? Self.hand(t).v0 : Self.hand(t).v1
                #expect(abs(kernel.value(at: t) - expected) <= 1e-12 * abs(expected), "cell \(cell), t = \(t)")
            }
            #expect(kernel.peak == nil)
        }
    }

    @Test("the model starts there, and rk8pd and classic RK4 reproduce the closed form on both cells")
    func model() throws {
        let model = try ModelCatalog.entry(named: "gap").make(overrides: Self.overrides)
        #expect(model.initialState == [-70, -50])  // state order (V₁, V₀)
        for (method, step) in [(IntegrationMethod.gsl(.rk8pd), Double?.none), (.simulator(.classicRK4), 0.01)] {
            var options = SolveOptions()
            options.method = method
            options.fixedStep = step
            options.epsAbs = 1e-12
            options.epsRel = 1e-12
            options.endTime = 200
            options.outputTimes = [1, 10, 50, 200]
            let solution = try Integrator.solve(model, options: options)
            for (k, t) in options.outputTimes.enumerated() {
                let (v0, v1) = Self.hand(t)
                #expect(abs(solution.values[0][k] - v1) <= 1e-10 * 65, "\(method) V1(\(t))")
                #expect(abs(solution.values[1][k] - v0) <= 1e-10 * 65, "\(method) V0(\(t))")
            }
        }
    }
}

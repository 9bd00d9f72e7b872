import Foundation
import SynModels
import Testing

@testable import SynIntegrators
@testable import SynSpec

/// SynVerify's `exact` held to NEST's published accuracy (issue 18): its exact-integration tests
/// require the same value at every step size. Reference values are derived here by hand and
/// agree with the ones NEST's testsuite prints (testsuite/unittests/test_iaf_ps_dc_accuracy.sli
/// and test_iaf_ps_psp_accuracy.sli).
@Suite("Exact propagation at NEST's accuracy")
struct ExactPropagationTests {
    static func value(_ spec: String, step: Double, at t: Double) throws -> Double {
        let model = try SpecFile.parse(spec, file: "nest.yaml").model
        var options = SolveOptions()
        options.method = .simulator(.exact)
        options.fixedStep = step
        options.endTime = t
        options.outputTimes = [t]
        return try Integrator.solve(model, options: options).values[0][0]
    }

    /// τ = 10 ms, C = 250 pF, I = 1000 pA from V(0) = 0: V(t) = (Iτ/C)(1 − e^(−t/τ)) = 40 mV ×
    /// (1 − e^(−1/2)) at 5 ms = 15.738773611494663 mV (NEST's value). Every step 2^0 … 2^-13 ms.
    @Test("DC-driven membrane: V(5 ms) within 1e-13 mV at all 14 steps")
    func dcMembrane() throws {
        let spec = """
            name: dc
            equations: |
              dv/dt = -v/tau + I/C : mV
            parameters: {tau: 10 ms, C: 250 pF, I: 1000 pA}
            t_end: 5 ms
            reference: numeric
            """
        let exact = -40 * expm1(-0.5)
        #expect(abs(exact - 15.738773611494663) <= 2e-15)
        for k in 0...13 {
            let v = try Self.value(spec, step: pow(2, -Double(k)), at: 5)
            #expect(abs(v - 15.738773611494663) <= 1e-13, "h = 2^-\(k) ms: \(v)")
        }
    }

    /// The alpha-shaped current of NEST's iaf_psc_alpha (peak 500 pA at τ_s = 0.3 ms after the
    /// spike, which arrives at 3 ms) into τ_m = 10 ms, C = 250 pF: at t = 3 ms after it,
    /// V = (w·e/τ_s)/C·[(e^(−t/τ_m) − e^(−t/τ_s))/(1/τ_s − 1/τ_m)² − t·e^(−t/τ_s)/(1/τ_s − 1/τ_m)]
    /// = 1.2833025119992025 mV (NEST's value). Steps 2^0, 2^-2, …, 2^-14 ms.
    @Test("alpha PSP: V(6 ms) within 1e-14 mV at the 8 steps")
    func alphaPSP() throws {
        let spec = """
            name: psp
            equations: |
              dv/dt = -v/tau_m + I/C : mV
              dI/dt = -I/tau_s + x : pA
              dx/dt = -x/tau_s : pA/ms
            parameters: {tau_m: 10 ms, tau_s: 0.3 ms, C: 250 pF, w: 500 pA}
            on_spike: x += w*exp(1)/tau_s
            spikes: [3 ms]
            t_end: 6 ms
            reference: numeric
            """
        let (t, tm, ts) = (3.0, 10.0, 0.3)
        let d = 1 / ts - 1 / tm
        let exact = 500 * M_E / ts / 250 * ((exp(-t / tm) - exp(-t / ts)) / (d * d) - t * exp(-t / ts) / d)
        #expect(abs(exact - 1.2833025119992025) <= 1e-15)
        for k in stride(from: 0, through: 14, by: 2) {
            let v = try Self.value(spec, step: pow(2, -Double(k)), at: 6)
            #expect(abs(v - 1.2833025119992025) <= 1e-14, "h = 2^-\(k) ms: \(v)")
        }
    }

    /// φ1(X) = Σ X^k/(k + 1)! against its closed form for a diagonal X: (e^x − 1)/x.
    @Test("the propagator's φ1 series equals (e^x − 1)/x on a diagonal, and large steps use P·y + q")
    func phi1() throws {
        let phi = ExactPropagator.phi1([-0.9, 0, 0, 1e-9], n: 2)
        #expect(abs(phi[0] - expm1(-0.9) / -0.9) <= 2e-16)
        #expect(abs(phi[3] - 1.0000000005) <= 2e-16)
        #expect(phi[1] == 0 && phi[2] == 0)
        let slow = try ExactPropagator(LinearSystem(matrix: [-0.1], offset: [4]), step: 1)
        #expect(slow.incremental && abs(slow.matrix[0] - expm1(-0.1) / -0.1) <= 2e-16)
        let fast = try ExactPropagator(LinearSystem(matrix: [-2], offset: [4]), step: 1)
        #expect(!fast.incremental && abs(fast.matrix[0] - exp(-2)) <= 1e-15)
    }
}

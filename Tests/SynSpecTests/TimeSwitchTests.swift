import Foundation
import SynIntegrators
import SynModels
import SynVerification
import Testing

@testable import SynSpec

/// A pulse written as a boolean of t (issue 22): `w/ms*(t > 30*ms and t < 30.5*ms)`. Every solver
/// stops at its switch times, exact splits there, lint samples both sides.
@Suite("Switches written as comparisons of t")
struct TimeSwitchTests {
    /// dg/dt = −g/τ + w/ms on 30 < t < 30.5 ms, g(0) = 0. With u = clip(t, 30, 30.5) ms the
    /// solution is g = (w/ms)·τ·(1 − e^(−(u − 30)/τ))·e^(−(t − u)/τ): 0 before, the charging curve
    /// during, its value at 30.5 ms decaying after (derived by hand: a constant drive from 0 for
    /// u − 30 ms, then free decay).
    static func spec(closedForm: String, switch on: String = "t > 30*ms and t < 30.5*ms") throws -> SpecModel {
        try SpecFile.parse(
            """
            name: pulse
            equations: |
              dg/dt = -g/tau + w/ms*(\(on)) : nS
            parameters: {tau: 5 ms, w: 1 nS}
            closed_form:
              g: \(closedForm)
            t_end: 60 ms
            """, file: "pulse.yaml"
        ).model
    }
    static let correct =
        "w/ms*tau*(1 - exp(-(clip(t, 30*ms, 30.5*ms) - 30*ms)/tau))*exp(-(t - clip(t, 30*ms, 30.5*ms))/tau)"
    static let withoutPulse = "0*nS"

    static func options(_ method: IntegrationMethod, dt: Double? = nil) -> SolveOptions {
        var o = SolveOptions()
        o.method = method
        o.fixedStep = dt
        o.endTime = 60
        return o
    }

    @Test("the switch times are breakpoints; written either way round and shifted, they are found")
    func breakpoints() throws {
        #expect(try Self.spec(closedForm: Self.correct).breakpoints == [30, 30.5])
        #expect(
            try Self.spec(closedForm: Self.correct, switch: "30*ms <= t and t - 0.5*ms < 30*ms").breakpoints == [
                30, 30.5,
            ])
    }

    @Test(
        "the correct closed form passes and the one without the pulse fails, with every kind of solver",
        arguments: [
            IntegrationMethod.gsl(.rk8pd), .gsl(.msbdf), .gsl(.rkf45), .simulator(.exact), .simulator(.classicRK4),
        ])
    func verdicts(_ method: IntegrationMethod) throws {
        // Classic RK4's last stage at a step ending on a switch sees the new value (as with an
        // input: step): first order at the switch, so a finer step than the exact method needs.
        let dt: Double? =
            switch method {
            case .simulator(.exact): 0.1
            case .simulator: 0.01
            default: nil
            }
        let good = try Verifier.compare(
            try Self.spec(closedForm: Self.correct), name: "pulse", options: Self.options(method, dt: dt))
        #expect(good.verdict == .pass, "\(method): \(good.reasons)")
        // The pulse's peak, w/ms·τ·(1 − e^(−0.1)) = 0.4758 nS, is reached: nothing stepped over it.
        let largest = try #require(good.metrics?.largestNumeric)
        #expect(abs(largest - 5 * -expm1(-0.1)) <= 1e-3, "\(method): \(largest)")
        let bad = try Verifier.compare(
            try Self.spec(closedForm: Self.withoutPulse), name: "pulse", options: Self.options(method, dt: dt))
        #expect(bad.verdict == .fail, "\(method)")
    }

    @Test("lint says the closed form without the pulse does not solve the ODE, and the correct one does")
    func lint() throws {
        #expect(SpecLint.check(try Self.spec(closedForm: Self.correct)).problems.isEmpty)
        let problems = SpecLint.check(try Self.spec(closedForm: Self.withoutPulse)).problems
        #expect(problems.contains { $0.hasPrefix("the closed form does not solve the ODE") }, "\(problems)")
    }

    @Test("a comparison of t with no single switch time is refused where it is written")
    func refused() {
        #expect {
            try Self.spec(closedForm: Self.correct, switch: "sin(t/ms) > 0")
        } throws: { error in
            "\(error)".hasPrefix("pulse.yaml:3:11: dg/dt: '")
                && "\(error)".contains("compares t with no single switch time")
        }
    }
}

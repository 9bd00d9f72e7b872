import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

/// A test model: dy/dt = f(y) given by a closure-free rule, with no Jacobian, and optionally
/// a threshold on y.
struct Misbehaving: ODEModel {
    enum Kind: Sendable {
        case fine
        case throwsAt(Double)
        case nanAt(Double)
        case stiff
    }
    let kind: Kind
    var threshold: ThresholdRule? = nil
    var variables: [StateVariable] { [StateVariable("y", "1")] }
    var initialState: [Double] { [1] }
    var spikeTimes: [Double] { [] }
    func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}
    func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        switch kind {
        case .fine: dydt[0] = -y[0]
        case .throwsAt(let t0):
            if t >= t0 { throw ODEFunctionError("conductance went negative") }
            dydt[0] = -y[0]
        case .nanAt(let t0): dydt[0] = t >= t0 ? .nan : -y[0]
        case .stiff: dydt[0] = -1e7 * (y[0] - 1) - 1
        }
    }
}

@Suite("Failure paths: specific errors, process alive")
struct FailureTests {
    func solve(_ model: any ODEModel, _ configure: (inout SolveOptions) -> Void) throws(ODESolverError) -> Solution {
        try solveWith(model, configure)
    }

    func solveWith(_ model: any ODEModel, _ configure: (inout SolveOptions) -> Void) throws(ODESolverError) -> Solution
    {
        var options = SolveOptions()
        options.endTime = 10
        configure(&options)
        return try Integrator.solve(model, options: options)
    }

    @Test(
        "implicit stepper without a Jacobian fails before any GSL call",
        arguments: [Stepper.rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf])
    func missingJacobian(stepper: Stepper) {
        #expect(throws: ODESolverError.missingJacobian(stepper: stepper.rawValue)) {
            try solve(Misbehaving(kind: .fine)) { $0.method = .gsl(stepper) }
        }
    }

    @Test("a right-hand side that throws stops the solve with its message, time and state")
    func throwingRHS() {
        do {
            _ = try solve(Misbehaving(kind: .throwsAt(2))) { $0.method = .gsl(.rkf45) }
            Issue.record("no error")
        } catch {
            guard case .function(let inner, let time, let state) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(inner.message == "conductance went negative")
            #expect(time >= 0 && time <= 2.1)
            #expect(state.count == 1)
        }
    }

    @Test("a non-finite derivative is an error, for GSL and Swift methods alike")
    func nanState() {
        for method in [IntegrationMethod.gsl(.rk8pd), .simulator(.classicRK4)] {
            do {
                _ = try solve(Misbehaving(kind: .nanAt(3))) {
                    $0.method = method
                    if case .simulator = method { $0.fixedStep = 0.1 }
                }
                Issue.record("\(method): no error")
            } catch {
                guard case .function(let inner, _, _) = error else {
                    Issue.record("\(method): wrong error \(error)")
                    return
                }
                #expect(inner.message.contains("not finite"))
            }
        }
    }

    /// The stiff model settles at y = 1 − 1e-7: a threshold at 2 is watched on every step (the
    /// solve's threshold loop) but never reached.
    static let unreachedThresholds: [ThresholdRule?] = [
        nil, ThresholdRule(variable: 0, threshold: 2, reset: 0, refractory: 0),
    ]

    @Test(
        "a stiff model on an explicit stepper runs out of steps with a hint, never hangs (threshold or not)",
        arguments: unreachedThresholds)
    func stepCount(threshold: ThresholdRule?) {
        do {
            _ = try solve(Misbehaving(kind: .stiff, threshold: threshold)) {
                $0.method = .gsl(.rkf45)
                $0.maximumSteps = 10_000
                $0.epsAbs = 1e-8
                $0.epsRel = 1e-8
            }
            Issue.record("no error")
        } catch {
            guard case .stepCountExceeded(let limit, _, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(limit == 10_000)
            #expect(error.description.contains("implicit stepper"))
        }
    }

    @Test("h_min underflow is reported (with and without a threshold)", arguments: unreachedThresholds)
    func stepUnderflow(threshold: ThresholdRule?) {
        do {
            _ = try solve(Misbehaving(kind: .stiff, threshold: threshold)) {
                $0.method = .gsl(.rkf45)
                $0.minimumStep = 1e-3
            }
            Issue.record("no error")
        } catch {
            guard case .stepSizeUnderflow(let step, let minimum, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(step < minimum)
        }
    }

    static let invalid: [(name: String, configure: @Sendable (inout SolveOptions) -> Void)] = [
        ("eps_abs", { $0.epsAbs = -1 }),
        ("eps_rel", { $0.epsRel = .nan }),
        ("t_end", { $0.endTime = -1 }),
        ("dt", { $0.fixedStep = 0 }),
        ("dt", { $0.method = .simulator(.euler) }),
        ("h_init", { $0.initialStep = 0 }),
        ("output time", { $0.outputTimes = [11] }),
        (
            "scale_abs count",
            {
                $0.control = .scaled
                $0.scaleAbs = [1, 2]
            }
        ),
    ]

    @Test("invalid options are named before any GSL call", arguments: invalid.indices)
    func invalidOptions(_ index: Int) {
        let input = Self.invalid[index]
        do {
            _ = try solveWith(Misbehaving(kind: .fine)) { input.configure(&$0) }
            Issue.record("\(input.name): no error")
        } catch {
            guard case .invalidOption(let name, _, _) = error else {
                Issue.record("\(input.name): wrong error \(error)")
                return
            }
            #expect(name == input.name)
        }
    }

    @Test("every control kind solves", arguments: ControlKind.allCases)
    func controls(kind: ControlKind) throws {
        let solution = try solve(Misbehaving(kind: .fine)) {
            $0.control = kind
            $0.aDydt = 0.5
            $0.outputTimes = [10]
            if kind == .scaled { $0.scaleAbs = [2] }
        }
        #expect(abs(solution.values[0][0] - exp(-10)) <= 1e-8)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// dy/dt = 1 − y from y(0) = 0, whose right-hand side is NaN where y > 3 — a region the solution
/// (1 − e^(−t)) never enters, but a first trial step of 15 ms does (issue 18).
struct Overshooting: ODEModel {
    var variables: [StateVariable] { [StateVariable("y", "1")] }
    var initialState: [Double] { [0] }
    var spikeTimes: [Double] { [] }
    func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}
    func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = y[0] > 3 ? .nan : 1 - y[0]
    }
}

@Suite("Recovery from trial steps that leave the domain")
struct RecoveryTests {
    @Test(
        "a trial stage with a non-finite derivative is retried smaller; the solve completes exactly",
        arguments: [Stepper.rkf45, .rk8pd, .rkck, .rk2, .msadams])
    func recovers(stepper: Stepper) throws {
        var options = SolveOptions()
        options.method = .gsl(stepper)
        options.endTime = 20
        options.initialStep = 15
        options.outputTimes = [20]
        let solution = try Integrator.solve(Overshooting(), options: options)
        // By hand: y(20) = 1 − e^(−20).
        #expect(abs(solution.values[0][0] - (1 - exp(-20))) <= 1e-8)
        #expect(solution.work.rejectedSteps > 0)
    }

    @Test("a solution that truly leaves the domain still fails, naming the derivative, after the retries")
    func stillFails() {
        do {
            var options = SolveOptions()
            options.method = .gsl(.rkf45)
            options.endTime = 10
            _ = try Integrator.solve(Misbehaving(kind: .nanAt(2)), options: options)
            Issue.record("a NaN right-hand side passed")
        } catch {
            #expect("\(error)".contains("is not finite"), "\(error)")
        }
    }
}

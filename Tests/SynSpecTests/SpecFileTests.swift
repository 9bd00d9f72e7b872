import Foundation
import SynIntegrators
import SynModels
import SynTestSupport
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

@Suite("Spec files")
struct SpecFileTests {
    static let root = repositoryRoot
    static func committed(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("data/models/\(name)"), encoding: .utf8)
    }

    @Test("the dual exponential spec matches the built-in dualexp-peak: closed form, peak and integration")
    func matchesCatalogue() throws {
        let spec = try SpecFile.parse(try Self.committed("dualexp-peak.yaml"), file: "dualexp-peak.yaml")
        let builtIn = try ModelCatalog.entry(named: "dualexp-peak").make()
        #expect(spec.model.variables.map(\.name) == ["g", "x"])
        #expect(spec.methods.count == 5 && spec.methods[3].fixedStep == 0.1)
        for t in stride(from: 0.0, through: 500, by: 2.5) {
            let a = try #require(spec.model.exactState(at: t)[0])
            let b = try #require(builtIn.exactState(at: t)[0])
            #expect(abs(a - b) <= 1e-13 * 100, "t = \(t): \(a) vs \(b)")
        }
        let p = try #require(spec.model.analyticPeak)
        let q = try #require(builtIn.analyticPeak)
        #expect(abs(p.time - q.time) <= 1e-13 * q.time && abs(p.value - q.value) <= 1e-13 * q.value)
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-10
        options.epsRel = 1e-10
        options.endTime = 500
        options.outputTimes = Array(stride(from: 0.0, through: 500, by: 10))
        let s1 = try Integrator.solve(spec.model, options: options)
        let s2 = try Integrator.solve(builtIn, options: options)
        for k in options.outputTimes.indices {
            #expect(abs(s1.values[0][k] - s2.values[0][k]) <= 1e-11 * 100, "t = \(options.outputTimes[k])")
        }
        let comparison = try Verifier.compare(spec.model, name: "dualexp-peak-spec", options: options)
        #expect(comparison.verdict == .pass, "\(comparison.reasons)")
    }

    @Test("the exp spec matches the built-in exp model, and the seed's sign error written as a spec is caught")
    func expSpecs() throws {
        let spec = try SpecFile.parse(try Self.committed("exp.yaml"), file: "exp.yaml")
        let builtIn = try ModelCatalog.entry(named: "exp").make()
        for t in stride(from: 0.0, through: 50, by: 0.5) {
            let a = try #require(spec.model.exactState(at: t)[0])
            let b = try #require(builtIn.exactState(at: t)[0])
            #expect(abs(a - b) <= 1e-15, "t = \(t)")
        }
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.endTime = 50
        #expect(try Verifier.compare(spec.model, name: "exp-spec", options: options).verdict == .pass)
        let wrong = try SpecFile.parse(try Self.committed("exp-seed-sign.yaml"), file: "exp-seed-sign.yaml")
        #expect(wrong.model.knownWrong != nil)
        #expect(try Verifier.compare(wrong.model, name: "exp-seed-sign-spec", options: options).verdict == .fail)
    }

    @Test("the symbolic Jacobian agrees with central differences of the compiled right-hand side")
    func jacobian() throws {
        let spec = try SpecFile.parse(try Self.committed("dualexp-peak.yaml"), file: "s.yaml")
        let y = [37.5, 12.25]
        let t = 3.0
        let h = 1e-5
        var dfdy = [Double](repeating: 0, count: 4)
        var dfdt = [0.0, 0.0]
        try spec.model.jacobian(t, y, &dfdy, &dfdt)
        for j in 0..<2 {
            var up = y
            var down = y
            up[j] += h
            down[j] -= h
            var fu = [0.0, 0.0]
            var fd = [0.0, 0.0]
            try spec.model.derivatives(t, up, &fu)
            try spec.model.derivatives(t, down, &fd)
            for i in 0..<2 {
                #expect(abs(dfdy[i * 2 + j] - (fu[i] - fd[i]) / (2 * h)) <= 1e-8, "∂f\(i)/∂y\(j)")
            }
        }
        // By hand: ∂(k·x − g)/τ1 / ∂g = −1/τ1, / ∂x = k/τ1; ∂(−x/τ2)/∂x = −1/τ2; no explicit t.
        let k = pow(60.0 / 8, 8.0 / 52)
        #expect(
            abs(dfdy[0] + 1.0 / 8) < 1e-15 && abs(dfdy[1] - k / 8) < 1e-15 && dfdy[2] == 0
                && abs(dfdy[3] + 1.0 / 60) < 1e-15)
        #expect(dfdt == [0, 0])
        // Every implicit stepper runs on it.
        var options = SolveOptions()
        options.method = .gsl(.bsimp)
        options.endTime = 100
        options.outputTimes = [100]
        #expect(throws: Never.self) { _ = try Integrator.solve(spec.model, options: options) }
    }

    @Test("an affine spec is recognised: A and b by hand, exact propagation runs; a nonlinear one is not")
    func affine() throws {
        let spec = try SpecFile.parse(try Self.committed("dualexp-peak.yaml"), file: "s.yaml")
        let system = try #require(spec.model.linearSystem)
        let k = pow(60.0 / 8, 8.0 / 52)
        // dg/dt = (k·x − g)/8, dx/dt = −x/60: A = [[−1/8, k/8], [0, −1/60]], b = 0.
        let expected = [-1.0 / 8, k / 8, 0, -1.0 / 60]
        for (a, b) in zip(system.matrix, expected) { #expect(abs(a - b) <= 1e-15) }
        #expect(system.offset == [0, 0])
        var options = SolveOptions()
        options.method = .simulator(.exact)
        options.fixedStep = 0.1
        options.endTime = 500
        #expect(try Verifier.compare(spec.model, name: "s", options: options).verdict == .pass)
        let nonlinear = try SpecFile.parse(
            try Self.committed("dualexp-peak.yaml").replacingOccurrences(
                of: "dx/dt = -x/tau_2        : nS", with: "dx/dt = -x*x/(tau_2*w) : nS"), file: "n.yaml")
        #expect(nonlinear.model.linearSystem == nil)
    }

    @Test(
        "the tape computes what the expression tree does (random expressions; fused constants, reciprocals to 1e-12)"
    )
    func tapeMatchesTree() throws {
        var generator = SplitMix64(seed: 99)
        func next() -> UInt64 { generator.next() }
        func random(_ depth: Int) -> SpecExpression {
            let leaves: [SpecExpression] = [
                .identifier("x"), .identifier("y"), .identifier("t"), .identifier("c"),
                .number(Double(next() % 7) + 0.25),
            ]
            if depth == 0 || next() % 5 == 0 { return leaves[Int(next() % 5)] }
            switch next() % 7 {
            case 0: return .negate(random(depth - 1))
            case 1: return .binary(.add, random(depth - 1), random(depth - 1))
            case 2: return .binary(.subtract, random(depth - 1), random(depth - 1))
            case 3: return .binary(.multiply, random(depth - 1), random(depth - 1))
            case 4:
                return .binary(.divide, random(depth - 1), .binary(.add, .number(3), .call(.tanh, [random(depth - 1)])))
            case 5:
                return .call(
                    [.exp, .sin, .cos, .abs][Int(next() % 4)], [.binary(.multiply, .number(0.2), random(depth - 1))])
            default: return .call([.min, .max][Int(next() % 2)], [random(depth - 1), random(depth - 1)])
            }
        }
        let expressions = (0..<200).map { _ in random(5) }
        let tape = ExpressionTape(expressions, inputs: ["x", "y"], constants: ["c": 1.75])
        var results = [Double](repeating: 0, count: expressions.count)
        let inputs = [0.3, -1.2]
        inputs.withUnsafeBufferPointer { i in
            results.withUnsafeMutableBufferPointer { tape.evaluate(0.7, i.baseAddress!, into: $0.baseAddress!) }
        }
        for (e, r) in zip(expressions, results) {
            let tree = try #require(e.evaluate { ["x": 0.3, "y": -1.2, "t": 0.7, "c": 1.75][$0] })
            #expect(abs(r - tree) <= 1e-12 * max(1, abs(tree)), "\(e): tape \(r), tree \(tree)")
        }
    }

    @Test(
        "the tape reads t and the state from their slots, fuses signs, constants, x·c + y (NMDA: 5 instructions)")
    func tapeFusion() throws {
        let ds = try ExpressionParser.parse("-s/tau_d + a*x*(1 - s)").expression
        let dx = try ExpressionParser.parse("-x/tau_r").expression
        let tape = ExpressionTape([ds, dx], inputs: ["s", "x"], constants: ["tau_d": 100, "tau_r": 2, "a": 0.5])
        // a·x, 1 − s, their product, s·(−1/τ_d) + that, x·(−1/τ_r).
        #expect(tape.count == 5)
        var y = [0.25, 0.5]
        var f = [0.0, 0.0]
        tape.evaluate(0, y, into: &f)
        #expect(abs(f[0] - (-0.25 / 100 + 0.5 * 0.5 * 0.75)) <= 1e-16 && abs(f[1] - (-0.5 / 2)) <= 1e-16)
        // A program longer than the fixed stack buffer: Σ_{k=1}^{150} x·k/(x + k) at x = 2.
        let long = (1...150).map {
            SpecExpression.binary(
                .divide, .binary(.multiply, .identifier("x"), .number(Double($0))),
                .binary(.add, .identifier("x"), .number(Double($0))))
        }
        .reduce(SpecExpression.number(0)) { .binary(.add, $0, $1) }
        let longTape = ExpressionTape([long], inputs: ["x"], constants: [:])
        #expect(longTape.count > ExpressionTape.smallProgramSlots)
        y = [2]
        longTape.evaluate(0, y, into: &f)
        let sum = (1...150).reduce(0.0) { $0 + 2 * Double($1) / (2 + Double($1)) }
        #expect(abs(f[0] - sum) <= 1e-12 * sum)
        let identity = ExpressionTape([.identifier("x"), .identifier("t")], inputs: ["x"], constants: [:])
        #expect(identity.count == 0)
        y = [7]
        identity.evaluate(3, y, into: &f)
        #expect(f == [7, 3])
    }

    @Test("a wrong closed form is caught")
    func wrongClosedForm() throws {
        let text = try Self.committed("dualexp-peak.yaml").replacingOccurrences(
            of: "(exp(-t/tau_2) - exp(-t/tau_1))", with: "(exp(t/tau_2) - exp(-t/tau_1))")
        let spec = try SpecFile.parse(text, file: "wrong.yaml")
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.endTime = 500
        let comparison = try Verifier.compare(spec.model, name: "wrong", options: options)
        #expect(comparison.verdict == .fail)
    }

    @Test("inputs, compound units, thresholds and rates are read as written (values by hand)")
    func features() throws {
        // Pulses after spikes 0, 0.3 and 10 ms lasting 0.5 ms: the second restarts the first,
        // so T is on in [0, 0.8) and [10, 10.5).
        let ampa = try SpecFile.parse(try Self.committed("ampa.yaml"), file: "ampa.yaml").model
        #expect(ampa.breakpoints == [0, 0.8, 10, 10.5])
        #expect(ampa.needsNumericReference && ampa.linearSystem == nil)
        var s = 0.5
        var f = 0.0
        for (t, on) in [(0.0, true), (0.79, true), (0.8, false), (9.99, false), (10.0, true), (10.5, false)] {
            try ampa.derivatives(t, &s, &f)
            // α·T·(1 − s) − β·s with α = 0.98/(mM·ms), T = 0.5 mM, β = 0.18/ms.
            let expected = (on ? 0.98 * 0.5 * 0.5 : 0) - 0.18 * 0.5
            #expect(abs(f - expected) <= 1e-15, "t = \(t)")
        }
        #expect(SpecSignal.step(2, from: 1, to: .infinity).switchTimes == [1])
        #expect(SpecSignal.step(2, from: 1, to: .infinity).value(at: 1e9) == 2)
        #expect(SpecSignal.pulses(1, duration: 1, after: []).value(at: 0) == 0)

        // Compound units: 1/(mM·ms) is internal; 2 kHz/uM = 2000 1/(mM·ms); nS·mV = pA.
        #expect(SpecUnit.parse("1/(mM*ms)") == SpecUnit(dimension: SpecDimension(time: -1, amount: -1), scale: 1))
        #expect(SpecUnit.parse("kHz/uM")?.scale == 1e3 && SpecUnit.parse("nS*mV")?.dimension == .current)
        #expect(SpecUnit.parse("ms**-2")?.dimension == SpecDimension(time: -2))
        #expect(SpecUnit.parse("ms**0.5") == nil && SpecUnit.parse("ms + mV") == nil && SpecUnit.parse("2*ms") == nil)

        let lif = try SpecFile.parse(try Self.committed("lif-coba.yaml"), file: "lif-coba.yaml").model
        #expect(lif.threshold == ThresholdRule(variable: 0, threshold: -50, reset: -60, refractory: 0))
        // u∞ = (10·(−60) + 10·(−70) + 1000)/20 = −15 mV, τ′ = 1500/20 = 75 ms:
        // r = 1000/(75·ln(45/35)) Hz.
        let rate = try #require(lif.analyticRate)
        #expect(abs(rate - 1000 / (75 * log(45.0 / 35))) <= 1e-12 * rate)
        #expect(lif.linearSystem != nil, "a constant current keeps the LIF affine")

        // A sine input: u' = (g_l(u_rest − u) + I0 + I1·sin(2π·f·t))/C at u = u_rest, t = 25 ms
        // (f = 10 Hz: a quarter period, sin = 1): (50 + 100)/200 mV/ms.
        let sine = try SpecFile.parse(try Self.committed("lif-sine.yaml"), file: "lif-sine.yaml").model
        var u = -65.0
        var du = 0.0
        try sine.derivatives(25, &u, &du)
        #expect(abs(du - 0.75) <= 1e-14)
        #expect(sine.linearSystem == nil && sine.hasJacobian)

        // Conditionally linear (exponential Euler): NMDA's ds/dt = −s/τ_d + a·x·(1 − s) has
        // A = −1/τ_d − a·x and B = a·x; v' = −v²/τ is nonlinear in v.
        let nmda = try SpecFile.parse(try Self.committed("nmda-kinetics.yaml"), file: "nmda-kinetics.yaml").model
        var state = [0.25, 0.5]
        var a = [0.0, 0.0]
        var b = [0.0, 0.0]
        #expect(nmda.linearCoefficients(0, state, &a, &b))
        #expect(
            abs(a[0] - (-1.0 / 100 - 0.5 * 0.5)) <= 1e-16 && abs(b[0] - 0.5 * 0.5) <= 1e-16 && a[1] == -0.5 && b[1] == 0
        )
        let square = try SpecFile.parse(
            "name: sq\nequations: |\n  dv/dt = -v**2/tau : 1\nparameters:\n  tau: 1 ms\n", file: "sq.yaml"
        ).model
        state = [1]
        #expect(!square.linearCoefficients(0, state, &a, &b))
    }

}

import Foundation
import SynIntegrators
import SynKernels
import SynModels
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

/// Issue 17's reproductions for specs and kernels: each is now one error or a FAIL, quickly,
/// never a signal or a hang.
@Suite("Runaway and wrong inputs")
struct RunawayInputTests {
    static func spec(equations: String, extra: String = "reference: numeric") -> String {
        "name: probe\nequations: |\n" + equations + "\nparameters:\n  tau: 5 ms\n  g0: 1 nS\ninitial:\n  g: 1 nS\n"
            + extra
            + "\n"
    }

    @Test("a flat sum of 40,000 terms is an error naming the limit, not a stack overflow")
    func flatSum() {
        let terms = Array(repeating: "g", count: 40_000).joined(separator: " + ")
        let text = Self.spec(equations: "  dg/dt = -(\(terms))/tau : nS")
        #expect {
            try SpecFile.parse(text, file: "flat.yaml")
        } throws: { error in
            "\(error)".contains("more than \(ExpressionParser.maximumOperations) operations")
        }
    }

    @Test("40 chained subexpressions, each doubling the last, are an error within a second")
    func chainedSubexpressions() {
        let links = (1...40).map { "  a\($0) = a\($0 - 1) + a\($0 - 1) : nS" }.joined(separator: "\n")
        let text = Self.spec(equations: "  dg/dt = -g/tau + a40/tau*1e-12 : nS\n  a0 = g : nS\n" + links)
        let start = ContinuousClock.now
        #expect {
            try SpecFile.parse(text, file: "chain.yaml")
        } throws: { error in
            // 2^40 leaves, 2^41 nodes in all: about 2.2e12 operations.
            "\(error)".contains("expands to about 2199023255") && "\(error)".contains("at most 100000")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a closed form that is NaN for t > 0 fails with the reason, instead of passing with error 0")
    func nanClosedForm() throws {
        // sqrt(-t/tau) is NaN for every t > 0 (and 0 at t = 0).
        let text = Self.spec(
            equations: "  dg/dt = -g/tau : nS",
            extra: "closed_form:\n  g: g0 * exp(-t/tau) + g0 * sqrt(-t/tau)")
        let spec = try SpecFile.parse(text, file: "nan.yaml")
        var options = SolveOptions()
        options.endTime = spec.model.endTime
        let c = try Verifier.compare(spec.model, name: "probe", options: options)
        #expect(c.verdict == .fail)
        #expect(c.reasons.first?.hasPrefix("not finite at t = ") == true, "\(c.reasons)")
        #expect(c.metrics?.maxAbsError == .infinity)
    }

    @Test("a fixed step longer than the span, and a zero step in a ladder, are bad input")
    func impossibleSteps() throws {
        let model = try ModelCatalog.entry(named: "exp").make()
        var options = SolveOptions()
        options.method = .simulator(.euler)
        options.endTime = 50
        for dt in [50.5, 1e12, 0, -1] {
            options.fixedStep = dt
            #expect(throws: ODESolverError.self) { _ = try Verifier.compare(model, name: "exp", options: options) }
        }
        #expect(throws: ODESolverError.self) {
            _ = try ConvergenceStudy.run(model, method: .simulator(.euler), steps: [0.1, 0], endTime: 50)
        }
    }

    @Test("NMDA with tau_decay far below tau_rise is refused at once (GSL's Γ(1 − p, x) takes time ∝ p)")
    func nmdaTimeConstants() {
        let start = ContinuousClock.now
        #expect(throws: InputError.self) {
            _ = try KernelCatalog.entry(named: "nmda").make(overrides: [("tau_decay", 1e-12)])
        }
        #expect(ContinuousClock.now - start < .seconds(1))
        // At the limit, tau_rise/tau_decay = 1e6, it still evaluates.
        #expect(throws: Never.self) {
            _ = try KernelCatalog.entry(named: "nmda").make(overrides: [("tau_decay", 2e-6)])
        }
    }

    @Test("an f–I population too large for memory or time is refused before any allocation")
    func populationLimits() {
        let many = [Double](repeating: 0, count: LIFPopulation.maximumNeurons + 1)
        #expect(throws: ODESolverError.self) {
            _ = try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: many, shunts: many, duration: 1, dt: 0.1, method: .euler,
                threshold: .grid)
        }
        #expect(throws: ODESolverError.self) {
            _ = try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: [1, 2], shunts: [0, 0], duration: 1e9, dt: 0.1, method: .euler,
                threshold: .grid)
        }
    }

    @Test("a threshold model's crossing locator works within the step budget")
    func locatorBudget() throws {
        let model = try ModelCatalog.entry(named: "lif-coba").make(overrides: [("I", 1000)])
        var options = SolveOptions()
        options.endTime = 100_000
        options.maximumSteps = 100_000
        // 5,321 steps of the solve itself, but about 940,000 of the locator's: beyond the budget.
        #expect {
            _ = try Integrator.solve(model, options: options)
        } throws: { error in
            "\(error)".contains("step count exceeded (100000 steps)") && "\(error)".contains("crossing locator")
        }
    }

    @Test("a superposed closed form over a train too long to evaluate is refused, naming the longest allowed")
    func longTrain() throws {
        let spikes = (0..<5000).map { "\(Double($0) * 0.01) ms" }.joined(separator: ", ")
        let text = Self.spec(
            equations: "  dg/dt = -g/tau : nS",
            extra: "on_spike: g += g0\nspikes: [\(spikes)]\nclosed_form:\n  g: g0*exp(-t/tau)\n  superpose: true")
        let spec = try SpecFile.parse(text.replacingOccurrences(of: "initial:\n  g: 1 nS\n", with: ""), file: "s.yaml")
        var options = SolveOptions()
        options.endTime = spec.model.endTime
        let start = ContinuousClock.now
        #expect {
            _ = try Verifier.compare(spec.model, name: "probe", options: options)
        } throws: { error in
            "\(error)".contains("option 'spikes' = 5000") && "\(error)".contains("at most about 4")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a kernel whose values are not finite for the parameters is an error, never null with exit 0")
    func nonFiniteKernel() {
        #expect(throws: InputError.self) {
            _ = try KernelEvaluation(name: "dualexp-peak", assignments: ["tau1=5e-324"], spikes: nil, at: "0,10")
        }
    }

    @Test("spike times sorted, repeated or after t_end are named in notes, not handled silently")
    func spikeNotes() throws {
        let request = try SolveRequest(
            model: "exp", assignments: [], spikes: "3,1,1,70", method: .gsl(.rk8pd), options: SolveOptions(),
            endTime: nil, dt: nil, at: nil)
        #expect(request.notes.count == 3, "\(request.notes)")
        #expect(request.notes[0].contains("not in increasing order"))
        #expect(request.notes[1].contains("1.0 ms given more than once"))
        #expect(request.notes[2].contains("1 spike time(s) after t_end = 50.0 ms"))
        let plain = try SolveRequest(
            model: "exp", assignments: [], spikes: "0,1", method: .gsl(.rk8pd), options: SolveOptions(), endTime: nil,
            dt: nil, at: nil)
        #expect(plain.notes.isEmpty)
    }

    @Test("an f–I sweep in which no neuron fires twice reports no ISI error, not 0 Hz")
    func silentPopulation() throws {
        let sweep = try FICurves.sweep(
            LIFPopulation.Parameters(), currents: [0, 10], shunts: [0, 0], duration: 100, dt: 0.1, method: .exact,
            threshold: .precise)
        #expect(sweep.curve.worstError == nil)
    }
}

import Foundation
import SynIntegrators
import SynModels
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

/// The seed models shipped as specs (data/models/) against the built-in catalogue: the closed
/// forms in the specs are written by hand (derivations in each file's header), the catalogue's
/// come from the kernel library, so their agreement checks both; the integrations must agree
/// to round-off.
@Suite("Seed models as specs")
struct SeedSpecTests {
    /// Spec file, catalogue model, and whether the catalogue model has a closed form for every
    /// variable the spec has one for (both are compared where both exist).
    static let pairs: [(file: String, model: String)] = [
        ("exp.yaml", "exp"), ("alpha.yaml", "alpha"), ("alpha-brainpy.yaml", "alpha-brainpy"),
        ("dualexp.yaml", "dualexp"),
        ("dualexp-peak.yaml", "dualexp-peak"), ("voltage-jump.yaml", "voltage-jump"), ("ampa.yaml", "ampa"),
        ("gabaa.yaml", "gabaa"),
        ("gabab.yaml", "gabab"), ("gap.yaml", "gap"), ("psp.yaml", "psp"), ("psp-alpha.yaml", "psp-alpha"),
        ("lif-sine.yaml", "lif-sine"), ("lif-coba.yaml", "lif-coba"), ("lif-shunting.yaml", "lif-shunting"),
        ("nmda-kinetics.yaml", "nmda-kinetics"),
    ]

    static func spec(_ file: String) throws -> SpecFile.Spec {
        try SpecFile.parse(try SpecFileTests.committed(file), file: file)
    }

    @Test(
        "every seed model written as a spec has the catalogue model's variables, closed forms and peak",
        arguments: pairs)
    func closedForms(file: String, model name: String) throws {
        let spec = try Self.spec(file)
        let builtIn = try ModelCatalog.entry(named: name).make()
        #expect(spec.model.variables == builtIn.variables)
        #expect(spec.model.initialState == builtIn.initialState)
        #expect(spec.model.spikeTimes == builtIn.spikeTimes)
        // A switch at t = 0 changes nothing.
        #expect(spec.model.breakpoints.filter { $0 > 0 } == builtIn.breakpoints.filter { $0 > 0 }.sorted())
        #expect(spec.model.threshold == builtIn.threshold)
        var compared = 0
        let end = spec.model.endTime
        let scale =
            (0...400).map { builtIn.exactState(at: end * Double($0) / 400).compactMap { $0 }.map(abs).max() ?? 0 }.max()
            ?? 0
        for k in 0...400 {
            let t = end * Double(k) / 400
            for (a, b) in zip(spec.model.exactState(at: t), builtIn.exactState(at: t)) {
                guard let a, let b else { continue }
                compared += 1
                #expect(abs(a - b) <= 1e-12 * max(scale, 1e-300), "\(file) t = \(t): spec \(a), catalogue \(b)")
            }
        }
        if !spec.model.needsNumericReference && spec.model.threshold == nil { #expect(compared > 400) }
        if let p = spec.model.analyticPeak, let q = builtIn.analyticPeak {
            #expect(
                abs(p.time - q.time) <= 1e-12 * q.time && abs(p.value - q.value) <= 1e-12 * abs(q.value),
                "\(file): \(p) vs \(q)")
        }
        if let r = spec.model.analyticRate, let s = builtIn.analyticRate {
            #expect(abs(r - s) <= 1e-12 * s, "\(file): rate \(r) vs \(s) Hz")
        }
    }

    @Test(
        "every seed spec integrates like its catalogue model (RK4, exp. Euler at 0.01 ms; rk8pd to tolerance)",
        arguments: pairs)
    func integration(file: String, model name: String) throws {
        let spec = try Self.spec(file)
        let builtIn = try ModelCatalog.entry(named: name).make()
        let end = spec.model.endTime
        var probe = [Double](repeating: 0, count: 2 * builtIn.variables.count)
        let conditionallyLinear = builtIn.initialState.withUnsafeBufferPointer { y in
            probe.withUnsafeMutableBufferPointer {
                builtIn.linearCoefficients(
                    0, y.baseAddress!, $0.baseAddress!, $0.baseAddress! + builtIn.variables.count)
            }
        }
        for method in [IntegrationMethod.simulator(.classicRK4), .gsl(.rk8pd)]
            + (conditionallyLinear ? [.simulator(.exponentialEuler)] : [])
        {
            var options = SolveOptions()
            options.method = method
            options.endTime = end
            options.epsAbs = 1e-10
            options.epsRel = 1e-10
            if case .simulator = method { options.fixedStep = 0.01 }
            options.outputTimes = (0...100).map { end * Double($0) / 100 }
            let a = try Integrator.solve(spec.model, options: options)
            let b = try Integrator.solve(builtIn, options: options)
            #expect(a.spikes.count == b.spikes.count)
            for (x, y) in zip(a.spikes, b.spikes) { #expect(abs(x - y) <= 1e-9, "\(file): spike at \(x) vs \(y) ms") }
            // Same arithmetic up to operation order: round-off per step (fixed step), or the
            // tolerance of two adaptive solves with slightly different step sequences.
            let relative = options.fixedStep != nil ? 1e-11 : 1e-8
            for i in spec.model.variables.indices {
                let scale = max(b.values[i].map(abs).max() ?? 0, 1e-300)
                for k in options.outputTimes.indices {
                    #expect(
                        abs(a.values[i][k] - b.values[i][k]) <= relative * scale,
                        Comment(
                            rawValue:
                                "\(file) \(method) \(spec.model.variables[i].name) at t = \(options.outputTimes[k]): "
                                + "\(a.values[i][k]) vs \(b.values[i][k])")
                    )
                }
            }
        }
    }

    @Test(
        "each spec passes with every method it lists; the known-wrong rate written as a spec is caught with its reason")
    func verdicts() throws {
        for (file, _) in Self.pairs {
            let spec = try Self.spec(file)
            for (method, step) in spec.methods {
                var options = SolveOptions()
                options.method = method
                options.endTime = spec.model.endTime
                options.fixedStep = step
                let c = try Verifier.compare(spec.model, name: spec.model.name, options: options)
                #expect(c.verdict == .pass, "\(file) \(method): \(c.reasons)")
            }
        }
        let wrong = try Self.spec("lif-rate-seed-approx.yaml")
        var options = SolveOptions()
        options.endTime = wrong.model.endTime
        let c = try Verifier.compare(wrong.model, name: wrong.model.name, options: options)
        #expect(c.verdict == .fail)
        // By hand: I_rh = 10 nS·10 mV + 10 nS·20 mV = 300 pA; (1000 − 300) pA/(1500 pF·10 mV) = 46.667 Hz.
        let claimed = try #require(c.rate?.analytic)
        #expect(abs(claimed - 700.0 / 15000 * 1000) <= 1e-12 * claimed)
        #expect(c.reasons.contains { $0.hasPrefix("wrong rate by -12.0") }, "\(c.reasons)")
    }
}

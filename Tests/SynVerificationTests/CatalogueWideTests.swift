import SynIntegrators
import SynModels
import SynVerification
import SynVerifyGSL
import Testing

/// Smooth catalogue models with an end time and a base step suited to their time constants
/// (end times avoid the zeros of the leading error coefficient; see `pointSuperconvergence`).
let smoothModels: [(name: String, end: Double, base: Double)] = [
    ("exp", 4, 0.02), ("alpha", 15, 0.05), ("dualexp", 5, 0.01), ("dualexp-peak", 30, 0.08), ("lif-sine", 100, 0.2),
    ("alpha-brainpy", 6, 0.02), ("psp", 20, 0.02), ("psp-alpha", 8, 0.02), ("nmda-kinetics", 20, 0.02),
]

@Suite("Catalogue-wide checks")
struct CatalogueWideTests {
    @Test("fixed-step orders within ±0.2 of nominal on every smooth model", arguments: smoothModels.indices)
    func orders(_ index: Int) throws {
        let (name, end, base) = smoothModels[index]
        let model = try ModelCatalog.entry(named: name).make()
        for method in [SimulatorMethod.euler, .exponentialEuler, .midpoint, .heun, .classicRK4] {
            let scale = method == .classicRK4 ? 5 * base : base
            let study = try ConvergenceStudy.run(
                model, method: .simulator(method), steps: [1, 0.8, 0.625, 0.5, 0.4].map { $0 * scale }, endTime: end)
            if study.excluded.count == study.steps.count {
                // Exact for this model (exponential Euler on a scalar linear decay): all at round-off.
                #expect(
                    study.excluded.allSatisfy { $0.reason.hasPrefix("at the round-off floor") },
                    "\(name) \(method): \(study.excluded)")
                continue
            }
            #expect(
                abs(study.order - Double(method.nominalOrder)) <= 0.2,
                "\(name) \(method): order \(study.order), pairwise \(study.pairwiseOrders)")
        }
    }

    /// Forward Euler's leading error coefficient for the alpha synapse's final value vanishes near
    /// t = 2τ: measured there, the order reads 2 and must be flagged, not reported as Euler's.
    @Test("a vanishing final-time error coefficient is flagged as superconvergence; the max-norm is not fooled")
    func pointSuperconvergence() throws {
        let model = try ModelCatalog.entry(named: "alpha").make()
        let study = try ConvergenceStudy.run(
            model, method: .simulator(.euler), steps: [0.05, 0.04, 0.03125, 0.025, 0.02], endTime: 10,
            measure: .finalTime)
        #expect(study.superconvergent, "order \(study.order)")
        // The max-norm over the grid is not fooled.
        let robust = try ConvergenceStudy.run(
            model, method: .simulator(.euler), steps: [0.05, 0.04, 0.03125, 0.025, 0.02], endTime: 10)
        #expect(abs(robust.order - 1) <= 0.2 && !robust.superconvergent, "max-norm order \(robust.order)")
    }

    /// Known exceptions, found by this check and kept as findings: GSL's bsimp exceeds the
    /// accumulation bound on the GABA_B cascade at 1e-8 (2182 tolerance units over 1051 steps),
    /// and rk1imp's threshold crossings on the LIF are off far beyond its bound.
    static let exceptions: Set<String> = ["gabab/bsimp", "lif-coba/rk1imp"]
    static let closedFormModels = [
        "exp", "alpha", "dualexp", "dualexp-peak", "lif-sine", "nmda-kinetics", "alpha-brainpy",
        "voltage-jump", "ampa", "gabaa", "gabab", "gap", "psp", "psp-alpha", "lif-coba",
    ]

    @Test(
        "every adaptive stepper within its tolerance-unit bound on every closed-form model, eps 1e-8",
        arguments: closedFormModels)
    func toleranceUnits(name: String) throws {
        let entry = try ModelCatalog.entry(named: name)
        for stepper in Stepper.allCases {
            let model = try entry.make()
            if stepper.requiresJacobian && !model.hasJacobian { continue }
            let comparison = try Verifier.compare(
                model, name: name, options: adaptive(stepper, eps: 1e-8, end: entry.defaultEndTime))
            let metrics = try #require(comparison.metrics, "\(name)/\(stepper)")
            let units = try #require(metrics.maxToleranceUnits)
            let bound = Double(try #require(comparison.work).acceptedSteps)
            if Self.exceptions.contains("\(name)/\(stepper.rawValue)") {
                #expect(
                    units > bound, "\(name)/\(stepper) is listed as an exception but now passes: \(units) ≤ \(bound)")
            } else {
                #expect(units <= bound, "\(name)/\(stepper): \(units) tolerance units > \(bound)")
            }
        }
    }

    /// The integrated dual exponential and PSPs near τ1 = τ2 stay finite and hold their closed
    /// forms (which are exact there; see the kernel limit tests).
    @Test("singular limits: |τ1 − τ2|/τ from 1e-1 to 1e-12, integrated", arguments: [1e-1, 1e-4, 1e-8, 1e-12])
    func singularLimits(epsilon: Double) throws {
        let cases: [(String, [(name: String, value: Double)], Double)] = [
            ("dualexp", [("tau1", 5), ("tau2", 5 * (1 + epsilon))], 50),
            ("dualexp-peak", [("tau1", 8), ("tau2", 8 * (1 + epsilon))], 80),
            ("psp", [("tau_m", 10), ("tau_s", 10 * (1 + epsilon))], 100),
            ("psp-alpha", [("tau_m", 10), ("tau_s", 10 * (1 + epsilon))], 100),
        ]
        for (name, overrides, end) in cases {
            let comparison = try Verifier.compare(
                try ModelCatalog.entry(named: name).make(overrides: overrides), name: name,
                options: adaptive(.rk8pd, eps: 1e-12, end: end))
            #expect(comparison.verdict == .pass, "\(name) at ε = \(epsilon): \(comparison.reasons)")
            let metrics = try #require(comparison.metrics)
            #expect(metrics.maxRelError < 1e-9, "\(name) at ε = \(epsilon): \(metrics.maxRelError)")
        }
    }
}

import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynSpec
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// A suite of one engine entry on a repository spec (data/models/NAME.yaml), run with 2 jobs.
func engineRows(_ spec: String, engine: String, methods: String, steps: String) throws -> [SuiteResult] {
    let program = repositoryRoot.appendingPathComponent("engines/\(engine)_engine.py").path
    let suite = try SuiteFile.parse(
        """
        schema_version: 1
        entries:
          - spec: \(repositoryRoot.appendingPathComponent("data/models/\(spec).yaml").path)
            engine: \(engine)
            command: [\(EngineTests.python), \(program)]
            batch: true
            methods: \(methods)
            step_ladder: \(steps)
        """, file: "engines.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
    return try SuiteRunner.run(suite, jobs: 2) { _, _, _, _ in }
}

/// The real NEST 3.10.0 (engines/nest_engine.py): its models chosen from the problem's equations.
@Suite("NEST engine")
struct NestEngineTests {
    static let available = EngineTests.imports("nest")

    /// NEST's testsuite (test_iaf_psc_alpha_dc.py, test_iaf_dc.sli) publishes the DC neuron's first
    /// spike at 4.700036292457356 ms; the spec derives it by hand as tau_m·ln(V_inf/(V_inf − V_th))
    /// = 10·ln(1.6) ms. The two agree to an ulp, and NEST's precise-spiking iaf_psc_exp_ps hits
    /// every spike to 1e-12 ms at each step of the ladder.
    @Test(
        "NEST's DC test: the spec's hand-derived spikes equal NEST's published 4.700036292457356 ms, and ps meets them",
        .enabled(if: available, "skipped: NEST is not installed in .venv-engines (make engines)"))
    func dcTest() throws {
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/nest-dc.yaml").path)
        let first = try #require(spec.model.expectedSpikes?.times.first)
        #expect(abs(first - 4.700036292457356) <= 2 * Double.ulpOfOne * 4.7, "\(first)")
        let rows = try engineRows("nest-dc", engine: "nest", methods: "[ps, grid]", steps: "[0.4, 0.2, 0.1, 0.05]")
        let ps = try #require(rows.first)
        #expect(ps.failure == nil && ps.passed, "\(ps.failureReasons)")
        #expect((ps.comparison?.spikeTimes?.worstError ?? 1) <= 1e-12)
        // NEST's grid model reports a spike at the end of the step in which V crosses: the spikes
        // are late by up to a step each, and refractoriness counted from there adds up.
        let grid = rows[1]
        #expect(!grid.passed)
        let late = try #require(grid.comparison?.spikeTimes?.worstError)
        #expect(late > 0.01 && late <= 3 * 0.05, "\(late)")
    }

    /// NEST's aeif_cond_exp for the AdEx spec (Brian2's Brette_Gerstner_2005.py): the parameters
    /// the engine fits from the equations are the example's, written here by hand from it (C 281 pF,
    /// g_L 30 nS, E_L −70.6 mV, V_T −50.4 mV, Δ_T 2 mV, τ_w 144 ms, a 4 nS, b 0.0805 nA, V_r −70.6 mV,
    /// V_cut = V_T + 5Δ_T = −40.4 mV; I 1 nA from 20 to 120 ms), to 1e-9 relative. NEST's grid
    /// reports each spike at the end of the step in which V reached V_peak, so every spike is late,
    /// by less than three steps (measured: two at 0.01 ms, NEST's default gsl_error_tol 1e-6), and
    /// on the grid; such a row fails (the spec's spike tolerance is 1e-6 ms). No `ps` model exists.
    @Test(
        "NEST's aeif_cond_exp gets the AdEx example's parameters; its grid spikes are late by under 3 steps",
        .enabled(if: available, "skipped: NEST is not installed in .venv-engines (make engines)"))
    func adex() throws {
        let path = repositoryRoot.appendingPathComponent("data/models/brian2/brette-gerstner2005-adex.yaml").path
        let problem = try ProblemFile.problem(try SpecFile.read(path))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("adex-\(UUID().uuidString).json")
        try problem.serialized().write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: EngineTests.python)
        process.arguments = [
            repositoryRoot.appendingPathComponent("Tests/Fixtures/nest_adex_fit.py").path, file.path, "10", "70",
            "130",
        ]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fitted = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let published: [(String, Double)] = [
            ("C_m", 281), ("g_L", 30), ("E_L", -70.6), ("V_th", -50.4), ("Delta_T", 2), ("tau_w", 144), ("a", 4),
            ("b", 80.5), ("V_reset", -70.6), ("V_peak", -40.4),
        ]
        for (name, value) in published {
            let got = try #require(fitted[name] as? Double, "\(name)")
            #expect(abs(got - value) <= 1e-9 * abs(value), "\(name): \(got) against \(value)")
        }
        let current = try #require(fitted["I_e"] as? [Double])
        #expect(
            current.count == 3 && abs(current[0]) <= 1e-9 && abs(current[1] - 1000) <= 1e-9 && abs(current[2]) <= 1e-9)
        let rows = try engineRows(
            "brian2/brette-gerstner2005-adex", engine: "nest", methods: "[grid, ps]", steps: "[0.02, 0.01]")
        let grid = rows[0]
        #expect(!grid.passed)
        let late = try #require(grid.comparison?.spikeTimes?.worstError)
        #expect(late > 0 && late < 3 * 0.01, "\(late)")
        #expect(rows[1].failure?.contains("no precise-spiking 'aeif_cond_exp_ps'") == true)
    }

    @Test(
        "NEST's iaf_psc_exp is exact on the current-based PSP; its iaf_cond_exp (GSL rkf45) within 1e-8 nS",
        .enabled(if: available, "skipped: NEST is not installed in .venv-engines (make engines)"))
    func synapses() throws {
        let psp = try #require(try engineRows("psp", engine: "nest", methods: "[grid]", steps: "[0.2, 0.1]").first)
        #expect(psp.passed && (psp.maxError ?? 1) <= 1e-13, "\(psp.failureReasons) \(psp.maxError ?? .nan)")
        let exp = try #require(try engineRows("exp", engine: "nest", methods: "[grid, ps]", steps: "[0.2, 0.1]"))
        #expect(exp[0].passed && (exp[0].maxError ?? 1) <= 1e-8, "\(exp[0].failureReasons)")
        // NEST cannot record iaf_cond_alpha's helper state: the row names x and compares g.
        let alpha = try #require(try engineRows("alpha", engine: "nest", methods: "[grid]", steps: "[0.2, 0.1]").first)
        #expect(alpha.passed && alpha.unrecorded == ["x"], "\(alpha.failureReasons) \(alpha.unrecorded)")
        #expect(exp[0].unrecorded.isEmpty)
        // NEST has no precise-spiking conductance model: a skipped row naming why, never a pass.
        #expect(exp[1].failure?.hasPrefix("skipped: ps does not apply: NEST has no model") == true)
        #expect(!exp[1].passed)
    }

    @Test(
        "a problem NEST has no model for is a skipped row with the reason (AMPA's transmitter pulses)",
        .enabled(if: available, "skipped: NEST is not installed in .venv-engines (make engines)"))
    func noModel() throws {
        let r = try #require(try engineRows("ampa", engine: "nest", methods: "[grid]", steps: "[0.2, 0.1]").first)
        #expect(r.failure?.contains("input switches") == true && !r.passed, "\(r.failure ?? "")")
    }
}

/// The real BrainPy 2.8.2 with JAX 0.10.2 (engines/brainpy_engine.py).
@Suite("BrainPy engine")
struct BrainPyEngineTests {
    static let available = EngineTests.imports("brainpy")

    /// Classic RK4 on dg/dt = −g/τ multiplies g by R(z) = 1 + z + z²/2 + z³/6 + z⁴/24 per step,
    /// z = −h/τ (hand derivation), so at t = 50 ms g = 5·R(−h/2)^(50/h) nS; exp_auto (exponential
    /// Euler, exact for a linear decay) multiplies by e^z: the closed form to round-off.
    @Test(
        "BrainPy's rk4 gives RK4's amplification 5·R(−h/2)^k; exp_auto the exponential to round-off",
        .enabled(if: available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func exponentialSynapse() throws {
        let rows = try engineRows("exp", engine: "brainpy", methods: "[rk4, exp_auto]", steps: "[0.2, 0.1]")
        #expect(rows.allSatisfy { $0.failure == nil && $0.passed }, "\(rows.map(\.failureReasons))")
        let rk4 = rows[0]
        #expect(abs((rk4.convergence?.order ?? 0) - 4) <= 0.2, "\(rk4.convergence?.order ?? .nan)")
        let trace = try #require(rk4.comparison?.trace)
        let h = 0.1
        let z = -h / 2
        let amplification = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24
        let k = try #require(trace.times.firstIndex { abs($0 - 10) < 1e-9 })
        let expected = 5 * pow(amplification, (10 / h).rounded())
        #expect(abs(trace.numeric[k] - expected) <= 1e-13, "\(trace.numeric[k]) vs \(expected)")
        #expect((rows[1].maxError ?? 1) <= 1e-13 && rows[1].convergence?.exactToRoundOff == true)
    }

    /// float32 stops near its round-off (1e-7 of 5 nS): the error is far above float64's and no
    /// order is claimed. BrainPy's exp_auto on the coupled alpha synapse is first order (x is held
    /// over each step in g's update), which its nominal order 1 states; at 0.1 ms its error is
    /// 1.007 % of the peak (measured), beyond the 1 % trajectory bound: a wrong result that fails.
    @Test(
        "BrainPy's float32 rk4 stops at float32's floor; exp_auto is first order on alpha and 1 % off at 0.1 ms",
        .enabled(if: available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func floatsAndCoupling() throws {
        let f32 = try #require(
            try engineRows("exp", engine: "brainpy", methods: "[rk4_f32]", steps: "[0.2, 0.1]").first)
        let error = try #require(f32.maxError)
        #expect(error > 1e-8 && error < 1e-5 && f32.nominalOrder == nil, "\(error)")
        let alpha = try #require(
            try engineRows("alpha", engine: "brainpy", methods: "[exp_auto]", steps: "[0.4, 0.2, 0.1]").first)
        #expect(abs((alpha.convergence?.order ?? 0) - 1) <= 0.2, "\(alpha.convergence?.order ?? .nan)")
        #expect(!alpha.passed && alpha.failureReasons.first?.hasPrefix("wrong trajectory") == true)
    }

    /// BrainPy's own classes under its runner (`_runner`): DualExponV2 integrates its two exponentials
    /// separately, so exp_auto is exact for the dual exponential (round-off of its 100 nS peak);
    /// the AMPA class under the runner labels the state after each step with the step's start, so
    /// GABA_A's transmitter pulses come out a step early and the row fails, while the same spec
    /// through bp.odeint with this engine's own loop is exact with exp_auto. AMPA's pulses of two
    /// durations (0.8 and 0.5 ms) have no BrainPy class: a skipped row saying so.
    @Test(
        "BrainPy's classes under its runner: DualExponV2 exact, AMPA a step early (fails) where the own loop is exact",
        .enabled(if: available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func runner() throws {
        let dual = try #require(
            try engineRows("dualexp-peak", engine: "brainpy", methods: "[exp_auto_runner]", steps: "[0.2, 0.1]").first)
        #expect(dual.passed && (dual.maxError ?? 1) <= 1e-10, "\(dual.failureReasons) \(dual.maxError ?? .nan)")
        let gabaa = try engineRows(
            "gabaa", engine: "brainpy", methods: "[exp_auto, exp_auto_runner]", steps: "[0.2, 0.1]")
        #expect(gabaa[0].passed && (gabaa[0].maxError ?? 1) <= 1e-12, "\(gabaa[0].failureReasons)")
        #expect(!gabaa[1].passed && gabaa[1].failureReasons.first?.hasPrefix("wrong trajectory") == true)
        let ampa = try #require(
            try engineRows("ampa", engine: "brainpy", methods: "[exp_auto_runner]", steps: "[0.2, 0.1]").first)
        #expect(ampa.failure?.contains("BrainPy's AMPA has one T_dur") == true, "\(ampa.failure ?? "")")
    }
}

/// BrainPy's DualExpon and GapJunction under its runner.
@Suite("BrainPy engine: DualExpon and GapJunction")
struct BrainPyClassTests {
    static let available = EngineTests.imports("brainpy")

    /// DualExpon (dg/dt = −g/τ_decay + h, dh/dt = −h/τ_rise): BrainPy's exp_auto solves g's equation
    /// with h frozen at the step's start (it linearises each variable in itself alone), an error of
    /// order dt in g, so order 1 where DualExponV2 (two separate exponentials) is exact; rk4 on the
    /// same class is fourth order. A problem that is not a dual exponential has no DualExpon row.
    @Test(
        "BrainPy's DualExpon: exp_auto first order, rk4 fourth; refused for a single exponential",
        .enabled(if: available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func dualExpon() throws {
        let rows = try engineRows(
            "dualexp-peak", engine: "brainpy", methods: "[exp_auto_runner_dualexpon, rk4_runner_dualexpon]",
            steps: "[0.2, 0.1]")
        #expect(abs((rows[0].convergence?.order ?? 0) - 1) <= 0.2, "\(rows[0].convergence?.order ?? .nan)")
        #expect(rows[0].nominalOrder == 1 && rows[1].nominalOrder == 4)
        #expect(abs((rows[1].convergence?.order ?? 0) - 4) <= 0.2 && rows[1].passed, "\(rows[1].failureReasons)")
        let exp = try #require(
            try engineRows("exp", engine: "brainpy", methods: "[exp_auto_runner_dualexpon]", steps: "[0.2, 0.1]")
                .first)
        #expect(exp.failure?.contains("DualExpon is BrainPy's dual exponential") == true, "\(exp.failure ?? "")")
    }

    /// GapJunction between two bp.neurons.LIF cells adds g·(V_pre − V_post) to the cells' inputs once
    /// per step, from the voltages at the step's start, and the cells then integrate with that input
    /// held: a splitting error of order dt whatever the cells' integrator. So exp_auto (nominal 1)
    /// passes and rk4 (nominal 4) measures order 1 and fails — a correct claim and a wrong one.
    @Test(
        "BrainPy's GapJunction is first order with every method: exp_auto passes, rk4 fails its order 4",
        .enabled(if: available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func gapJunction() throws {
        let rows = try engineRows(
            "gap", engine: "brainpy", methods: "[exp_auto_runner, rk4_runner]", steps: "[0.4, 0.2, 0.1]")
        for row in rows {
            #expect(abs((row.convergence?.order ?? 0) - 1) <= 0.2, "\(row.method): \(row.convergence?.order ?? .nan)")
        }
        #expect(rows[0].passed, "\(rows[0].failureReasons)")
        #expect(!rows[1].passed && rows[1].failureReasons.first?.contains("convergence order") == true)
    }
}

/// The engines pin the instruction sets numpy and XLA choose code by (engine_contract.pin_instruction_sets):
/// measured on this AVX-512 host, BrainPy's rk4 traces change in their last bits when XLA is capped
/// at SSE4.2, so without the pin a machine's CPU would change the report's figures.
@Suite("Engines and the host's instruction sets")
struct InstructionSetTests {
    /// The same BrainPy run under a parent environment that caps XLA at AVX-512 and one that caps
    /// it at SSE4.2: byte-identical traces. Without the pin (SYNVERIFY_NATIVE_ISA=1) the two differ
    /// on this host (measured: float32 rk4 on gabab.yaml at 0.1 ms; checked with SYNVERIFY_NATIVE_ISA=1).
    @Test(
        "an engine's trace does not depend on the instruction sets its environment allows",
        .enabled(if: BrainPyClassTests.available, "skipped: BrainPy is not installed in .venv-engines (make engines)"))
    func pinned() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("isa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/gabab.yaml").path)
        let problem = directory.appendingPathComponent("gabab.json").path
        try ProblemFile.problem(spec).serialized().write(toFile: problem, atomically: true, encoding: .utf8)
        func trace(_ engine: String, _ method: String, _ environment: [String: String], tolerance: Bool = false)
            throws -> String
        {
            let path = directory.appendingPathComponent("\(engine)-\(environment.values.joined()).csv").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EngineTests.python)
            process.arguments =
                [
                    repositoryRoot.appendingPathComponent("engines/\(engine)_engine.py").path, problem, path,
                    "--method",
                    method, "--dt", "0.1",
                ] + (tolerance ? ["--rtol", "1e-10", "--atol", "1e-10"] : [])
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let wide = try trace("brainpy", "rk4_f32", ["XLA_FLAGS": "--xla_cpu_max_isa=AVX512"])
        let narrow = try trace("brainpy", "rk4_f32", ["XLA_FLAGS": "--xla_cpu_max_isa=SSE4_2"])
        #expect(wide == narrow && wide.split(separator: "\n").count > 100)
        // scipy's Radau solves with OpenBLAS, whose kernels follow the CPU too (measured: gabab.yaml at
        // eps 1e-10 gives different traces with the Haswell and SkylakeX kernels when not pinned).
        let haswell = try trace("scipy", "Radau", ["OPENBLAS_CORETYPE": "Haswell"], tolerance: true)
        let skylake = try trace("scipy", "Radau", ["OPENBLAS_CORETYPE": "SkylakeX"], tolerance: true)
        #expect(haswell == skylake && haswell.split(separator: "\n").count > 100)
    }
}

/// NEST's ODE-toolbox 3.0.0 (engines/odetoolbox_engine.py): its analytic propagators.
@Suite("ODE-toolbox engine")
struct OdeToolboxEngineTests {
    static let available = EngineTests.imports("odetoolbox")

    /// On the exponential synapse its propagator e^(−h/τ) is exact (round-off of 5 nS). With time
    /// constants 1e-12 ms apart, its default propagator, a difference of exponentials
    /// over (τ₁ − τ₂), cancels about 13 digits (ε·τ/d ≈ 1e-16·5/1e-12 ≈ 5e-4 relative,
    /// an estimate by hand), so it misses the spec's stated 1e-13 nS (NEST's published
    /// accuracy for exact integration), which SynVerify's exact meets on the same spec.
    @Test(
        "ODE-toolbox's propagator is exact on exp, and loses most digits 1e-12 ms from the alpha limit",
        .enabled(if: available, "skipped: ODE-toolbox is not installed in .venv-engines (make engines)"))
    func propagators() throws {
        let exp = try #require(
            try engineRows("exp", engine: "odetoolbox", methods: "[propagator]", steps: "[0.2, 0.1]").first)
        #expect(exp.passed && (exp.maxError ?? 1) <= 1e-13, "\(exp.failureReasons) \(exp.maxError ?? .nan)")
        let near = try #require(
            try engineRows("dualexp-near-alpha", engine: "odetoolbox", methods: "[propagator]", steps: "[0.2, 0.1]")
                .first)
        let error = try #require(near.maxError)
        #expect(!near.passed && error > 1e-6 && error < 1e-2, "\(error)")
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/dualexp-near-alpha.yaml").path)
        var options = SolveOptions()
        options.method = .simulator(.exact)
        options.fixedStep = 0.1
        options.endTime = 100
        let own = try Verifier.compare(spec.model, name: "near", options: options)
        #expect(own.verdict == .pass && (own.metrics?.maxAbsError ?? 1) <= 1e-13)
    }
}

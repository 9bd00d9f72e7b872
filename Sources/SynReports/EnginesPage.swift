import SynIntegrators
import SynVerification

/// `engines.md`, the accuracy atlas: for each model another simulator ran (`IntegrationMethod.external`
/// "engine:method"), every simulator:method on it, SynVerify's own included, with its max error,
/// spike-time or rate error, and order (fixed steps) or tolerance slope (adaptive) against nominal;
/// a plot of error against step and one of error against tolerance, one line per simulator:method;
/// and what the rows show in words. Pure: a function of the rows.
public enum EnginesPage {
    /// The page and its plots; empty when no row came from an engine.
    public static func files(_ results: [SuiteResult]) -> [ModelPage.File] {
        let engineRows = results.filter(isEngineRow)
        guard !engineRows.isEmpty else { return [] }
        var models: [String] = []
        for r in engineRows where !models.contains(r.model) { models.append(r.model) }
        var lines = introduction
        var plots: [ModelPage.File] = []
        for model in models {
            let rows = results.filter { $0.model == model }
            let section = self.section(model, rows: rows, all: results)
            lines += section.lines
            plots += section.plots
        }
        lines += notes
        if engineRows.contains(where: { $0.failure != nil }) {
            lines += ["", "Rows without figures say why (an engine not installed names pip's error)."]
        }
        return [("engines.md", (lines + [""]).joined(separator: "\n"))] + plots
    }

    static func isEngineRow(_ r: SuiteResult) -> Bool { if case .external = r.method { true } else { false } }

    static let introduction = [
        "# Accuracy atlas: outside simulators beside SynVerify", "",
        "Each spec below ran in other simulators: `synverify problem` wrote it as a problem, the engine",
        "(`engines/`, pinned versions, installed by `make engines`) ran it with each method, and SynVerify",
        "judged its trace like a solve of its own, beside SynVerify's own methods on the same spec.",
        "Fixed-step methods run over a ladder of steps and are judged at the finest; adaptive methods over",
        "a ladder of tolerances (rtol = atol = eps, atol in the states' units) and at the simulator's own",
        "defaults (`@defaults`: what a user who sets nothing gets). Errors are taken on the comparison grid",
        "moved to the recorded times (the same numbers get the same verdict); a trace that skips rows or",
        "leaves a gap longer than half the model's shortest time scale is refused. The order is the",
        "least-squares slope of log error on log step, the tolerance slope that on log eps (nominal 1:",
        "error proportional to the tolerance).", "",
    ]

    static let notes = [
        "", "## How the engines run the problems", "",
        "- Brian2 (`engines/brian2_engine.py`, numpy target): spikes are applied before the step that starts",
        "  at them (generator and synapses in the `before_groups` slot), as the closed forms assume;",
        "  thresholds are tested on the grid, so spike times move by up to one step.",
        "- NEURON (`engines/neuron_engine.py`): the point process is chosen from the problem's equations",
        "  (ExpSyn for one decaying conductance, AlphaSynapse for equal time constants, Exp2Syn for two).",
        "  ExpSyn integrates its conductance by `cnexp`, exact for a linear decay, under either",
        "  `secondorder`; AlphaSynapse exposes only its current, evaluated at the middle of each fixed step,",
        "  so the conductance recovered from it lags half a step (an error of g′·dt/2, order 1); Exp2Syn's",
        "  recorded g is an assigned variable computed from its exact states where NEURON evaluates the",
        "  current (see its rows); CVODE's error is set by its atol (1e-8 µS), not by the recording interval.",
        "  Only synapse problems have NEURON rows: the neurons, kinetic schemes, gap junction and sine-driven",
        "  membrane would need mechanisms of their own (NMODL), which these built-in rows do not write.",
        "- scipy (`engines/scipy_engine.py`): the problem's equations as a Python right-hand side in ms and",
        "  the states' units (as the seed notebook writes them for `odeint`); integration restarts at each",
        "  presynaptic spike, input switch, threshold crossing (solve_ivp's event finder; for odeint, Brent's",
        "  method on re-integrations) and end of refractoriness. Every spec here runs; none is refused.",
        "- NEST (`engines/nest_engine.py`): NEST runs its own neuron models, chosen from the problem's",
        "  equations (their Jacobian, inputs and threshold): iaf_cond_exp, iaf_cond_alpha, iaf_cond_beta,",
        "  iaf_psc_exp, iaf_psc_alpha and, for `ps`, the precise-spiking _ps versions; aeif_cond_exp for",
        "  the AdEx neuron (its parameters fitted from the equations, its input current I_e set between",
        "  `nest.Simulate` calls at the input's switch times). Synapse problems are shifted by two steps",
        "  (NEST delivers a spike one step after a generator's time, which must be > 0); grid models report",
        "  a spike at the end of the step in which V crosses (aeif_cond_exp resets inside the step but",
        "  reports the spike at its end; at its default gsl_error_tol 1e-6 the fifth spike is two 0.01 ms",
        "  steps late, one step at 1e-9). NEST cannot record the helper states (x, z), so those rows",
        "  compare the variables it records. Skipped rows say why NEST has no model: input switches into",
        "  its linear models (the kinetic schemes' transmitter pulses, the gap junction's step), the dual",
        "  exponential's (s, x) form, t_ref = 0 for the _ps models, no precise conductance or aeif models.",
        "  The sine-driven membrane has no NEST row: NEST's ac_generator is not mapped here.",
        "- BrainPy (`engines/brainpy_engine.py`): the problem's equations as a JAX right-hand side for",
        "  `bp.odeint` (one function per variable, joined by `bp.JointEq`), the integrator BrainPy's synapse",
        "  classes build; the step loop is driven here (spikes applied after the step that reaches them, as",
        "  BrainPy's `update(x)` adds x after integrating; thresholds on the grid). `_f32` rows run in",
        "  float32, BrainPy's default: their errors stop near 1e-7 of the largest value, and no order is",
        "  claimed for them. `_runner` rows run BrainPy's own classes (Expon, Alpha, DualExponV2, NMDA, AMPA;",
        "  DualExpon in `_runner_dualexpon` rows; `bp.synapses.GapJunction` between two `bp.neurons.LIF`),",
        "  chosen from the equations, under `bp.DSRunner`, whose label t_k holds the state after the step",
        "  from t_k: where that is a step early (AMPA's pulse), the rows show it. DualExpon's exp_auto holds",
        "  h over each step of g (order 1) where DualExponV2 integrates two exponentials (exact); the gap",
        "  junction adds its current once per step, before the cells are integrated: order 1 for any method.",
        "- Across machines: numpy, OpenBLAS and JAX choose code by the CPU (on this AVX-512 host, BrainPy's",
        "  traces change in their last bits with XLA capped at SSE4.2: a float64 error agrees to 8 digits, a",
        "  float32 one only to its first, 1.9e-7 against 2.2e-7; scipy's Radau and BDF change with OpenBLAS's",
        "  kernels), so the engines pin all three to x86-64's SSE4.2 level",
        "  (`engine_contract.pin_instruction_sets`), as the versions are pinned. Compiled simulators (NEST,",
        "  NEURON) and the C library's exp are not pinned (and not measured across machines).",
        "- ODE-toolbox (`engines/odetoolbox_engine.py`, what NESTML generates exact propagators with): the",
        "  problem's linear equations to `odetoolbox.analysis`; of its solvers, the one whose singularity",
        "  condition holds (`(tau1 == tau2)`, else `default`) gives P(h), evaluated in double precision as",
        "  the generated code does. Its default propagator for two time constants is a difference of",
        "  exponentials over (tau1 − tau2): 1e-12 ms apart, most of its digits cancel (the near-alpha rows).",
    ]

    /// One model's table, plots and findings.
    static func section(_ model: String, rows: [SuiteResult], all: [SuiteResult])
        -> (lines: [String], plots: [ModelPage.File])
    {
        func g(_ x: Double?) -> String { x.map { NumberFormat.significant($0, digits: 3) } ?? "—" }
        let unit = rows.lazy.compactMap { $0.comparison?.trace?.variable.unit }.first ?? ""
        var lines = [
            "## \(model)", "",
            "| simulator:method | runs over | finest | max error\(unit.isEmpty ? "" : " (\(unit))") "
                + "| spikes | order or slope (nominal) | result |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        var findings: [String] = []
        for r in rows {
            let label = isEngineRow(r) ? r.method.description : "synverify:\(r.method)"
            let result = r.failure.map { "**\(SuiteReport.cell($0))**" } ?? (r.passed ? "pass" : "**FAIL**")
            lines.append(
                "| \(label) | \(ladder(r)) | \(finest(r)) | \(g(r.maxError)) | \(spikes(r)) | \(order(r)) "
                    + "| \(result) |")
            guard isEngineRow(r) else { continue }
            let own = ownRow(of: r, among: all)
            if let finding = finding(r, own: own) { findings.append("- \(label): \(finding)") }
        }
        var plots: [ModelPage.File] = []
        let slug = model.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let steps = rows.compactMap { r in r.convergence.map { (label(r), $0) } }
        let tolerances = rows.compactMap { r in r.tolerance.map { (label(r), $0) } }
        if let variable = rows.lazy.compactMap({ $0.comparison?.trace?.variable }).first {
            if !steps.isEmpty,
                let svg = try? StudyPlots.convergenceFamily(steps, model: model, variable: variable)
                    .render()
            {
                plots.append(("plots/atlas-\(String(slug))-steps.svg", svg))
                lines += ["", "![error against step: \(model)](plots/atlas-\(String(slug))-steps.svg)"]
            }
            if !tolerances.isEmpty,
                let svg = try? StudyPlots.toleranceFamily(tolerances, model: model, variable: variable).render()
            {
                plots.append(("plots/atlas-\(String(slug))-tolerances.svg", svg))
                lines += ["", "![error against tolerance: \(model)](plots/atlas-\(String(slug))-tolerances.svg)"]
            }
        }
        lines += ["", "What it shows:", ""] + (findings.isEmpty ? ["- nothing to compare yet."] : findings) + [""]
        return (lines, plots)
    }

    static func label(_ r: SuiteResult) -> String {
        isEngineRow(r) ? r.method.description : "synverify:\(r.method)"
    }

    /// What the row ran over: "steps", "tolerances", "defaults", or "—" without figures.
    static func ladder(_ r: SuiteResult) -> String {
        if r.convergence != nil { return "steps" }
        if r.tolerance != nil { return "tolerances" }
        if r.method.description.hasSuffix(Engine.defaultsSuffix) { return "defaults" }
        return r.comparison?.options.fixedStep != nil ? "one step" : "—"
    }

    /// The finest rung: the smallest step (ms) or tolerance; "defaults" at the simulator's own.
    static func finest(_ r: SuiteResult) -> String {
        if let c = r.convergence, let h = c.steps.min() { return "\(NumberFormat.significant(h, digits: 3)) ms" }
        if let t = r.tolerance, let eps = t.eps.min() { return "eps \(NumberFormat.significant(eps, digits: 3))" }
        if r.method.description.hasSuffix(Engine.defaultsSuffix) { return "defaults" }
        return r.comparison?.options.fixedStep.map { "\(NumberFormat.significant($0, digits: 3)) ms" } ?? "—"
    }

    /// The worst spike-time error (ms) against stated spikes, else the rate's relative error.
    static func spikes(_ r: SuiteResult) -> String {
        if let worst = r.comparison?.spikeTimes?.worstError {
            return "\(NumberFormat.significant(worst, digits: 2)) ms"
        }
        if let rate = r.comparison?.rate, rate.analytic > 0 {
            return "rate \(NumberFormat.significant(100 * (rate.numeric - rate.analytic) / rate.analytic, digits: 2)) %"
        }
        return "—"
    }

    /// A float32 row (BrainPy's `_f32`) whose error at the finest step is within 100 float32 ulps
    /// (100 · 2⁻²³ of the largest value): its errors are round-off, and no order is fitted.
    static func atFloat32Floor(_ r: SuiteResult) -> Bool {
        guard r.method.description.hasSuffix("_f32"), let error = r.maxError,
            let scale = r.comparison?.metrics?.largestExact
        else { return false }
        return error <= 100 * Double(Float.ulpOfOne) * scale
    }

    static func order(_ r: SuiteResult) -> String {
        if let c = r.convergence {
            if c.exactToRoundOff { return "round-off" }
            if atFloat32Floor(r) { return "float32 floor" }
            let nominal = c.expectedOrder > 0 ? "\(c.expectedOrder)" : "—"
            return "\(NumberFormat.significant(c.order, digits: 3)) (\(nominal))"
        }
        if let t = r.tolerance {
            if t.exactToRoundOff { return "round-off" }
            return "\(NumberFormat.significant(t.slope, digits: 3)) (\(r.nominalOrder.map { "\($0)" } ?? "—"))"
        }
        return "—"
    }

    /// SynVerify's row computing what the engine's method computes, on the same model.
    static func ownRow(of r: SuiteResult, among all: [SuiteResult]) -> SuiteResult? {
        let parts = r.method.description.split(separator: ":", maxSplits: 1).map(String.init)
        return Engine.ownMethod(of: parts.last ?? "", engine: parts.first ?? "").flatMap { name in
            all.first { $0.model == r.model && $0.method.description == name }
        }
    }

    /// The row's story in one sentence: its order or slope, how its error compares with SynVerify's
    /// method of the same name, its rate, and why it fails.
    static func finding(_ r: SuiteResult, own: SuiteResult?) -> String? {
        if let failure = r.failure { return "no figures: \(failure)" }
        var parts: [String] = []
        if atFloat32Floor(r) {
            parts.append(
                "at float32's round-off floor (error within 100 float32 ulps of the largest value): no order is "
                    + "fitted, and float64 is what shows the method")
        } else if let c = r.convergence, c.exactToRoundOff {
            parts.append("at the round-off floor at every step: exact for this model")
        } else if let c = r.convergence, c.expectedOrder == 0, c.order.isFinite {
            let why =
                r.method.description.hasSuffix("_f32")
                ? "none is claimed in float32"
                : abs(c.order) < 0.3 ? "the error does not depend on the step" : "set by the mechanism"
            let order = NumberFormat.significant(c.order, digits: 3)
            parts.append("order \(order) measured over the ladder (no nominal order: \(why))")
        }
        if let c = r.convergence, c.expectedOrder > 0, !c.exactToRoundOff {
            parts.append(
                abs(c.order - Double(c.expectedOrder)) <= r.orderTolerance
                    ? "order \(NumberFormat.significant(c.order, digits: 3)) as its nominal \(c.expectedOrder)"
                    : "order \(NumberFormat.significant(c.order, digits: 3)) against its nominal \(c.expectedOrder)")
        }
        if let t = r.tolerance, !t.exactToRoundOff, t.slope.isFinite {
            parts.append(
                "error ∝ eps^\(NumberFormat.significant(t.slope, digits: 3)) over eps "
                    + "\(NumberFormat.significant(t.eps.max() ?? 0, digits: 2)) … "
                    + "\(NumberFormat.significant(t.eps.min() ?? 0, digits: 2))")
        }
        if let a = r.maxError, let own, let b = own.maxError, a > 0, b > 0 {
            let ratio = a / b
            if abs(ratio - 1) <= 1e-3 {
                parts.append("the same error as SynVerify's \(own.method) to 3 digits (the same arithmetic)")
            } else {
                parts.append(
                    "\(NumberFormat.significant(ratio > 1 ? ratio : 1 / ratio, digits: 3))× "
                        + "\(ratio > 1 ? "larger" : "smaller") error than SynVerify's \(own.method)")
            }
        }
        if let rate = r.comparison?.rate {
            let relative = abs(rate.numeric - rate.analytic) / rate.analytic
            let how = r.convergence != nil ? "spikes on its time grid" : "spikes located between rows"
            parts.append("rate off by \(NumberFormat.significant(100 * relative, digits: 2)) % (\(how))")
        }
        if !r.unrecorded.isEmpty {
            parts.append(
                "\(r.unrecorded.joined(separator: ", ")) not recorded by the engine: the other variables compared")
        }
        if !r.passed, let reason = r.failureReasons.first { parts.append("fails: \(reason)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
    }
}

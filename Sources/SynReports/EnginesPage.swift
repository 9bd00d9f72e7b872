import SynIntegrators
import SynVerification

/// `engines.md`: every row another simulator computed (`IntegrationMethod.external`
/// "engine:method") beside SynVerify's own method of the same name on the same model, with the
/// finest step's max error and the order measured over the ladder, and what the pairs show in
/// words. Pure: a function of the rows.
public enum EnginesPage {
    /// nil when no row came from an engine.
    public static func render(_ results: [SuiteResult]) -> String? {
        let engineRows = results.filter { if case .external = $0.method { true } else { false } }
        guard !engineRows.isEmpty else { return nil }
        func g(_ x: Double?) -> String { x.map { NumberFormat.significant($0, digits: 3) } ?? "—" }
        var lines = [
            "# Outside simulators", "",
            "Rows another simulator computed: `synverify problem` wrote each spec as a problem, the engine",
            "(`engines/`, pinned versions, installed by `make engines`) ran it with each method at each",
            "step of the ladder, and SynVerify judged its trace like a solve of its own. Beside each: the",
            "same spec with SynVerify's method of the same name. Errors are taken at the finest step on the",
            "comparison grid moved to the recorded times, as for SynVerify's own fixed steps (the same numbers",
            "get the same verdict); a trace that skips rows or leaves a gap longer than half the model's",
            "shortest time scale is refused. The order is fitted over the ladder.", "",
            "| model | engine method | finest step | max error | order (nominal) | SynVerify method | max error "
                + "| order "
                + "| result |",
            "|---|---|---:|---:|---:|---|---:|---:|---|",
        ]
        var findings: [String] = []
        for r in engineRows {
            let label = r.method.description
            let parts = label.split(separator: ":", maxSplits: 1).map(String.init)
            let method = parts.last ?? ""
            let own = Engine.ownMethod(of: method, engine: parts.first ?? "").flatMap { name in
                results.first { $0.model == r.model && $0.method.description == name }
            }
            let step = r.comparison?.options.fixedStep
            let order = r.convergence.map { c in
                "\(g(c.order)) (\(c.expectedOrder > 0 ? "\(c.expectedOrder)" : "—"))"
            }
            let result = r.failure.map { "**\(SuiteReport.cell($0))**" } ?? (r.passed ? "pass" : "**FAIL**")
            lines.append(
                "| \(r.model) | \(label) | \(step.map { "\(g($0)) ms" } ?? "—") | \(g(r.maxError)) "
                    + "| \(order ?? "—") "
                    + "| \(own.map(\.method.description) ?? "—") | \(g(own?.maxError)) "
                    + "| \(g(own?.measuredOrder)) | \(result) |")
            if let finding = finding(r, own: own) { findings.append("- \(r.model), \(label): \(finding)") }
        }
        lines += ["", "## What it shows", ""]
        lines += findings.isEmpty ? ["Nothing to compare yet."] : findings
        lines += [
            "", "How the engines run the problems (their sources say more):", "",
            "- Brian2 (`engines/brian2_engine.py`, numpy target): spikes are applied before the step that starts",
            "  at them (generator and synapses in the `before_groups` slot), as the closed forms assume;",
            "  thresholds are tested on the grid, so spike times move by up to one step.",
            "- NEURON (`engines/neuron_engine.py`): ExpSyn integrates its conductance by `cnexp`, exact for a",
            "  linear decay, under either `secondorder`; AlphaSynapse exposes only its current, evaluated at",
            "  the middle of each fixed step, so the conductance recovered from it lags half a step (an",
            "  error of g′·dt/2, order 1); CVODE's error is set by its atol (1e-8 µS), not by the recording",
            "  interval.",
        ]
        let failed = engineRows.compactMap(\.failure)
        if !failed.isEmpty {
            lines += ["", "Rows without figures say why (an engine not installed names pip's error)."]
        }
        return (lines + [""]).joined(separator: "\n")
    }

    /// The pair's story in one sentence: how the engine's error compares with SynVerify's, and
    /// whether its order holds.
    static func finding(_ r: SuiteResult, own: SuiteResult?) -> String? {
        if let failure = r.failure { return "no figures: \(failure)" }
        var parts: [String] = []
        if let c = r.convergence, c.exactToRoundOff {
            parts.append("at the round-off floor at every step: exact for this model")
        } else if let c = r.convergence, c.expectedOrder == 0, c.order.isFinite {
            parts.append(
                "order \(NumberFormat.significant(c.order, digits: 3)) measured over the ladder (no nominal order: "
                    + "\(abs(c.order) < 0.3 ? "the error does not depend on the step" : "set by the mechanism"))")
        }
        if let c = r.convergence, c.expectedOrder > 0, !c.exactToRoundOff {
            parts.append(
                abs(c.order - Double(c.expectedOrder)) <= r.orderTolerance
                    ? "order \(NumberFormat.significant(c.order, digits: 3)) as its nominal \(c.expectedOrder)"
                    : "order \(NumberFormat.significant(c.order, digits: 3)) against its nominal \(c.expectedOrder)")
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
            parts.append(
                "rate off by \(NumberFormat.significant(100 * relative, digits: 2)) % (spikes on its time grid)")
        }
        if !r.passed, let reason = r.failureReasons.first { parts.append("fails: \(reason)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
    }
}

import SynIntegrators
import SynKernels
import SynVerification

/// The f–I page of the report (Exercise 6d), rendered from `FICurves`: a conductance LIF
/// population under constant current I (pA) and shunting conductance g_shunt (nS), integrated
/// for 1000 ms at dt = 0.1 ms two ways —
/// exact propagation with closed-form threshold crossings, and forward Euler with the threshold
/// checked at the end of each step as simulators do — against the closed-form rate
/// r = 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))) Hz.
public struct FICurvesPage: Sendable {
    public let fi: FICurves

    public init(_ fi: FICurves) {
        self.fi = fi
    }

    /// `fi.md` and its plots.
    public func files() -> [ModelPage.File] {
        var files: [ModelPage.File] = []
        var lines = ["# f–I curves of the conductance LIF (Exercise 6d)", ""]
        lines.append(
            "C = 1500 pF, g_l = 10 nS, u_rest = −60 mV, u_th = −50 mV, u_reset = −60 mV, E_shunt = −70 mV, "
                + "t_ref = 0;")
        lines.append(
            "\(fi.currents.count) neurons (7 shunts × 31 currents), \(NumberFormat.significant(FICurves.duration)) "
                + "ms at dt = \(NumberFormat.significant(FICurves.dt)) ms. The rate is the ISI rate"
        )
        lines.append("(spikes − 1 over first-to-last spike time); the closed form is")
        lines.append("")
        lines.append("```math")
        lines.append(
            #"r = \frac{1000}{t_\mathrm{ref} + \tau' \ln\frac{u_\infty - u_\mathrm{reset}}"#
                + #"{u_\infty - u_\mathrm{th}}}\ \mathrm{Hz}, "#
                + #"\quad \tau' = \frac{C}{g_l + g_\mathrm{shunt}}, "#
                + #"\quad u_\infty = \frac{g_l u_\mathrm{rest} + g_\mathrm{shunt} E_\mathrm{shunt} + I}"#
                + #"{g_l + g_\mathrm{shunt}}"#
        )
        lines.append("```")
        lines.append("")
        lines.append("| method | threshold | largest \\|ISI rate − closed form\\| (Hz) |")
        lines.append("|---|---|---:|")
        for c in fi.curves {
            let worst = c.worstError.map { NumberFormat.significant($0, digits: 3) } ?? "— (no neuron fired twice)"
            lines.append("| \(c.method) | \(c.threshold) | \(worst) |")
        }
        lines.append("")
        for c in fi.curves {
            let file = "fi-\(c.method)-\(c.threshold).svg"
            let plot = StudyPlots.fiCurves(
                currents: fi.currents, shunts: fi.shunts, numeric: c.rates, analytic: fi.analytic,
                title:
                    "f–I curves: \(c.method), \(c.threshold) thresholds, "
                    + "dt = \(NumberFormat.significant(FICurves.dt)) ms"
            )
            lines.append(
                ModelPage.embed(
                    plot, title: "f–I curves, \(c.method) with \(c.threshold) thresholds", file: file, from: "",
                    into: &files))
            lines.append("")
        }
        lines += seedSection(into: &files)
        lines.append("[Back to the summary](README.md)")
        lines.append("")
        files.insert(("fi.md", lines.joined(separator: "\n")), at: 0)
        return files
    }

    /// The seed's own experiment (SeedFIExperiment) and each simulator's run of it.
    func seedSection(into files: inout [ModelPage.File]) -> [String] {
        func g(_ x: Double?) -> String { x.map { NumberFormat.significant($0, digits: 3) } ?? "—" }
        var lines = [
            "## The seed's experiment as written (Exercise 6d)", "",
            "The notebook's cell: `NeuronGroup(700, model, threshold='u>u_th', reset='u=u_rest', method='euler')`",
            "at Brian2's default dt = \(g(SeedFIExperiment.dt)) ms for \(g(SeedFIExperiment.duration / 1000)) s,",
            "`I = tile(linspace(0*nA, 1.5*nA, 100), 7)`, `g_i = arange(10*nS, 70*nS, 10*nS).repeat(100)`.",
            "numpy's arange gives 7 shunts there, 10 … 70 nS (70 nS by round-off), which is why 7 × 100 fills",
            "the 700 neurons. Forward Euler with the threshold tested at the end of each step repeats one",
            "period exactly, derived by hand: n*·dt with "
                + "n* = ⌊ln((u∞ − u_th)/(u∞ − u_rest))/ln(1 − a)⌋ + 1,",
            "a = dt·(g_l + g_i)/C; a simulator passes when every ISI of every neuron is n*·dt (to",
            "\(g(SeedFIExperiment.periodTolerance)) ms) and no neuron fires that cannot. Its ISI rates miss the",
            "closed form by what rounding the period to whole steps costs (and Euler's slightly early crossing).",
            "",
            "| source | largest \\|ISI rate − closed form\\| (Hz) | largest \\|ISI − n*·dt\\| (ms) | result |",
            "|---|---:|---:|---|",
            "| synverify:euler (grid) | \(g(fi.seedOwn?.worstError)) | — | — |",
        ]
        for run in fi.seedRuns {
            let deviation = run.worstPeriodDeviation.isFinite ? g(run.worstPeriodDeviation) : "—"
            let result = run.failure.map { "**\(SuiteReport.cell($0))**" } ?? (run.passed ? "pass" : "**FAIL**")
            lines.append("| \(run.label) | \(g(run.worstRateError)) | \(deviation) | \(result) |")
        }
        lines.append("")
        for run in fi.seedRuns where run.failure == nil {
            let slug = run.label.map { $0.isLetter || $0.isNumber ? $0 : "-" }
            let analytic = SeedFIExperiment.currents.indices.map { (try? SeedFIExperiment.closedFormRate($0)) ?? 0 }
            let plot = StudyPlots.fiCurves(
                currents: SeedFIExperiment.currents, shunts: SeedFIExperiment.shunts, numeric: run.rates,
                analytic: analytic, title: "f–I curves: \(run.label), the seed's 700 neurons, dt = 0.1 ms")
            lines.append(
                ModelPage.embed(
                    plot, title: "f–I curves of the seed's experiment, \(run.label)",
                    file: "fi-seed-\(String(slug)).svg",
                    from: "", into: &files))
            lines.append("")
        }
        return lines
    }
}

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
        lines.append("[Back to the summary](README.md)")
        lines.append("")
        files.insert(("fi.md", lines.joined(separator: "\n")), at: 0)
        return files
    }
}

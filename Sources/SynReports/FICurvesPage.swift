import SynIntegrators
import SynKernels

/// The f–I page of the report (Exercise 6d): a conductance LIF population under constant current
/// I (pA) and shunting conductance g_shunt (nS), integrated for 1000 ms at dt = 0.1 ms two ways —
/// exact propagation with closed-form threshold crossings, and forward Euler with the threshold
/// checked at the end of each step as simulators do — against the closed-form rate
/// r = 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))) Hz.
public struct FICurvesPage: Sendable {
    public struct Curve: Sendable {
        public let method: String
        public let threshold: String
        /// Per neuron, grouped by shunt: the integrated ISI rate (Hz).
        public let rates: [Double]
        /// Largest |ISI rate − closed form| over neurons with ≥ 2 spikes (Hz).
        public let worstError: Double
    }

    public let currents: [Double]
    public let shunts: [Double]
    public let analytic: [Double]
    public let curves: [Curve]
    public static let duration = 1000.0, dt = 0.1

    /// 7 shunts (0 … 60 nS) × 31 currents (0 … 1500 pA).
    public static func measure() throws -> FICurvesPage {
        var currents: [Double] = []
        var shunts: [Double] = []
        for g in stride(from: 0.0, through: 60, by: 10) {
            for k in 0...30 {
                currents.append(50 * Double(k))
                shunts.append(g)
            }
        }
        let analytic = try currents.indices.map { i in
            try LIFRateKernelFactory.make(shunt: shunts[i], refractory: 0).value(at: currents[i])
        }
        var curves: [Curve] = []
        for (method, threshold) in [(LIFPopulation.Method.exact, LIFPopulation.Threshold.precise), (.euler, .grid)] {
            let result = try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: currents, shunts: shunts, duration: duration, dt: dt,
                method: method, threshold: threshold)
            let rates = currents.indices.map(result.isiRate)
            let worst =
                currents.indices.filter { result.spikeCounts[$0] >= 2 }.map { abs(rates[$0] - analytic[$0]) }.max() ?? 0
            curves.append(
                Curve(method: method.rawValue, threshold: threshold.rawValue, rates: rates, worstError: worst))
        }
        return FICurvesPage(currents: currents, shunts: shunts, analytic: analytic, curves: curves)
    }

    /// `fi.md` and its plots.
    public func files() -> [ModelPage.File] {
        var files: [ModelPage.File] = []
        var lines = ["# f–I curves of the conductance LIF (Exercise 6d)", ""]
        lines.append(
            "C = 1500 pF, g_l = 10 nS, u_rest = −60 mV, u_th = −50 mV, u_reset = −60 mV, E_shunt = −70 mV, t_ref = 0;")
        lines.append(
            "\(currents.count) neurons (7 shunts × 31 currents), \(NumberFormat.significant(Self.duration)) ms at dt = \(NumberFormat.significant(Self.dt)) ms. The rate is the ISI rate"
        )
        lines.append("(spikes − 1 over first-to-last spike time); the closed form is")
        lines.append("")
        lines.append("```math")
        lines.append(
            #"r = \frac{1000}{t_\mathrm{ref} + \tau' \ln\frac{u_\infty - u_\mathrm{reset}}{u_\infty - u_\mathrm{th}}}\ \mathrm{Hz}, \quad \tau' = \frac{C}{g_l + g_\mathrm{shunt}}, \quad u_\infty = \frac{g_l u_\mathrm{rest} + g_\mathrm{shunt} E_\mathrm{shunt} + I}{g_l + g_\mathrm{shunt}}"#
        )
        lines.append("```")
        lines.append("")
        lines.append("| method | threshold | largest \\|ISI rate − closed form\\| (Hz) |")
        lines.append("|---|---|---:|")
        for c in curves {
            lines.append("| \(c.method) | \(c.threshold) | \(NumberFormat.significant(c.worstError, digits: 3)) |")
        }
        lines.append("")
        for c in curves {
            let file = "fi-\(c.method)-\(c.threshold).svg"
            let plot = StudyPlots.fiCurves(
                currents: currents, shunts: shunts, numeric: c.rates, analytic: analytic,
                title:
                    "f–I curves: \(c.method), \(c.threshold) thresholds, dt = \(NumberFormat.significant(Self.dt)) ms")
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

    /// The figures for results.json.
    public var json: JSONValue {
        .object([
            ("duration_ms", .number(Self.duration)), ("dt_ms", .number(Self.dt)),
            ("current_pa", .array(currents.map { .number($0) })), ("shunt_ns", .array(shunts.map { .number($0) })),
            ("analytic_hz", .array(analytic.map { .number($0) })),
            (
                "curves",
                .array(
                    curves.map { c in
                        .object([
                            ("method", .string(c.method)), ("threshold", .string(c.threshold)),
                            ("worst_isi_rate_error_hz", .number(c.worstError)),
                            ("isi_rate_hz", .array(c.rates.map { .number($0) })),
                        ])
                    })
            ),
        ])
    }
}

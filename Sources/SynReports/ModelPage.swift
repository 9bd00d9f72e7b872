import SynIntegrators
import SynKernels
import SynModels
import SynVerification

/// One page per model of the suite (`Reports/models/NAME.md`) and its plots
/// (`Reports/plots/NAME-*.svg`): equations, parameters with units and source; the error table of
/// every method; the convergence and tolerance tables; plots of convergence, work–precision and
/// error over time. A pure function of the results.
public enum ModelPage {
    /// A generated file: its path relative to the report directory, and its text.
    public typealias File = (path: String, text: String)

    /// What a page says about its model before the results: a catalogue entry's documentation,
    /// or a spec file's.
    public struct Description: Sendable {
        public let name: String
        public let summary: String
        /// Plain-text equations, and the same in LaTeX where written.
        public let equations: String
        public let latex: String?
        public let source: String
        public let variables: [StateVariable]
        /// Default end time (ms) and presynaptic spikes (ms).
        public let endTime: Double
        public let spikes: [Double]
        /// The parameter table: header cells, then one row of cells per parameter.
        public let parameterHeader: [String]
        public let parameterRows: [[String]]
        /// Further lines for the header list (threshold, inputs, reference).
        public var notes: [String] = []

        public init(_ entry: ModelEntry) {
            name = entry.name
            summary = entry.summary
            equations = entry.equations
            latex = entry.latex
            source = entry.source
            variables = entry.variables
            endTime = entry.defaultEndTime
            spikes = entry.defaultSpikes
            parameterHeader = ["name", "default", "unit", "allowed", "meaning"]
            parameterRows = entry.parameters.map { p in
                [
                    p.name, NumberFormat.significant(p.defaultValue), p.dimension.unit,
                    p.domain.allowedText(unit: p.dimension.unit), p.summary,
                ]
            }
        }

        public init(
            name: String, summary: String, equations: String, latex: String?, source: String,
            variables: [StateVariable], endTime: Double, spikes: [Double], parameterHeader: [String],
            parameterRows: [[String]], notes: [String] = []
        ) {
            self.name = name
            self.summary = summary
            self.equations = equations
            self.latex = latex
            self.source = source
            self.variables = variables
            self.endTime = endTime
            self.spikes = spikes
            self.parameterHeader = parameterHeader
            self.parameterRows = parameterRows
            self.notes = notes
        }
    }

    /// The page and its plots for the model `entry` describes, from the suite rows of that
    /// model (in suite order).
    public static func render(_ entry: Description, _ rows: [SuiteResult]) -> [File] {
        let name = entry.name
        let unit = entry.variables.first.map { $0.unit == "1" ? "" : " (\($0.unit))" } ?? ""
        let convergence = rows.compactMap { r in r.convergence.map { (method: r.method.description, study: $0) } }
        let tolerance = rows.compactMap { r in r.tolerance.map { (stepper: r.method.description, study: $0) } }
        var files: [File] = []
        var lines = header(entry, rows) + parameters(entry) + errorTable(rows, unit: unit) + variableTable(rows)
        lines += peakTable(rows, entry, unit: unit) + rateTable(rows)
        lines += convergenceTables(convergence, unit: unit) + toleranceTable(tolerance, unit: unit)
        let plots = self.plots(entry, rows, convergence: convergence, tolerance: tolerance)
        if !plots.isEmpty {
            lines.append("## Plots")
            lines.append("")
            for (title, file, plot) in plots {
                lines.append(embed(plot, title: title, file: file, from: "../", into: &files))
                lines.append("")
            }
        }
        lines.append("[Back to the summary](../README.md)")
        lines.append("")
        files.insert(("models/\(name).md", lines.joined(separator: "\n")), at: 0)
        return files
    }

    /// A convergence study of one method, as the page lists them.
    typealias ConvergenceRow = (method: String, study: ConvergenceStudy)
    /// A tolerance study of one GSL stepper.
    typealias ToleranceRow = (stepper: String, study: ToleranceStudy)

    /// The title, summary, equations, source, state and spikes.
    static func header(_ entry: Description, _ rows: [SuiteResult]) -> [String] {
        var lines: [String] = []
        lines.append("# \(entry.name)")
        lines.append("")
        lines.append(entry.summary + ".")
        lines.append("")
        if let latex = entry.latex {
            lines.append("```math")
            lines.append(latex)
            lines.append("```")
            lines.append("")
            lines.append("- Plain text: `\(entry.equations)`")
        } else {
            lines.append("- Equations: `\(entry.equations)`")
        }
        lines.append("- Source: \(entry.source)")
        for note in entry.notes { lines.append("- " + note) }
        lines.append(
            "- State: " + entry.variables.map { "\($0.name) (\($0.unit))" }.joined(separator: ", ")
                + "; default end time \(NumberFormat.significant(entry.endTime)) ms")
        if !entry.spikes.isEmpty {
            lines.append(
                "- Presynaptic spikes (ms): "
                    + entry.spikes.map { NumberFormat.significant($0) }.joined(separator: ", "))
        }
        if let wrong = rows.first?.comparison?.knownWrong {
            lines.append("- **Known wrong**: \(wrong.claim); correct: \(wrong.correction) (`\(wrong.correctModel)`)")
        }
        lines.append("")
        return lines
    }

    /// The parameter table.
    static func parameters(_ entry: Description) -> [String] {
        var lines: [String] = []
        if !entry.parameterRows.isEmpty {
            lines.append("## Parameters")
            lines.append("")
            lines.append("| " + entry.parameterHeader.joined(separator: " | ") + " |")
            lines.append("|" + entry.parameterHeader.indices.map { $0 == 1 ? "---:|" : "---|" }.joined())
            for row in entry.parameterRows {
                lines.append("| " + row.map(SuiteReport.cell).joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines
    }

    /// Each method's errors at the finest rung, and why a row fails.
    static func errorTable(_ rows: [SuiteResult], unit: String) -> [String] {
        var lines: [String] = []
        lines.append("## Errors at the finest rung")
        lines.append("")
        lines.append(
            "First variable on a 1000-point grid plus spikes, switches and the analytic peak, each time moved to")
        lines.append("the nearest time the source computed (a fixed step's grid, an outside trace's samples): one rule")
        lines.append("for every source. Relative errors use the floor stated in `results.json`.")
        lines.append("")
        lines.append(
            "| method | rung | max abs error\(unit) | max rel error | RMS error\(unit) | final error\(unit) "
                + "| peak-time error (ms) | RHS evaluations | result |"
        )
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|")
        for r in rows {
            let m = r.comparison?.metrics
            func g(_ x: Double?) -> String { x.map { NumberFormat.significant($0, digits: 3) } ?? "—" }
            let row = SuiteRow(r)
            let result = r.knownWrong ? (r.passed ? "caught" : "**NOT caught**") : SuiteReport.verdict(row)
            lines.append(
                "| \(r.method) | \(row.rung) | \(g(m?.maxAbsError)) | \(g(m?.maxRelError)) | \(g(m?.rmsError)) "
                    + "| \(g(m?.finalError)) | \(g(r.peakTimeError)) | "
                    + "\(r.comparison?.work.map { String($0.rhsEvaluations) } ?? "—") | \(result) |"
            )
        }
        let reasons = rows.filter { !$0.failureReasons.isEmpty }
        if !reasons.isEmpty {
            lines.append("")
            for r in reasons {
                lines.append("- \(r.method): \(SuiteReport.cell(r.failureReasons.joined(separator: "; ")))")
            }
        }
        lines.append("")
        return lines
    }

    /// Every variable with a closed form, per method, when some row compares more than one
    /// (specs with closed forms on several variables), with the bounds the user stated.
    static func variableTable(_ rows: [SuiteResult]) -> [String] {
        guard rows.contains(where: { ($0.comparison?.variableMetrics.count ?? 0) > 1 }) else { return [] }
        var lines = [
            "## Every variable", "",
            "Each variable with a closed form (or the numeric reference) on the same grid; the verdict fails if any "
                + "fails.", "",
            "| method | variable | max abs error | max rel error | RMS error | final error |",
            "|---|---|---:|---:|---:|---:|",
        ]
        func g(_ x: Double) -> String { NumberFormat.significant(x, digits: 3) }
        for r in rows {
            for (v, m) in r.comparison?.variableMetrics ?? [] {
                let unit = v.unit == "1" ? "" : " \(v.unit)"
                lines.append(
                    "| \(r.method) | \(v.name) | \(g(m.maxAbsError))\(unit) | \(g(m.maxRelError)) "
                        + "| \(g(m.rmsError))\(unit) | \(g(m.finalError))\(unit) |")
            }
        }
        if let bounds = rows.lazy.compactMap({ $0.comparison?.statedBounds }).first(where: { !$0.isEmpty }) {
            lines += ["", "Stated bounds (`expect: error`): " + bounds.joined(separator: "; ") + "."]
        }
        return lines + [""]
    }

    /// The numeric peak of each method against the analytic one.
    static func peakTable(_ rows: [SuiteResult], _ entry: Description, unit: String) -> [String] {
        var lines: [String] = []
        let peaks = rows.compactMap { r in r.comparison?.peak.map { (method: r.method.description, peak: $0) } }
        if let first = peaks.first?.peak {
            lines.append("## Peak")
            lines.append("")
            let plainUnit = entry.variables.first.map { $0.unit == "1" ? "" : " \($0.unit)" } ?? ""
            lines.append(
                "Analytic peak \(NumberFormat.significant(first.analyticValue))\(plainUnit) "
                    + "at t = \(NumberFormat.significant(first.analyticTime)) ms. Numeric peak: "
                    + "the largest grid value refined by Brent's"
            )
            lines.append(
                "method on the derivative (to 1e-11 ms) on the method's own dense output (adaptive steppers, exact); "
                    + "other fixed-step methods and outside traces with a step: their largest value on their own "
                    + "steps."
            )
            lines.append("")
            lines.append(
                "| method | numeric peak time (ms) | time error (ms) | numeric peak value\(unit) "
                    + "| relative value error |"
            )
            lines.append("|---|---:|---:|---:|---:|")
            for (method, p) in peaks {
                let relative =
                    p.analyticValue == 0 ? Double.nan : (p.numericValue - p.analyticValue) / abs(p.analyticValue)
                lines.append(
                    "| \(method) | \(NumberFormat.significant(p.numericTime, digits: 10)) "
                        + "| \(NumberFormat.significant(p.numericTime - p.analyticTime, digits: 3)) "
                        + "| \(NumberFormat.significant(p.numericValue, digits: 10)) "
                        + "| \(NumberFormat.significant(relative, digits: 3)) |"
                )
            }
            lines.append("")
        }
        return lines
    }

    /// The firing rate of each method against the analytic (or claimed) rate.
    static func rateTable(_ rows: [SuiteResult]) -> [String] {
        var lines: [String] = []
        let rates = rows.compactMap { r in r.comparison?.rate.map { (method: r.method.description, rate: $0) } }
        if !rates.isEmpty {
            lines.append("## Firing rate")
            lines.append("")
            lines.append(
                "Steady rate from the inter-spike intervals of the integrated model against the analytic (or claimed) "
                    + "rate."
            )
            lines.append("")
            lines.append("| method | analytic rate (Hz) | numeric rate (Hz) | relative error | spikes |")
            lines.append("|---|---:|---:|---:|---:|")
            for (method, r) in rates {
                let relative = r.analytic == 0 ? Double.nan : (r.numeric - r.analytic) / r.analytic
                lines.append(
                    "| \(method) | \(NumberFormat.significant(r.analytic, digits: 12)) "
                        + "| \(NumberFormat.significant(r.numeric, digits: 12)) "
                        + "| \(NumberFormat.significant(relative, digits: 3)) | \(r.spikes) |"
                )
            }
            lines.append("")
        }
        return lines
    }

    /// Per fixed-step method: the step ladder, errors, pairwise orders and exclusions.
    static func convergenceTables(_ convergence: [ConvergenceRow], unit: String) -> [String] {
        var lines: [String] = []
        if !convergence.isEmpty {
            lines.append("## Convergence (fixed steps)")
            lines.append("")
            for (method, study) in convergence {
                let excluded = Dictionary(study.excluded.map { ($0.index, $0.reason) }, uniquingKeysWith: { a, _ in a })
                lines.append(
                    "**\(method)**: fitted order \(NumberFormat.significant(study.order, digits: 3)) "
                        + "(nominal \(study.expectedOrder))\(study.superconvergent ? ", superconvergent" : ""); "
                        + "\(study.measure.rawValue)."
                )
                lines.append("")
                lines.append("| dt (ms) | error\(unit) | pairwise order | RHS evaluations | note |")
                lines.append("|---:|---:|---:|---:|---|")
                for i in study.steps.indices {
                    let pair = i > 0 ? NumberFormat.significant(study.pairwiseOrders[i - 1], digits: 3) : ""
                    lines.append(
                        "| \(NumberFormat.significant(study.steps[i])) "
                            + "| \(NumberFormat.significant(study.errors[i], digits: 3)) | \(pair) | \(study.work[i]) "
                            + "| \(SuiteReport.cell(excluded[i].map { "excluded: " + $0 } ?? "")) |"
                    )
                }
                lines.append("")
            }
        }
        return lines
    }

    /// Per GSL stepper: error and work against eps, and the slope.
    static func toleranceTable(_ tolerance: [ToleranceRow], unit: String) -> [String] {
        var lines: [String] = []
        if !tolerance.isEmpty {
            lines.append("## Tolerance proportionality and work–precision (GSL steppers)")
            lines.append("")
            lines.append(
                "eps = eps_abs = eps_rel; the slope of log(error) against log(eps) is 1 when the error is proportional")
            lines.append("to the tolerance.")
            lines.append("")
            lines.append(
                "| eps | " + tolerance.map { "\($0.stepper) error\(unit) | \($0.stepper) RHS" }.joined(separator: " | ")
                    + " |")
            lines.append("|---:|" + String(repeating: "---:|---:|", count: tolerance.count))
            for (k, eps) in tolerance[0].study.eps.enumerated() {
                let cells = tolerance.map { t in
                    k < t.study.errors.count
                        ? "\(NumberFormat.significant(t.study.errors[k], digits: 3)) | \(t.study.rhsEvaluations[k])"
                        : "— | —"
                }
                lines.append("| \(NumberFormat.significant(eps)) | " + cells.joined(separator: " | ") + " |")
            }
            lines.append(
                "| slope | "
                    + tolerance.map { "\(NumberFormat.significant($0.study.slope, digits: 3)) | " }.joined(
                        separator: " | ") + " |")
            lines.append("")
            for (stepper, study) in tolerance where !study.atRoundOff.isEmpty {
                let listed = study.atRoundOff.map { NumberFormat.significant(study.eps[$0]) }.joined(separator: ", ")
                lines.append(
                    "- \(stepper): the error at eps = \(listed) is at the round-off floor (≤ 1000·ε·max|y|), "
                        + "left out of the "
                        + "slope\(study.exactToRoundOff ? "; too few tolerances remain to measure one" : "")."
                )
            }
            if tolerance.contains(where: { !$0.study.atRoundOff.isEmpty }) { lines.append("") }
        }
        return lines
    }

    /// The page's plots: convergence, work–precision, the first method's trace, the errors.
    static func plots(
        _ entry: Description, _ rows: [SuiteResult], convergence: [ConvergenceRow], tolerance: [ToleranceRow]
    ) -> [(title: String, file: String, plot: SVGPlot)] {
        let name = entry.name
        var plots: [(title: String, file: String, plot: SVGPlot)] = []
        if let variable = entry.variables.first {
            if !convergence.isEmpty {
                plots.append(
                    (
                        "Convergence", "\(name)-convergence.svg",
                        StudyPlots.convergenceFamily(convergence, model: name, variable: variable)
                    ))
            }
            if !tolerance.isEmpty {
                plots.append(
                    (
                        "Work–precision", "\(name)-work-precision.svg",
                        StudyPlots.workPrecisionFamily(tolerance, model: name, variable: variable)
                    ))
            }
        }
        let traces = rows.compactMap { r in r.comparison?.trace.map { (method: r.method.description, trace: $0) } }
        if let first = traces.first {
            plots.append(
                (
                    "Closed form and \(first.method)", "\(name)-trace.svg",
                    StudyPlots.trace(first.trace, model: name, method: first.method)
                ))
        }
        if let errors = StudyPlots.errorFamily(traces, model: name) {
            plots.append(("Error over time", "\(name)-error.svg", errors))
        }
        return plots
    }

    /// Renders `plot` into `plots/FILE` (appended to `files`) and returns the markdown line
    /// that shows it from a page `prefix` away from the report root, or says why it was not drawn.
    static func embed(_ plot: SVGPlot, title: String, file: String, from prefix: String, into files: inout [File])
        -> String
    {
        do {
            files.append(("plots/\(file)", try plot.render()))
            return "![\(title)](\(prefix)plots/\(file))"
        } catch {
            return "- \(title): not drawn (\(error.description))"
        }
    }
}

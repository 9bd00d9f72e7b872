import SynIntegrators
import SynVerification

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The plots of the verification studies, each readable without the text: log–log axes with
/// units, measured points, and the reference slope they should follow.
public enum StudyPlots {
    /// Error of the first state variable against the step (log–log), the points kept for the
    /// fitted order, the excluded points on their own, and a reference line of the nominal order
    /// through the smallest-step kept point (slope p means error ∝ dtᵖ).
    public static func convergence(_ study: ConvergenceStudy, model: String, method: String, variable: StateVariable)
        -> SVGPlot
    {
        let excluded = Set(study.excluded.map(\.index))
        let kept = study.steps.indices.filter { !excluded.contains($0) }
        var series: [SVGPlot.Series] = [
            .init(
                "\(method) (fitted order \(NumberFormat.significant(study.order, digits: 3)))",
                x: kept.map { study.steps[$0] }, y: kept.map { study.errors[$0] }, style: .lineAndMarkers)
        ]
        if !excluded.isEmpty {
            let indices = excluded.sorted()
            series.append(
                .init(
                    "excluded (round-off or pre-asymptotic)", x: indices.map { study.steps[$0] },
                    y: indices.map { study.errors[$0] }, style: .markers))
        }
        if let anchor = kept.last(where: { study.errors[$0] > 0 }), let largest = study.steps.max() {
            let p = Double(study.expectedOrder)
            let h0 = study.steps[anchor]
            let e0 = study.errors[anchor]
            series.append(
                .init(
                    "slope \(study.expectedOrder) (nominal)", x: [h0, largest],
                    y: [e0, e0 * pow(largest / h0, p)], style: .reference))
        }
        return SVGPlot(
            title: "Convergence: \(model), \(method)",
            x: .init("step size dt (ms)", scale: .log10),
            y: .init(
                "\(study.measure == .finalTime ? "final-time" : "max") |error| of \(variable.name) (\(variable.unit))",
                scale: .log10),
            series: series)
    }

    /// Tolerance proportionality: the largest error against eps = eps_abs = eps_rel (log–log),
    /// with the slope-1 line through the tightest tolerance's error (error ∝ eps).
    public static func toleranceProportionality(
        _ study: ToleranceStudy, model: String, stepper: String, variable: StateVariable
    ) -> SVGPlot {
        var series: [SVGPlot.Series] = [
            .init(
                "\(stepper) (slope \(NumberFormat.significant(study.slope, digits: 3)))", x: study.eps, y: study.errors,
                style: .lineAndMarkers)
        ]
        if let anchor = study.eps.indices.filter({ study.errors[$0] > 0 }).min(by: { study.eps[$0] < study.eps[$1] }),
            let loosest = study.eps.max()
        {
            let e0 = study.errors[anchor]
            let eps0 = study.eps[anchor]
            series.append(
                .init("slope 1 (error ∝ eps)", x: [eps0, loosest], y: [e0, e0 * loosest / eps0], style: .reference))
        }
        return SVGPlot(
            title: "Tolerance proportionality: \(model), \(stepper)",
            x: .init("tolerance eps = eps_abs = eps_rel (1)", scale: .log10),
            y: .init("max |error| of \(variable.name) (\(variable.unit))", scale: .log10),
            series: series)
    }

    /// Work–precision: right-hand-side evaluations against the error reached (log–log).
    public static func workPrecision(_ study: ToleranceStudy, model: String, stepper: String, variable: StateVariable)
        -> SVGPlot
    {
        SVGPlot(
            title: "Work–precision: \(model), \(stepper)",
            x: .init("max |error| of \(variable.name) (\(variable.unit))", scale: .log10),
            y: .init("right-hand-side evaluations (count)", scale: .log10),
            series: [.init(stepper, x: study.errors, y: study.rhsEvaluations.map(Double.init), style: .lineAndMarkers)])
    }

    /// The closed form (dashed) against the numeric values (markers when there are at most 200
    /// grid points, a line otherwise) over time.
    public static func trace(_ trace: Trace, model: String, method: String) -> SVGPlot {
        let v = trace.variable
        return SVGPlot(
            title: "\(model): closed form against \(method)",
            x: .init("t (ms)"), y: .init("\(v.name) (\(v.unit))"),
            series: [
                .init(method, x: trace.times, y: trace.numeric, style: trace.times.count <= 200 ? .markers : .line),
                .init("closed form", x: trace.times, y: trace.exact, style: .reference),
            ])
    }

    /// |numeric − exact| over time: a log axis when the errors span more than two decades,
    /// linear otherwise (an exact method's zero errors stay visible).
    public static func errorTrace(_ trace: Trace, model: String, method: String) -> SVGPlot {
        let v = trace.variable
        let errors = zip(trace.numeric, trace.exact).map { abs($0 - $1) }
        let positive = errors.filter { $0 > 0 && $0.isFinite }
        let spansDecades = (positive.max() ?? 0) > 100 * (positive.min() ?? .infinity)
        return SVGPlot(
            title: "\(model): error of \(method)",
            x: .init("t (ms)"), y: .init("|error| of \(v.name) (\(v.unit))", scale: spansDecades ? .log10 : .linear),
            series: [.init(method, x: trace.times, y: errors, style: .line)])
    }

    /// f–I curves: the integrated ISI rate (Hz) of every neuron against its current (pA), one
    /// colour per shunting conductance (nS), over the closed-form rate curves (dashed).
    /// `currents`, `shunts`, `numeric` and `analytic` are per neuron, grouped by shunt.
    public static func fiCurves(
        currents: [Double], shunts: [Double], numeric: [Double], analytic: [Double], title: String
    ) -> SVGPlot {
        var order: [Double] = []
        for g in shunts where !order.contains(g) { order.append(g) }
        var series: [SVGPlot.Series] = []
        for g in order {
            let members = shunts.indices.filter { shunts[$0] == g }
            series.append(
                .init(
                    "g_shunt = \(NumberFormat.significant(g)) nS", x: members.map { currents[$0] },
                    y: members.map { numeric[$0] }, style: .markers))
        }
        for (k, g) in order.enumerated() {
            let members = shunts.indices.filter { shunts[$0] == g }
            series.append(
                .init(
                    "closed form", x: members.map { currents[$0] }, y: members.map { analytic[$0] }, style: .analytic,
                    inLegend: k == 0))
        }
        return SVGPlot(title: title, x: .init("input current I (pA)"), y: .init("firing rate (Hz)"), series: series)
    }

    /// All fixed-step methods of one model on one log–log convergence plot, with a reference
    /// slope per nominal order through the smallest-step error of the first method of that order.
    public static func convergenceFamily(
        _ studies: [(method: String, study: ConvergenceStudy)], model: String, variable: StateVariable
    ) -> SVGPlot {
        var series: [SVGPlot.Series] = []
        var slopesDrawn: [Int] = []
        for (method, study) in studies {
            series.append(
                .init(
                    "\(method) (order \(NumberFormat.significant(study.order, digits: 3)))", x: study.steps,
                    y: study.errors, style: .lineAndMarkers))
        }
        for (_, study) in studies where study.expectedOrder > 0 && !slopesDrawn.contains(study.expectedOrder) {
            guard let anchor = study.steps.indices.last(where: { study.errors[$0] > 0 }),
                let largest = study.steps.max()
            else { continue }
            slopesDrawn.append(study.expectedOrder)
            let h0 = study.steps[anchor]
            let e0 = study.errors[anchor]
            series.append(
                .init(
                    "slope \(study.expectedOrder)", x: [h0, largest],
                    y: [e0, e0 * pow(largest / h0, Double(study.expectedOrder))], style: .reference))
        }
        return SVGPlot(
            title: "Convergence: \(model), fixed-step methods", x: .init("step size dt (ms)", scale: .log10),
            y: .init("max |error| of \(variable.name) (\(variable.unit))", scale: .log10), series: series)
    }

    /// Several adaptive methods' max errors against their tolerance on one model (log–log), with
    /// the line error = eps for reference.
    public static func toleranceFamily(
        _ studies: [(method: String, study: ToleranceStudy)], model: String, variable: StateVariable
    ) -> SVGPlot {
        var series: [SVGPlot.Series] = studies.map {
            .init(
                "\($0.method) (slope \(NumberFormat.significant($0.study.slope, digits: 3)))", x: $0.study.eps,
                y: $0.study.errors, style: .lineAndMarkers)
        }
        let eps = studies.flatMap(\.study.eps)
        if let low = eps.min(), let high = eps.max(), low < high {
            series.append(.init("error = eps", x: [low, high], y: [low, high], style: .reference))
        }
        return SVGPlot(
            title: "Tolerance: \(model), adaptive methods", x: .init("tolerance eps", scale: .log10),
            y: .init("max |error| of \(variable.name) (\(variable.unit))", scale: .log10), series: series)
    }

    /// Work–precision of several adaptive steppers on one model: evaluations against error.
    public static func workPrecisionFamily(
        _ studies: [(stepper: String, study: ToleranceStudy)], model: String, variable: StateVariable
    ) -> SVGPlot {
        SVGPlot(
            title: "Work–precision: \(model), GSL steppers",
            x: .init("max |error| of \(variable.name) (\(variable.unit))", scale: .log10),
            y: .init("right-hand-side evaluations (count)", scale: .log10),
            series: studies.map {
                .init(
                    $0.stepper, x: $0.study.errors, y: $0.study.rhsEvaluations.map(Double.init), style: .lineAndMarkers)
            })
    }

    /// |error| over time of several methods on one model (log axis).
    public static func errorFamily(_ traces: [(method: String, trace: Trace)], model: String) -> SVGPlot? {
        guard let variable = traces.first?.trace.variable else { return nil }
        return SVGPlot(
            title: "Error over time: \(model)", x: .init("t (ms)"),
            y: .init("|error| of \(variable.name) (\(variable.unit))", scale: .log10),
            series: traces.map { m in
                .init(m.method, x: m.trace.times, y: zip(m.trace.numeric, m.trace.exact).map { abs($0 - $1) })
            })
    }
}

import SynIntegrators
import SynModels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Convergence of a fixed-step method over a ladder of steps (any ratios): errors against the
/// closed form, pairwise orders log(e_i+1/e_i)/log(h_i+1/h_i), and a least-squares slope over the
/// points kept. The error is by default the max-norm global error over each run's own grid
/// points (no interpolation); the final-time error is available, but a single time can sit at a
/// zero of the leading error coefficient and read a spuriously high order.
///
/// Points are excluded, with the reason stated, when their error is at the round-off floor
/// (≤ 1000·ε·|y|) or when they lie outside the asymptotic range (the pair they start differs from
/// the median of the later pairwise orders by more than 0.5; removed from the large-step end).
/// An order ≥ nominal + 0.8 is flagged as superconvergence.
public struct ConvergenceStudy: Sendable {
    public let steps: [Double]
    public let errors: [Double]
    public let pairwiseOrders: [Double]
    /// Least-squares slope of log(error) on log(step) over the kept points; NaN if < 2 remain.
    public let order: Double
    public let expectedOrder: Int
    public let excluded: [(index: Int, reason: String)]
    /// Indices of the steps whose error is at the round-off floor (also in `excluded`).
    public let atRoundOff: [Int]
    public let superconvergent: Bool
    public let work: [Int]
    public let measure: ErrorMeasure

    /// Fewer than two steps leave an error above the round-off floor: the method is exact here
    /// (a constant or a solution in its class) and no order can be measured or judged.
    public var exactToRoundOff: Bool { atRoundOff.count > steps.count - 2 }

    /// The round-off floor of errors on a solution of magnitude `scale`: 1000·ε·scale (studies
    /// leave errors at or below it out of their slopes).
    static func roundOffFloor(scale: Double) -> Double {
        1000 * Double.ulpOfOne * max(scale, Double.leastNormalMagnitude)
    }

    public enum ErrorMeasure: String, Sendable {
        /// max over the run's grid points t_k = k·h of |y_k − y(t_k)|.
        case maxOverGrid = "max-norm global error over each run's grid points"
        /// |y(t_end) − y_exact(t_end)|.
        case finalTime = "final-time error"
    }

    public static func run(
        _ model: any VerifiableModel, method: IntegrationMethod, steps: [Double], endTime: Double,
        measure: ErrorMeasure = .maxOverGrid
    ) throws(ODESolverError) -> ConvergenceStudy {
        guard steps.count >= 2 else {
            throw .invalidOption(name: "dt", value: Double(steps.count), allowed: "at least two steps")
        }
        for h in steps where !(h.isFinite && h > 0 && h <= endTime) {
            throw .invalidOption(name: "dt", value: h, allowed: "> 0 ms and ≤ t_end = \(endTime) ms")
        }
        let ordered = steps.sorted(by: >)
        guard let exact = model.exactState(at: endTime)[0] else {
            throw .invalidOption(
                name: "model", value: .nan,
                allowed: "a model with a closed form or a numeric reference for its first variable")
        }
        var errors: [Double] = []
        var work: [Int] = []
        var scale = abs(exact)
        for h in ordered {
            var options = SolveOptions()
            options.method = method
            options.fixedStep = h
            options.endTime = endTime
            let count = Int((endTime / h).rounded(.down))
            guard count <= 1_000_000 else {
                throw .invalidOption(name: "dt", value: h, allowed: "≥ t_end/1e6 for a grid study")
            }
            options.outputTimes =
                measure == .finalTime ? [endTime] : (1...max(count, 1)).map { Double($0) * h }.filter { $0 <= endTime }
            let solution = try Integrator.solve(model, options: options)
            var worst = 0.0
            for (k, t) in solution.times.enumerated() {
                guard let y = model.exactState(at: t)[0] else { continue }
                worst = max(worst, abs(solution.values[0][k] - y))
                scale = max(scale, abs(y))
            }
            errors.append(worst)
            work.append(solution.work.rhsEvaluations)
        }
        return fit(
            steps: ordered, errors: errors, work: work, scale: scale, expectedOrder: method.nominalOrder,
            measure: measure)
    }

    /// The order of a method from the errors of traces another simulator computed at the given
    /// steps (ms): the same max-norm error over each trace's recorded times up to `endTime`,
    /// the same fit and exclusions as `run`. `expectedOrder`: the method's nominal order, if
    /// known (0: none claimed).
    public static func run(
        traces: [(step: Double, trace: ExternalTrace)], of model: any VerifiableModel, endTime: Double,
        expectedOrder: Int = 0
    ) throws(ODESolverError) -> ConvergenceStudy {
        guard traces.count >= 2 else {
            throw .invalidOption(name: "trace", value: Double(traces.count), allowed: "at least two steps")
        }
        let ordered = traces.sorted { $0.step > $1.step }
        for (a, b) in zip(ordered, ordered.dropFirst()) where !(b.step < a.step) {
            throw .invalidOption(name: "trace step", value: b.step, allowed: "one trace per step")
        }
        let (errors, scale) = try traceErrors(ordered.map(\.trace), of: model, endTime: endTime)
        return fit(
            steps: ordered.map(\.step), errors: errors, work: ordered.map { _ in 0 }, scale: scale,
            expectedOrder: expectedOrder, measure: .maxOverGrid)
    }

    /// The max-norm error of each trace's first variable over its recorded times up to `endTime`
    /// (a few ulps past it count as t_end), against the closed form or one numeric reference at
    /// every recorded time of every trace; and the largest |y| of the reference (the round-off scale).
    static func traceErrors(_ traces: [ExternalTrace], of model: any VerifiableModel, endTime: Double)
        throws(ODESolverError) -> (errors: [Double], scale: Double)
    {
        var model = model
        if model.needsNumericReference {
            let times = Set(traces.flatMap { $0.times.filter { $0 <= endTime * (1 + Verifier.endTimeSlack) } })
                .map { min($0, endTime) }
            var options = SolveOptions()
            options.method = .external("trace")
            options.endTime = endTime
            model = try ReferenceSolution.build(
                model, grid: Array(Set(times)).sorted(), options: options, bounds: VerificationBounds()
            ).model
        }
        var errors: [Double] = []
        var scale = 0.0
        for trace in traces {
            guard let values = trace.columns[0] else {
                throw .invalidOption(name: "trace", value: .nan, allowed: "a column for the model's first variable")
            }
            var worst = 0.0
            for (k, t) in trace.times.enumerated() where t <= endTime * (1 + Verifier.endTimeSlack) {
                guard let y = model.exactState(at: min(t, endTime))[0] else {
                    throw .invalidOption(
                        name: "model", value: .nan,
                        allowed: "a model with a closed form or a numeric reference for its first variable")
                }
                worst = max(worst, abs(values[k] - y))
                scale = max(scale, abs(y))
            }
            errors.append(worst)
        }
        return (errors, scale)
    }

    /// The least-squares order of `errors` against `steps` (largest first), leaving out errors at
    /// the round-off floor and pre-asymptotic large steps.
    static func fit(
        steps ordered: [Double], errors: [Double], work: [Int], scale: Double, expectedOrder: Int,
        measure: ErrorMeasure
    ) -> ConvergenceStudy {
        let pairwise = (0..<(ordered.count - 1)).map { i in
            log(errors[i + 1] / errors[i]) / log(ordered[i + 1] / ordered[i])
        }
        let floor = roundOffFloor(scale: scale)
        let atRoundOff = ordered.indices.filter { errors[$0] <= floor }
        var excluded: [(Int, String)] = atRoundOff.map {
            ($0, "at the round-off floor (error ≤ 1000·ε·|y| = \(floor))")
        }
        var kept = ordered.indices.filter { errors[$0] > floor }
        // Remove pre-asymptotic points from the large-step end while the first pair disagrees.
        while kept.count >= 3 {
            let orders = (0..<(kept.count - 1)).map { j in
                log(errors[kept[j + 1]] / errors[kept[j]]) / log(ordered[kept[j + 1]] / ordered[kept[j]])
            }
            let rest = orders.dropFirst().sorted()
            let median = rest[rest.count / 2]
            guard abs(orders[0] - median) > 0.5 else { break }
            excluded.append(
                (kept[0], "outside the asymptotic range (pairwise order \(orders[0]) vs \(median) below it)"))
            kept.removeFirst()
        }
        let order =
            kept.count >= 2 ? leastSquaresSlope(kept.map { log(ordered[$0]) }, kept.map { log(errors[$0]) }) : .nan
        return ConvergenceStudy(
            steps: ordered, errors: errors, pairwiseOrders: pairwise, order: order,
            expectedOrder: expectedOrder, excluded: excluded.sorted { $0.0 < $1.0 }, atRoundOff: atRoundOff,
            superconvergent: expectedOrder > 0 && order >= Double(expectedOrder) + 0.8, work: work, measure: measure)
    }

    static func leastSquaresSlope(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0
        var sxx = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        return sxy / sxx
    }
}

/// Tolerance proportionality of an adaptive stepper: the largest error on the comparison grid and
/// the right-hand-side evaluations (work–precision, in counts) for each eps = eps_abs = eps_rel,
/// and the least-squares slope of log(error) against log(eps).
public struct ToleranceStudy: Sendable {
    public let eps: [Double]
    public let errors: [Double]
    public let rhsEvaluations: [Int]
    /// Least-squares slope over the tolerances whose error lies above the round-off floor
    /// (1000·ε·max|y|); NaN when fewer than two do.
    public let slope: Double
    /// Indices of the tolerances left out of the slope: their error is at the round-off floor.
    public let atRoundOff: [Int]

    /// Fewer than two tolerances leave an error above round-off: the stepper is exact here to
    /// round-off at every eps, and proportionality cannot be measured or judged.
    public var exactToRoundOff: Bool { atRoundOff.count > eps.count - 2 }

    public static let defaultLadder: [Double] = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12]

    /// Tolerance proportionality of another simulator's adaptive method, from its traces at each
    /// tolerance (rtol = atol = eps): the same max-norm error over each trace's recorded times as
    /// `ConvergenceStudy.run(traces:)`, the same slope and round-off exclusion as `run`; no work counts.
    public static func run(
        traces: [(eps: Double, trace: ExternalTrace)], of model: any VerifiableModel, endTime: Double
    )
        throws(ODESolverError) -> ToleranceStudy
    {
        guard traces.count >= 2, Set(traces.map(\.eps)).count == traces.count else {
            throw .invalidOption(name: "trace", value: Double(traces.count), allowed: "one trace per tolerance, ≥ 2")
        }
        let ordered = traces.sorted { $0.eps > $1.eps }
        let (errors, scale) = try ConvergenceStudy.traceErrors(ordered.map(\.trace), of: model, endTime: endTime)
        return fit(eps: ordered.map(\.eps), errors: errors, work: ordered.map { _ in 0 }, scale: scale)
    }

    /// The slope of log(error) on log(eps) over the tolerances whose error is above round-off.
    static func fit(eps ladder: [Double], errors: [Double], work: [Int], scale: Double) -> ToleranceStudy {
        let floor = ConvergenceStudy.roundOffFloor(scale: scale)
        let usable = ladder.indices.filter { errors[$0] > floor }
        let slope =
            usable.count >= 2
            ? ConvergenceStudy.leastSquaresSlope(usable.map { log(ladder[$0]) }, usable.map { log(errors[$0]) }) : .nan
        return ToleranceStudy(
            eps: ladder, errors: errors, rhsEvaluations: work, slope: slope,
            atRoundOff: ladder.indices.filter { errors[$0] <= floor })
    }

    public static func run(_ model: any VerifiableModel, stepper: Stepper, eps ladder: [Double], endTime: Double)
        throws(ODESolverError) -> ToleranceStudy
    {
        guard ladder.count >= 2 else {
            throw .invalidOption(name: "eps", value: Double(ladder.count), allowed: "at least two tolerances")
        }
        var errors: [Double] = []
        var work: [Int] = []
        var scale = 0.0
        for eps in ladder {
            var options = SolveOptions()
            options.method = .gsl(stepper)
            options.epsAbs = eps
            options.epsRel = eps
            options.endTime = endTime
            options.outputTimes = Verifier.grid(for: model, options: options, count: 10)
            let solution = try Integrator.solve(model, options: options)
            var worst = 0.0
            for (k, t) in solution.times.enumerated() {
                if let exact = model.exactState(at: t)[0] {
                    worst = max(worst, abs(solution.values[0][k] - exact))
                    scale = max(scale, abs(exact))
                }
            }
            errors.append(worst)
            work.append(solution.work.rhsEvaluations)
        }
        return fit(eps: ladder, errors: errors, work: work, scale: scale)
    }
}

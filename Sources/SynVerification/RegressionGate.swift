/// The CI gate: a suite run held against a recorded baseline, per model × method.
///
/// A row regresses when
/// - its max error grows beyond `errorGrowthFactor` × the baseline's, or beyond the absolute
///   floor 1e-13 × max(1, largest |closed form|) near round-off, whichever is larger; so does
///   the max error of each variable of a row that compares several;
/// - its measured order leaves ± `orderTolerance` of the nominal order — or, for a row whose
///   baseline already missed the nominal order (a recorded finding), of the baseline's order;
/// - its verdict turns from pass to fail (this includes the peak-time bound and the rate);
/// - it is a known-wrong seed variant that is no longer caught;
/// - it is in the baseline but did not run (unless only a shard of the suite ran);
/// - it ran but is not in the baseline, or the baseline records no max error where it has one;
/// - its gate settings (error growth factor, order tolerance) differ from those recorded.
public enum RegressionGate {
    /// One baseline row (as recorded by `synverify baseline --write`).
    public struct BaselineEntry: Sendable, Equatable {
        public var model: String
        public var method: String
        public var maxAbsError: Double?
        public var measuredOrder: Double?
        public var nominalOrder: Int?
        public var passed: Bool
        public var knownWrong: Bool
        /// Each variable's max error, for rows that compare more than one variable (else empty).
        public var variableErrors: [String: Double]
        /// The gate's settings the row was recorded under: changing them is a change the gate shows.
        public var errorGrowthFactor: Double
        public var orderTolerance: Double

        public init(
            model: String, method: String, maxAbsError: Double?, measuredOrder: Double?, nominalOrder: Int?,
            passed: Bool, knownWrong: Bool, variableErrors: [String: Double] = [:],
            errorGrowthFactor: Double = RegressionGate.defaultErrorGrowthFactor,
            orderTolerance: Double = RegressionGate.defaultOrderTolerance
        ) {
            self.variableErrors = variableErrors
            self.errorGrowthFactor = errorGrowthFactor
            self.orderTolerance = orderTolerance
            self.model = model
            self.method = method
            self.maxAbsError = maxAbsError
            self.measuredOrder = measuredOrder
            self.nominalOrder = nominalOrder
            self.passed = passed
            self.knownWrong = knownWrong
        }

        public var key: String { "\(model) / \(method)" }
    }

    /// What regressed: the row, the measure, its baseline and current values, and the allowance.
    public struct Regression: Sendable, Equatable {
        public let row: String
        public let measure: String
        public let before: String
        public let after: String
        public let allowed: String
        public init(row: String, measure: String, before: String, after: String, allowed: String) {
            self.row = row
            self.measure = measure
            self.before = before
            self.after = after
            self.allowed = allowed
        }
    }

    /// Per-row outcome, in the order of the run (then baseline rows that did not run).
    public struct Outcome: Sendable, Equatable {
        public let row: String
        public let regressions: [Regression]
        /// The row is new (no baseline entry): reported, never a regression.
        public let new: Bool
        public init(row: String, regressions: [Regression], new: Bool) {
            self.row = row
            self.regressions = regressions
            self.new = new
        }
    }

    /// The gate's settings and their allowed ranges: a looser gate is no gate (a growth factor of
    /// 1e300 or an order tolerance of 100 would hold any regression).
    public static let defaultErrorGrowthFactor = 2.0
    public static let defaultOrderTolerance = 0.2
    public static let errorGrowthFactors: ClosedRange<Double> = 1...10
    public static let orderTolerances: ClosedRange<Double> = 0.01...1

    /// What the gate reads of a row, whether it comes from a run (`SuiteResult`) or from a
    /// results file (`SuiteRow`, read back by `merge`): the same numbers get the same outcome.
    public struct GateRow: Sendable, Equatable {
        public var model: String
        public var method: String
        public var maxError: Double?
        public var measuredOrder: Double?
        public var nominalOrder: Int?
        public var passed: Bool
        public var knownWrong: Bool
        /// max(1, the largest |exact| value): the scale of the round-off floor 1e-13·scale.
        public var scale: Double
        public var variableErrors: [String: Double]
        public var errorGrowthFactor: Double
        public var orderTolerance: Double
        public var failureReasons: [String]
        public init(
            model: String, method: String, maxError: Double?, measuredOrder: Double?, nominalOrder: Int?,
            passed: Bool, knownWrong: Bool, scale: Double, variableErrors: [String: Double],
            errorGrowthFactor: Double, orderTolerance: Double, failureReasons: [String]
        ) {
            self.model = model
            self.method = method
            self.maxError = maxError
            self.measuredOrder = measuredOrder
            self.nominalOrder = nominalOrder
            self.passed = passed
            self.knownWrong = knownWrong
            self.scale = scale
            self.variableErrors = variableErrors
            self.errorGrowthFactor = errorGrowthFactor
            self.orderTolerance = orderTolerance
            self.failureReasons = failureReasons
        }

        public init(_ r: SuiteResult) {
            self.init(
                model: r.model, method: r.method.description, maxError: r.maxError, measuredOrder: r.measuredOrder,
                nominalOrder: r.nominalOrder, passed: r.passed, knownWrong: r.knownWrong,
                scale: max(1, r.comparison?.metrics?.largestExact ?? 1),
                variableErrors: RegressionGate.variableErrors(r),
                errorGrowthFactor: r.errorGrowthFactor, orderTolerance: r.orderTolerance,
                failureReasons: r.failureReasons)
        }

        var key: String { "\(model) / \(method)" }
    }

    public static func baseline(of results: [SuiteResult]) -> [BaselineEntry] {
        results.map { baselineEntry(GateRow($0)) }
    }

    /// Holds `results` against `baseline` (see `check(rows:against:complete:)`).
    public static func check(_ results: [SuiteResult], against baseline: [BaselineEntry], complete: Bool) -> [Outcome] {
        check(rows: results.map(GateRow.init), against: baseline, complete: complete)
    }

    /// Holds `results` against `baseline`. `complete`: the whole suite ran (not a shard), so a
    /// baseline row that did not run is a regression.
    public static func check(rows results: [GateRow], against baseline: [BaselineEntry], complete: Bool) -> [Outcome] {
        var byKey: [String: BaselineEntry] = [:]
        for entry in baseline { byKey[entry.key] = entry }
        var outcomes: [Outcome] = []
        var seen = Set<String>()
        for r in results {
            let current = baselineEntry(r)
            let key = current.key
            seen.insert(key)
            guard let before = byKey[key] else {
                // A row the baseline does not hold is judged against nothing: it fails until recorded.
                let unrecorded = Regression(
                    row: key, measure: "baseline", before: "none", after: "ran",
                    allowed: "recorded (synverify baseline --write)")
                outcomes.append(Outcome(row: key, regressions: [unrecorded], new: true))
                continue
            }
            var found: [Regression] = []
            func add(_ measure: String, _ b: String, _ a: String, _ allowed: String) {
                found.append(Regression(row: key, measure: measure, before: b, after: a, allowed: allowed))
            }
            for (name, b, a) in [
                ("error_growth_factor", before.errorGrowthFactor, r.errorGrowthFactor),
                ("order_tolerance", before.orderTolerance, r.orderTolerance),
            ] where b != a {
                add("gate setting \(name)", Verifier.format(b), Verifier.format(a), "as recorded (re-record to change)")
            }
            if before.knownWrong {
                if !r.passed { add("known-wrong variant caught", "yes", "no", "must be caught") }
                outcomes.append(Outcome(row: key, regressions: found, new: false))
                continue
            }
            let scale = r.scale
            func checkError(_ measure: String, _ b: Double?, _ a: Double?) {
                guard let b else {
                    // A null record would switch the error check off for a row that has an error now.
                    if let a {
                        add(
                            measure, "none recorded", Verifier.format(a),
                            "a recorded value (synverify baseline --write)")
                    }
                    return
                }
                let limit = max(b * r.errorGrowthFactor, 1e-13 * scale)
                guard let a else {
                    let why = r.failureReasons.first ?? "no comparison"
                    return add(measure, Verifier.format(b), "none (\(why))", "≤ \(Verifier.format(limit))")
                }
                if !(a <= limit) {
                    add(measure, Verifier.format(b), Verifier.format(a), "≤ \(Verifier.format(limit))")
                }
            }
            checkError("max error", before.maxAbsError, current.maxAbsError)
            for name in Set(current.variableErrors.keys).union(before.variableErrors.keys).sorted() {
                checkError("max error of \(name)", before.variableErrors[name], current.variableErrors[name])
            }
            if let nominal = current.nominalOrder, let measured = current.measuredOrder {
                let tolerance = r.orderTolerance
                let recordedFinding = before.measuredOrder.map { abs($0 - Double(nominal)) > tolerance } ?? false
                let target = recordedFinding ? before.measuredOrder! : Double(nominal)
                if !(abs(measured - target) <= tolerance) {
                    add(
                        recordedFinding ? "order (recorded finding)" : "order",
                        before.measuredOrder.map { Verifier.format($0) } ?? "—",
                        Verifier.format(measured), "\(Verifier.format(target)) ± \(Verifier.format(tolerance))")
                }
            }
            if before.passed && !r.passed && found.isEmpty {
                add("verdict", "pass", "fail: \(r.failureReasons.joined(separator: "; "))", "pass")
            }
            outcomes.append(Outcome(row: key, regressions: found, new: false))
        }
        if complete { outcomes += missing(from: baseline, ran: seen) }
        return outcomes
    }

    /// A "presence" regression for every baseline row that is not among the rows that ran.
    public static func missing(from baseline: [BaselineEntry], ran: Set<String>) -> [Outcome] {
        baseline.filter { !ran.contains($0.key) }.map { entry in
            let regression = Regression(
                row: entry.key, measure: "presence", before: "ran", after: "did not run", allowed: "in the suite")
            return Outcome(row: entry.key, regressions: [regression], new: false)
        }
    }

    static func baselineEntry(_ r: GateRow) -> BaselineEntry {
        BaselineEntry(
            model: r.model, method: r.method, maxAbsError: r.maxError,
            // Not measured (NaN) is recorded as null: the same row read back compares equal.
            measuredOrder: r.measuredOrder.flatMap { $0.isFinite ? $0 : nil }, nominalOrder: r.nominalOrder,
            passed: r.passed, knownWrong: r.knownWrong,
            variableErrors: r.variableErrors, errorGrowthFactor: r.errorGrowthFactor, orderTolerance: r.orderTolerance)
    }

    /// Each variable's max error when the row compares more than one.
    static func variableErrors(_ r: SuiteResult) -> [String: Double] {
        guard let metrics = r.comparison?.variableMetrics, metrics.count > 1 else { return [:] }
        return Dictionary(metrics.map { ($0.variable.name, $0.metrics.maxAbsError) }, uniquingKeysWith: max)
    }
}

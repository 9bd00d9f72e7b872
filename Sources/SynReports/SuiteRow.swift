import SynIntegrators
import SynVerification

/// One model × method row of the report as it appears in `results.json`: what the overview and
/// the JSON are rendered from, so that shards' rows read back from JSON render the same report.
public struct SuiteRow: Sendable, Equatable {
    public struct Convergence: Sendable, Equatable {
        public var dt: [Double]
        public var errors: [Double]
        public var pairwiseOrders: [Double]
        public var excluded: [Excluded]
        public var rhsEvaluations: [Int]
        public init(
            dt: [Double], errors: [Double], pairwiseOrders: [Double], excluded: [Excluded], rhsEvaluations: [Int]
        ) {
            self.dt = dt
            self.errors = errors
            self.pairwiseOrders = pairwiseOrders
            self.excluded = excluded
            self.rhsEvaluations = rhsEvaluations
        }
    }
    public struct Excluded: Sendable, Equatable {
        public var index: Int
        public var reason: String
        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }
    public struct Tolerance: Sendable, Equatable {
        public var eps: [Double]
        public var errors: [Double]
        public var rhsEvaluations: [Int]
        public init(eps: [Double], errors: [Double], rhsEvaluations: [Int]) {
            self.eps = eps
            self.errors = errors
            self.rhsEvaluations = rhsEvaluations
        }
    }

    public var model: String
    public var method: String
    /// ms.
    public var endTime: Double
    /// "dt = 0.025 ms" or "eps = 1e-10": the rung the errors are measured at.
    public var rung: String
    /// Unit of the first variable ("1" for dimensionless).
    public var unit: String
    public var knownWrong: Bool
    /// The seed's claim and its correction (known-wrong rows).
    public var claim: String?
    public var correction: String?
    public var passed: Bool
    /// The row could not run (bad combination or solver failure); `reasons` says why.
    public var error: Bool
    public var maxAbsError: Double?
    public var peakTimeError: Double?
    public var measuredOrder: Double?
    public var nominalOrder: Int?
    public var orderHolds: Bool?
    public var errorGrowthFactor: Double
    public var orderTolerance: Double
    public var reasons: [String]
    /// What the gate reads besides the figures above (`RegressionGate.GateRow`): the scale of its
    /// round-off floor and each variable's max error (rows that compare several).
    public var gateScale: Double = 1
    public var variableErrors: [String: Double] = [:]
    public var convergence: Convergence?
    public var tolerance: Tolerance?

    public init(
        model: String, method: String, endTime: Double, rung: String, unit: String, knownWrong: Bool, claim: String?,
        correction: String?, passed: Bool, error: Bool, maxAbsError: Double?, peakTimeError: Double?,
        measuredOrder: Double?,
        nominalOrder: Int?, orderHolds: Bool?, errorGrowthFactor: Double, orderTolerance: Double, reasons: [String],
        convergence: Convergence?, tolerance: Tolerance?
    ) {
        self.model = model
        self.method = method
        self.endTime = endTime
        self.rung = rung
        self.unit = unit
        self.knownWrong = knownWrong
        self.claim = claim
        self.correction = correction
        self.passed = passed
        self.error = error
        self.maxAbsError = maxAbsError
        self.peakTimeError = peakTimeError
        self.measuredOrder = measuredOrder
        self.nominalOrder = nominalOrder
        self.orderHolds = orderHolds
        self.errorGrowthFactor = errorGrowthFactor
        self.orderTolerance = orderTolerance
        self.reasons = reasons
        self.convergence = convergence
        self.tolerance = tolerance
    }

    public init(_ r: SuiteResult) {
        let rung: String
        if let engineRung = r.engineRung {
            rung =
                switch engineRung {
                case .step(let h): "dt = \(NumberFormat.significant(h, digits: 3)) ms"
                case .tolerance(let eps, _): "eps = \(NumberFormat.significant(eps, digits: 3))"
                case .defaults: "defaults"
                }
        } else if let options = r.comparison?.options {
            rung =
                options.fixedStep.map { "dt = \(NumberFormat.significant($0, digits: 3)) ms" }
                ?? "eps = \(NumberFormat.significant(options.epsAbs, digits: 3))"
        } else {
            rung = "—"
        }
        self.init(
            model: r.model, method: r.method.description, endTime: r.endTime, rung: rung,
            unit: r.comparison?.trace?.variable.unit ?? "1", knownWrong: r.knownWrong,
            claim: r.comparison?.knownWrong?.claim, correction: r.comparison?.knownWrong?.correction,
            passed: r.passed, error: r.failure != nil, maxAbsError: r.maxError, peakTimeError: r.peakTimeError,
            measuredOrder: r.measuredOrder, nominalOrder: r.nominalOrder, orderHolds: r.orderHolds,
            errorGrowthFactor: r.errorGrowthFactor, orderTolerance: r.orderTolerance, reasons: r.failureReasons,
            convergence: r.convergence.map { c in
                Convergence(
                    dt: c.steps, errors: c.errors, pairwiseOrders: c.pairwiseOrders,
                    excluded: c.excluded.map { Excluded(index: $0.index, reason: $0.reason) }, rhsEvaluations: c.work)
            },
            tolerance: r.tolerance.map { Tolerance(eps: $0.eps, errors: $0.errors, rhsEvaluations: $0.rhsEvaluations) })
        let gate = RegressionGate.GateRow(r)
        gateScale = gate.scale
        variableErrors = gate.variableErrors
    }
}

extension RegressionGate.GateRow {
    /// The gate's view of a row read back from a results or outcomes file: `merge` judges it
    /// exactly as `check` judged the run.
    public init(_ row: SuiteRow) {
        self.init(
            model: row.model, method: row.method, maxError: row.maxAbsError, measuredOrder: row.measuredOrder,
            nominalOrder: row.nominalOrder, passed: row.passed, knownWrong: row.knownWrong, scale: row.gateScale,
            variableErrors: row.variableErrors, errorGrowthFactor: row.errorGrowthFactor,
            orderTolerance: row.orderTolerance, failureReasons: row.reasons)
    }
}

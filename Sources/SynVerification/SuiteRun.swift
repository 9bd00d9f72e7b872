import Dispatch
import Foundation
import SynIntegrators
import SynModels
import SynVerifyGSL

/// One model × method of a suite, measured: the comparison at the finest rung of the ladder
/// (smallest step, or tightest tolerance), and the convergence or tolerance study over the ladder.
/// A method the model cannot take (exact propagation of a nonlinear model, a stepper that fails)
/// is a row with `failure` set, not an error of the run.
public struct SuiteResult: Sendable {
    public let model: String
    public let method: IntegrationMethod
    /// End time (ms) of every solve of the row.
    public let endTime: Double
    /// The comparison at the finest rung; nil when it could not run.
    public let comparison: Comparison?
    /// Fixed-step methods.
    public let convergence: ConvergenceStudy?
    /// Adaptive GSL steppers.
    public let tolerance: ToleranceStudy?
    /// Why the row has no figures (bad combination or solver failure).
    public let failure: String?
    /// The entry's allowances for the gate.
    public let errorGrowthFactor: Double
    public let orderTolerance: Double
    /// Integrate-and-fire rows: the tolerance slope is reported but not judged (the error is
    /// set by the located crossings, not by eps).
    public let hasThreshold: Bool
    /// Times (ms) where the model's right-hand side jumps (a transmitter pulse ends); fixed
    /// steps cross them, adaptive solves stop there.
    public let breakpoints: [Double]
    /// An engine row's finest run (its comparison's); nil for SynVerify's own rows.
    public var engineRung: EngineRung? = nil
    /// The model's variables an engine's trace does not hold (NEST cannot record helper states):
    /// the row compares the others.
    public var unrecorded: [String] = []

    /// Max absolute error of the first variable at the finest rung (its unit).
    public var maxError: Double? { comparison?.metrics?.maxAbsError }
    /// Numeric minus analytic peak time (ms) at the finest rung.
    public var peakTimeError: Double? { comparison?.peak.map { $0.numericTime - $0.analyticTime } }
    /// Fitted convergence order (fixed step) or tolerance slope (adaptive).
    public var measuredOrder: Double? { convergence?.order ?? tolerance?.slope }
    /// Nominal order (fixed step) or 1 (error ∝ eps, adaptive); nil for exact propagation and
    /// for the tolerance slope of threshold models.
    public var nominalOrder: Int? {
        if let convergence { return convergence.expectedOrder > 0 ? convergence.expectedOrder : nil }
        return tolerance != nil && !hasThreshold ? 1 : nil
    }
    /// Whether the measured order is within `orderTolerance` of the nominal one (nil: not judged).
    /// Not judged either when the errors sit at the round-off floor at (nearly) every rung.
    public var orderHolds: Bool? {
        guard let nominal = nominalOrder, let measured = measuredOrder else { return nil }
        if convergence?.exactToRoundOff == true || tolerance?.exactToRoundOff == true { return nil }
        return abs(measured - Double(nominal)) <= orderTolerance
    }
    /// Why the row fails, if it does: the comparison's reasons, then the order.
    public var failureReasons: [String] {
        if let failure { return [failure] }
        var reasons = comparison?.reasons ?? []
        if knownWrong { return reasons }
        if orderHolds == false, let measured = measuredOrder, let nominal = nominalOrder {
            let what = convergence != nil ? "convergence order" : "tolerance slope"
            var reason =
                "\(what) \(Verifier.format(measured)) against nominal \(nominal) "
                + "(allowed ± \(Verifier.format(orderTolerance)))"
            if convergence != nil && !breakpoints.isEmpty {
                let shown = breakpoints.prefix(3).map { Verifier.format($0) }.joined(separator: ", ")
                reason +=
                    "; the right-hand side jumps at t = \(shown)\(breakpoints.count > 3 ? ", …" : "") ms, "
                    + "inside or at the end of fixed steps (their stages do not resolve the jump)"
            }
            reasons.append(reason)
        }
        return reasons
    }
    /// The seed's claim is known to be wrong: the row passes when the verifier flags it.
    public var knownWrong: Bool { comparison?.knownWrong != nil }
    /// pass: a correct model verified, or a known-wrong variant caught.
    public var passed: Bool {
        guard failure == nil, let comparison else { return false }
        return comparison.holds && (knownWrong || orderHolds != false)
    }
}

public enum SuiteRunner {
    /// Runs every model × method of `suite` and returns the rows in declared order, whatever
    /// `jobs` is: rows are independent solves, spread over `jobs` threads (1 … 64) and stored
    /// by their index. `progress` is told each row as it starts (its index from 0, total), from
    /// one thread at a time.
    /// - Throws: `InputError` for a model name the catalogue does not know (a suite file is
    ///   checked when read, so only hand-made suites get here).
    public static func run(
        _ suite: VerificationSuite, jobs: Int = 1,
        progress: @escaping @Sendable (Int, Int, String, IntegrationMethod) -> Void = { _, _, _, _ in }
    ) throws -> [SuiteResult] {
        precondition((1...64).contains(jobs), "jobs \(jobs) outside 1 … 64")
        var rows:
            [(
                model: any VerifiableModel, name: String, method: IntegrationMethod, endTime: Double,
                entry: VerificationSuite.Entry
            )] = []
        for entry in suite.entries {
            let model: any VerifiableModel
            let defaultEnd: Double
            if let custom = entry.custom {
                model = custom.model
                defaultEnd = custom.endTime
            } else {
                let catalogueEntry = try ModelCatalog.entry(named: entry.model)
                model = try catalogueEntry.make()
                defaultEnd = catalogueEntry.defaultEndTime
            }
            let endTime = entry.endTime ?? defaultEnd
            for method in entry.methods { rows.append((model, entry.model, method, endTime, entry)) }
        }
        let frozen = rows
        let total = rows.count
        // Units of work: one row each, except the rows of an entry whose engine runs batches,
        // which run together (one process for every method and rung of the entry).
        var units: [[Int]] = []
        for (index, row) in rows.enumerated() {
            if row.entry.engine?.source.runsBatches == true, let last = units.last?.last,
                frozen[last].entry == row.entry, frozen[last].name == row.name
            {
                units[units.count - 1].append(index)
            } else {
                units.append([index])
            }
        }
        let frozenUnits = units
        let results = RowStore(count: total)
        let progressLock = NSLock()
        let next = Counter()
        let work = { @Sendable in
            while let unit = next.take(below: frozenUnits.count) {
                let indices = frozenUnits[unit]
                progressLock.withLock {
                    for index in indices { progress(index, total, frozen[index].name, frozen[index].method) }
                }
                let first = frozen[indices[0]]
                let prefetched =
                    indices.count > 1
                    ? engineTraces(
                        indices.map { frozen[$0].method }, model: first.model, entry: first.entry,
                        endTime: first.endTime)
                    : [nil]
                for (index, traces) in zip(indices, prefetched) {
                    let row = frozen[index]
                    results.set(
                        index,
                        runOne(
                            row.model, name: row.name, method: row.method, endTime: row.endTime, entry: row.entry,
                            prefetched: traces))
                }
            }
        }
        if jobs == 1 || frozenUnits.count <= 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: min(jobs, frozenUnits.count)) { _ in work() }
        }
        return results.all()
    }

    /// The traces of every rung of each of `methods` (an entry's engine rows) from one call.
    static func engineTraces(
        _ methods: [IntegrationMethod], model: any VerifiableModel, entry: VerificationSuite.Entry, endTime: Double
    ) -> [[Result<ExternalTrace, EngineFailure>]?] {
        guard let engine = entry.engine else { return methods.map { _ in nil } }
        let rungs = engineRungs(entry)
        let jobs = methods.flatMap { method in
            rungs.map { EngineJob(method: engine.programMethod(ofRow: method.description), rung: $0) }
        }
        let all = engine.source.traces(of: model, path: entry.custom?.path, jobs: jobs, endTime: endTime)
        return methods.indices.map { k in Array(all[(k * rungs.count)..<((k + 1) * rungs.count)]) }
    }

    static func runOne(
        _ model: any VerifiableModel, name: String, method: IntegrationMethod, endTime: Double,
        entry: VerificationSuite.Entry, prefetched: [Result<ExternalTrace, EngineFailure>]? = nil
    ) -> SuiteResult {
        var options = SolveOptions()
        options.method = method
        options.endTime = endTime
        var convergence: ConvergenceStudy?
        var tolerance: ToleranceStudy?
        var comparison: Comparison?
        var rung: EngineRung?
        var unrecorded: [String] = []
        do throws(ODESolverError) {
            switch method {
            case .simulator:
                options.fixedStep = entry.stepLadder.min()
                comparison = try Verifier.compare(model, name: name, options: options)
                if model.knownWrong == nil && model.exactState(at: endTime)[0] != nil {
                    convergence = try ConvergenceStudy.run(
                        model, method: method, steps: entry.stepLadder, endTime: endTime)
                }
            case .gsl(let stepper):
                let tightest = entry.toleranceLadder.min() ?? 1e-10
                options.epsAbs = tightest
                options.epsRel = tightest
                comparison = try Verifier.compare(model, name: name, options: options)
                if model.knownWrong == nil && model.exactState(at: endTime)[0] != nil {
                    tolerance = try ToleranceStudy.run(
                        model, stepper: stepper, eps: entry.toleranceLadder, endTime: endTime)
                }
            case .external(let label):
                guard let engine = entry.engine else {
                    throw .unsupportedMethod(method: label, reason: "a suite runs outside methods through engines")
                }
                let outcome = engineRow(
                    engine, label: label, model: model, entry: entry, endTime: endTime, prefetched: prefetched)
                switch outcome {
                case .success(let measured):
                    (comparison, convergence, tolerance) = (measured.comparison, measured.steps, measured.tolerances)
                    rung = measured.rung
                    unrecorded = measured.unrecorded
                case .failure(let failure):
                    return SuiteResult(
                        model: name, method: method, endTime: endTime, comparison: nil, convergence: nil,
                        tolerance: nil,
                        failure: failure.description.hasPrefix("skipped: ")
                            ? "\(failure)" : "engine failed: \(failure)",
                        errorGrowthFactor: entry.errorGrowthFactor,
                        orderTolerance: entry.orderTolerance, hasThreshold: model.threshold != nil,
                        breakpoints: model.breakpoints)
                }
            }
        } catch {
            return SuiteResult(
                model: name, method: method, endTime: endTime, comparison: comparison, convergence: nil, tolerance: nil,
                failure: error.description, errorGrowthFactor: entry.errorGrowthFactor,
                orderTolerance: entry.orderTolerance,
                hasThreshold: model.threshold != nil, breakpoints: model.breakpoints)
        }
        return SuiteResult(
            model: name, method: method, endTime: endTime, comparison: comparison, convergence: convergence,
            tolerance: tolerance, failure: nil, errorGrowthFactor: entry.errorGrowthFactor,
            orderTolerance: entry.orderTolerance,
            hasThreshold: model.threshold != nil, breakpoints: model.breakpoints, engineRung: rung,
            unrecorded: unrecorded)
    }
}

extension SuiteRunner {
    /// The rungs of an entry's engine rows, largest first: steps, tolerances, or the defaults.
    static func engineRungs(_ entry: VerificationSuite.Entry) -> [EngineRung] {
        switch entry.engineSchedule {
        case .steps: entry.stepLadder.sorted(by: >).map { .step($0) }
        case .tolerances(let record): entry.toleranceLadder.sorted(by: >).map { .tolerance($0, record: record) }
        case .defaults(let record): [.defaults(record: record)]
        }
    }

    /// What an engine row measured: the comparison at the finest rung, and the study over its
    /// ladder (steps or tolerances; none at the simulator's defaults, or without a reference).
    struct EngineMeasurement {
        var comparison: Comparison
        var rung: EngineRung
        var unrecorded: [String] = []
        var steps: ConvergenceStudy?
        var tolerances: ToleranceStudy?
    }

    /// An engine's method over the entry's ladder (steps, or tolerances, largest first): the
    /// comparison at the finest rung and the order or tolerance slope over all of them (the
    /// study needs a closed form or a numeric reference of the first variable).
    static func engineRow(
        _ engine: Engine, label: String, model: any VerifiableModel, entry: VerificationSuite.Entry, endTime: Double,
        prefetched: [Result<ExternalTrace, EngineFailure>]? = nil
    ) -> Result<EngineMeasurement, EngineFailure> {
        let method = engine.programMethod(ofRow: label)
        let rungs = engineRungs(entry)
        let results =
            prefetched
            ?? engine.source.traces(
                of: model, path: entry.custom?.path, jobs: rungs.map { EngineJob(method: method, rung: $0) },
                endTime: endTime)
        var traces: [(rung: EngineRung, trace: ExternalTrace)] = []
        // Once per row, not per rung (for a numeric-reference spec it is a solve).
        let timeScale = Verifier.shortestTimeScale(model, endTime: endTime)
        for (rung, result) in zip(rungs, results) {
            switch result {
            case .success(var trace):
                trace.label = label
                if let refusal = Verifier.samplingRefusal(
                    trace, of: model, endTime: endTime, bounds: VerificationBounds(), timeScale: timeScale)
                {
                    return .failure(EngineFailure("\(method) \(rung): trace refused: \(refusal)"))
                }
                traces.append((rung, trace))
            case .failure(let failure): return .failure(failure)
            }
        }
        do throws(ODESolverError) {
            let comparison = try Verifier.compare(
                trace: traces.last!.trace, of: model, name: entry.model, endTime: endTime)
            let finest = traces.last!.trace
            var measured = EngineMeasurement(
                comparison: comparison, rung: traces.last!.rung,
                unrecorded: model.variables.indices.filter { finest.columns[$0] == nil }.map {
                    model.variables[$0].name
                })
            let studied =
                traces.count >= 2 && model.knownWrong == nil
                && (model.exactState(at: endTime)[0] != nil || model.needsNumericReference)
            guard studied else { return .success(measured) }
            if case .tolerances = entry.engineSchedule {
                let ladder = traces.map { rung, trace in
                    if case .tolerance(let eps, _) = rung { return (eps, trace) }
                    return (0, trace)
                }
                measured.tolerances = try ToleranceStudy.run(traces: ladder, of: model, endTime: endTime)
            } else {
                measured.steps = try ConvergenceStudy.run(
                    traces: traces.map { ($0.rung.recordStep, $0.trace) }, of: model, endTime: endTime,
                    expectedOrder: Engine.nominalOrder(of: method, engine: engine.name))
            }
            return .success(measured)
        } catch {
            return .failure(EngineFailure("its trace could not be judged: \(error)"))
        }
    }
}

/// The rows' results, each written once by the thread that ran it.
final class RowStore: @unchecked Sendable {
    private var slots: [SuiteResult?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: SuiteResult) { lock.withLock { slots[index] = result } }
    func all() -> [SuiteResult] { lock.withLock { slots.map { $0! } } }
}

/// Hands out row indices 0, 1, 2, … to the worker threads, and serialises progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

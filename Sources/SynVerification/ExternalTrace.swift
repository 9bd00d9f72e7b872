import SynIntegrators
import SynModels
import SynVerifyGSL

/// Numbers computed outside SynVerify — a simulator's recorded trace — for one model: times (ms)
/// and, for some of the model's variables, values in the variable's internal unit.
public struct ExternalTrace: Sendable, Equatable {
    /// Names the source in verdicts and reports ("trace a.csv", "brian2:rk4 @ 0.1 ms").
    public var label: String
    /// Strictly increasing times (ms).
    public var times: [Double]
    /// Values by the index of the model variable they belong to, each as long as `times`.
    public var columns: [Int: [Double]]
    /// Spike times the simulator reported (ms), when it did.
    public var spikes: [Double]?

    public init(label: String, times: [Double], columns: [Int: [Double]], spikes: [Double]? = nil) {
        self.label = label
        self.times = times
        self.columns = columns
        self.spikes = spikes
    }

    /// The largest interval between recorded times (ms): a trace is judged like a fixed-step
    /// solve with this step (peak times to within one step, errors to 1 % of the largest value
    /// unless the spec states its own bounds).
    public var largestStep: Double {
        zip(times.dropFirst(), times).map { $0 - $1 }.max() ?? 0
    }
}

extension Verifier {
    /// Judges `trace` against the model's closed forms (or its numeric reference on the trace's
    /// times), peak, rate and expected spikes, as `compare` judges a solve of SynVerify's own:
    /// the same metrics, per-variable errors and verdict, on the recorded times up to `endTime`.
    /// The variables the trace lacks are not compared; a threshold model's spikes are the trace's
    /// `spikes`.
    public static func compare(
        trace: ExternalTrace, of subject: any VerifiableModel, name: String, endTime: Double,
        bounds: VerificationBounds = VerificationBounds()
    ) throws(ODESolverError) -> Comparison {
        let count = trace.times.prefix { $0 <= endTime * (1 + 1e-12) }.count
        let times = Array(trace.times.prefix(count))
        var options = SolveOptions()
        options.method = .external(trace.label)
        options.endTime = endTime
        options.outputTimes = times
        options.fixedStep = trace.largestStep > 0 ? trace.largestStep : nil
        var model = subject
        var referenceInfo: ReferenceInfo?
        if subject.needsNumericReference {
            var referenceOptions = options
            referenceOptions.method = .gsl(.rk8pd)
            referenceOptions.fixedStep = nil
            let built = try ReferenceSolution.build(subject, grid: times, options: referenceOptions, bounds: bounds)
            model = built.model
            referenceInfo = built.info
        }
        let n = subject.variables.count
        let values = (0..<n).map { i in
            trace.columns[i].map { Array($0.prefix(count)) } ?? Array(repeating: 0, count: count)
        }
        let solution = Solution(
            variables: subject.variables, times: times, values: values, spikes: trace.spikes ?? [],
            work: WorkCounters(),
            finalState: values.map { $0.last ?? .nan })
        return try judge(
            solution, of: model, name: name, options: options, bounds: bounds, reference: referenceInfo,
            compared: Set(trace.columns.keys))
    }
}

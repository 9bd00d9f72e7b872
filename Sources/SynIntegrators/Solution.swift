/// What a solve did, in counts (deterministic, unlike seconds).
public struct WorkCounters: Sendable, Equatable {
    public var rhsEvaluations = 0
    public var jacobianEvaluations = 0
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    /// Smallest, largest and last accepted step (ms); steps cut short by an event or output time
    /// count too.
    public var smallestStep = Double.infinity
    public var largestStep = 0.0
    public var lastStep = 0.0
    /// Presynaptic spike jumps applied.
    public var eventsApplied = 0
    /// Threshold crossings located (postsynaptic spikes).
    public var thresholdCrossings = 0

    public init() {}

    @inlinable
    mutating func recordStep(_ h: Double) {
        guard h > 0 else { return }
        smallestStep = min(smallestStep, h)
        largestStep = max(largestStep, h)
        lastStep = h
    }
}

/// The trajectory at the requested times, the located spikes and the work counts.
public struct Solution: Sendable {
    public let variables: [StateVariable]
    public let times: [Double]
    /// `values[i][k]`: variable i at `times[k]`.
    public let values: [[Double]]
    /// Threshold-crossing times (ms).
    public let spikes: [Double]
    public let work: WorkCounters
    /// The state at the end time.
    public let finalState: [Double]

    @inlinable
    public init(
        variables: [StateVariable], times: [Double], values: [[Double]], spikes: [Double], work: WorkCounters,
        finalState: [Double]
    ) {
        self.variables = variables
        self.times = times
        self.values = values
        self.spikes = spikes
        self.work = work
        self.finalState = finalState
    }
}

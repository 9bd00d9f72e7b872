/// The times where integration must stop, in order: presynaptic spikes (jumps), breakpoints of
/// the right-hand side, requested outputs and the end time. Coinciding times merge into one stop.
struct Schedule {
    struct Stop {
        var time: Double
        var spikes: [Int] = []
        var outputs: [Int] = []
    }

    var stops: [Stop] = []
    /// Spikes at the start time, applied before the first step (right-continuous convention).
    var initialSpikes: [Int] = []
    /// Outputs requested at the start time.
    var initialOutputs: [Int] = []

    init(model: any ODEModel, options: SolveOptions) {
        var items: [(time: Double, spike: Int?, output: Int?)] = []
        for (i, t) in model.spikeTimes.enumerated() where t >= options.startTime && t <= options.endTime {
            if t == options.startTime { initialSpikes.append(i) } else { items.append((t, i, nil)) }
        }
        for t in model.breakpoints where t > options.startTime && t < options.endTime {
            items.append((t, nil, nil))
        }
        for (k, t) in options.outputTimes.enumerated() {
            if t == options.startTime { initialOutputs.append(k) } else { items.append((t, nil, k)) }
        }
        items.append((options.endTime, nil, nil))
        items.sort { $0.time < $1.time }
        for item in items {
            if stops.last?.time != item.time { stops.append(Stop(time: item.time)) }
            if let s = item.spike { stops[stops.count - 1].spikes.append(s) }
            if let o = item.output { stops[stops.count - 1].outputs.append(o) }
        }
    }
}

/// Output storage in request order.
@usableFromInline
struct OutputRecorder {
    @usableFromInline let times: [Double]
    @usableFromInline var values: [[Double]]

    @inlinable
    init(times: [Double], dimension: Int) {
        self.times = times
        values = Array(repeating: Array(repeating: .nan, count: times.count), count: dimension)
    }

    @inlinable
    mutating func record(_ index: Int, _ y: UnsafePointer<Double>) {
        for i in values.indices { values[i][index] = y[i] }
    }
}

/// The times where integration must stop, in order: presynaptic spikes (jumps), breakpoints of
/// the right-hand side, requested outputs and the end time. Coinciding times merge into one stop.
///
/// Built by merging sorted sequences (spike times are sorted by contract; outputs are sorted here
/// only when they come unsorted), with each stop naming index ranges rather than owning arrays.
struct Schedule {
    struct Stop {
        var time: Double
        /// Indices into the model's spike times.
        var spikes: Range<Int>
        /// Positions in `outputOrder`.
        var outputs: Range<Int>
    }

    var stops: [Stop] = []
    /// Output indices in order of their times.
    var outputOrder: [Int] = []
    /// Spikes at the start time, applied before the first step (right-continuous convention).
    var initialSpikes: Range<Int> = 0..<0
    /// Positions in `outputOrder` of outputs requested at the start time.
    var initialOutputs: Range<Int> = 0..<0

    init(model: any ODEModel, options: SolveOptions) {
        let start = options.startTime, end = options.endTime
        let spikeTimes = model.spikeTimes
        let breakpoints = model.breakpoints.filter { $0 > start && $0 < end }.sorted()
        let outputs = options.outputTimes
        var sortedOutputs = true
        for k in outputs.indices.dropFirst() where outputs[k] < outputs[k - 1] { sortedOutputs = false; break }
        outputOrder = sortedOutputs ? Array(outputs.indices) : outputs.indices.sorted { outputs[$0] < outputs[$1] }

        var i = spikeTimes.firstIndex { $0 >= start } ?? spikeTimes.count   // next spike
        let spikeEnd = spikeTimes.lastIndex { $0 <= end }.map { $0 + 1 } ?? 0
        var b = 0, o = 0
        // Everything at the start time belongs to the initial state.
        let firstSpike = i
        while i < spikeEnd && spikeTimes[i] == start { i += 1 }
        initialSpikes = firstSpike..<max(firstSpike, i)
        while o < outputOrder.count && outputs[outputOrder[o]] == start { o += 1 }
        initialOutputs = 0..<o
        var reachedEnd = false
        var guardCount = 0
        while !reachedEnd && guardCount < spikeTimes.count + breakpoints.count + outputs.count + 2 {
            guardCount += 1
            var time = end
            if i < spikeEnd { time = min(time, spikeTimes[i]) }
            if b < breakpoints.count { time = min(time, breakpoints[b]) }
            if o < outputOrder.count { time = min(time, outputs[outputOrder[o]]) }
            let spikeStart = i, outputStart = o
            while i < spikeEnd && spikeTimes[i] == time { i += 1 }
            while b < breakpoints.count && breakpoints[b] == time { b += 1 }
            while o < outputOrder.count && outputs[outputOrder[o]] == time { o += 1 }
            stops.append(Stop(time: time, spikes: spikeStart..<i, outputs: outputStart..<o))
            reachedEnd = time >= end
        }
    }
}

/// Output storage in request order: one flat buffer (variable-major) while solving, split into
/// one array per variable once at the end (`values`), so that a solve allocates two arrays
/// here instead of one per variable plus their container up front.
@usableFromInline
struct OutputRecorder {
    @usableFromInline let times: [Double]
    @usableFromInline let dimension: Int
    @usableFromInline var flat: [Double]

    @inlinable
    init(times: [Double], dimension: Int) {
        self.times = times
        self.dimension = dimension
        flat = Array(repeating: .nan, count: times.count * dimension)
    }

    @inlinable
    mutating func record(_ index: Int, _ y: UnsafePointer<Double>) {
        let count = times.count
        for i in 0..<dimension { flat[i * count + index] = y[i] }
    }

    /// `values[i][k]`: variable i at `times[k]`.
    @inlinable
    var values: [[Double]] {
        let count = times.count
        return (0..<dimension).map { i in Array(flat[i * count ..< (i + 1) * count]) }
    }
}

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
        /// Positions in the time order of the outputs (`outputIndex(at:)`).
        var outputs: Range<Int>
    }

    var stops: [Stop] = []
    /// Output indices in order of their times; nil when the outputs come sorted (the usual case,
    /// which then allocates nothing here).
    private var outputPermutation: [Int]?
    /// Spikes at the start time, applied before the first step (right-continuous convention).
    var initialSpikes: Range<Int> = 0..<0
    /// Positions in the time order of the outputs requested at the start time.
    var initialOutputs: Range<Int> = 0..<0

    /// The index in `options.outputTimes` of the output at `position` in time order.
    func outputIndex(at position: Int) -> Int { outputPermutation?[position] ?? position }

    init(model: any ODEModel, options: SolveOptions) {
        let start = options.startTime
        let end = options.endTime
        let spikeTimes = model.spikeTimes
        let breakpoints = model.breakpoints.filter { $0 > start && $0 < end }.sorted()
        let outputs = options.outputTimes
        var sortedOutputs = true
        for k in outputs.indices.dropFirst() where outputs[k] < outputs[k - 1] {
            sortedOutputs = false
            break
        }
        let permutation = sortedOutputs ? nil : outputs.indices.sorted { outputs[$0] < outputs[$1] }
        outputPermutation = permutation
        /// The output time at `position` in time order.
        func output(_ position: Int) -> Double { outputs[permutation?[position] ?? position] }
        stops.reserveCapacity(spikeTimes.count + breakpoints.count + outputs.count + 1)

        var i = spikeTimes.firstIndex { $0 >= start } ?? spikeTimes.count  // next spike
        let spikeEnd = spikeTimes.lastIndex { $0 <= end }.map { $0 + 1 } ?? 0
        var b = 0
        var o = 0
        // Everything at the start time belongs to the initial state.
        let firstSpike = i
        while i < spikeEnd && spikeTimes[i] == start { i += 1 }
        initialSpikes = firstSpike..<max(firstSpike, i)
        while o < outputs.count && output(o) == start { o += 1 }
        initialOutputs = 0..<o
        var reachedEnd = false
        var guardCount = 0
        while !reachedEnd && guardCount < spikeTimes.count + breakpoints.count + outputs.count + 2 {
            guardCount += 1
            var time = end
            if i < spikeEnd { time = min(time, spikeTimes[i]) }
            if b < breakpoints.count { time = min(time, breakpoints[b]) }
            if o < outputs.count { time = min(time, output(o)) }
            let spikeStart = i
            let outputStart = o
            while i < spikeEnd && spikeTimes[i] == time { i += 1 }
            while b < breakpoints.count && breakpoints[b] == time { b += 1 }
            while o < outputs.count && output(o) == time { o += 1 }
            stops.append(Stop(time: time, spikes: spikeStart..<i, outputs: outputStart..<o))
            reachedEnd = time >= end
        }
    }
}

/// Output storage in request order: one array per variable, each made with
/// `Array(repeatElement:count:)` (which allocates through the specialised path, at less than half
/// the cost of `Array(repeating:count:)` in this toolchain's runtime).
@usableFromInline
struct OutputRecorder {
    @usableFromInline let times: [Double]
    /// `values[i][k]`: variable i at `times[k]`.
    @usableFromInline var values: [[Double]]

    @inlinable
    init(times: [Double], dimension: Int) {
        self.times = times
        var rows = [[Double]]()
        rows.reserveCapacity(dimension)
        for _ in 0..<dimension { rows.append(Array(repeatElement(.nan, count: times.count))) }
        values = rows
    }

    @inlinable
    mutating func record(_ index: Int, _ y: UnsafePointer<Double>) {
        for i in values.indices { values[i][index] = y[i] }
    }
}

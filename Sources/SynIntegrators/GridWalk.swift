/// Where a fixed-step walk over the grid stands: the next spike and output, the refractory
/// period's end, and what it has recorded.
@usableFromInline
struct GridWalk {
    @usableFromInline let spikeTimes: [Double]
    /// Output times sorted, with their request indices.
    @usableFromInline let outputOrder: [(offset: Int, element: Double)]
    /// Times within this of a grid time (1e-9·dt) count as on it.
    @usableFromInline let gridTolerance: Double
    @usableFromInline let interpolating: Bool
    /// Exact propagation: crossings by Brent's method on the exact solution inside the step.
    @usableFromInline let precise: Bool
    @usableFromInline var nextSpike: Int
    @usableFromInline var nextOutput = 0
    @usableFromInline var refractoryEnd = -Double.infinity
    @usableFromInline var work = WorkCounters()
    @usableFromInline var spikes: [Double] = []
    @usableFromInline var recorder: OutputRecorder

    @inlinable
    init(options: SolveOptions, spikeTimes: [Double], dt: Double, dimension n: Int) {
        self.spikeTimes = spikeTimes
        outputOrder = options.outputTimes.enumerated().sorted { $0.element < $1.element }
        gridTolerance = 1e-9 * dt
        interpolating = options.thresholdInterpolation || options.preciseThreshold
        precise = options.preciseThreshold
        nextSpike = spikeTimes.firstIndex { $0 >= options.startTime } ?? spikeTimes.count
        recorder = OutputRecorder(times: options.outputTimes, dimension: n)
    }

    /// The earliest pending output or spike time (+∞ when none).
    @inlinable
    var nextDue: Double {
        min(
            nextOutput < outputOrder.count ? outputOrder[nextOutput].element : .infinity,
            nextSpike < spikeTimes.count ? spikeTimes[nextSpike] : .infinity)
    }

    /// Records the state `y` for every pending output at or before `t` (within the tolerance).
    @inlinable
    mutating func recordOutputs(through t: Double, _ y: UnsafePointer<Double>) {
        while nextOutput < outputOrder.count && outputOrder[nextOutput].element <= t + gridTolerance {
            recorder.record(outputOrder[nextOutput].offset, y)
            nextOutput += 1
        }
    }

    /// Records every pending output strictly inside (t, tNext), linear between the states at the
    /// step's two ends.
    @inlinable
    mutating func interpolateOutputs(
        before tNext: Double, from t: Double, _ previous: UnsafePointer<Double>, _ y: UnsafePointer<Double>
    ) {
        let n = recorder.values.count
        let h = tNext - t
        while nextOutput < outputOrder.count && outputOrder[nextOutput].element < tNext - gridTolerance {
            let (k, time) = outputOrder[nextOutput]
            let w = (time - t) / h
            var interpolated = [Double](repeating: 0, count: n)
            for i in 0..<n { interpolated[i] = previous[i] + w * (y[i] - previous[i]) }
            recorder.record(k, interpolated)
            nextOutput += 1
        }
    }
}

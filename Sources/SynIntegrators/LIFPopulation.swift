import Dispatch
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A population of independent conductance LIF neurons under constant current and shunting
/// conductance (Exercise 6d: C·du/dt = g_l(u_rest − u) + g_i(E_i − u) + I), integrated on a
/// fixed grid in structure-of-arrays form, in parallel over neurons.
///
/// Methods: forward Euler (as Brian2's `method='euler'`) or exact propagation
/// u ← u∞ + (u − u∞)·e^(−dt/τ′). Thresholds: on the grid (a spike at the end of the step, as
/// simulators do) or precise: with exact propagation the crossing inside the step is solved in
/// closed form, s* = τ′·ln((u∞ − u_n)/(u∞ − u_th)), the neuron is reset there and the rest of the
/// step integrated exactly, so spike times are exact to rounding. Refractory neurons are held at
/// the reset. Neurons never interact, so the result does not depend on the thread count.
public enum LIFPopulation {
    public struct Parameters: Sendable, Equatable {
        public var capacitance = 1500.0, leak = 10.0, rest = -60.0, threshold = -50.0, reset = -60.0
        public var refractory = 0.0, shuntReversal = -70.0
        public init() {}
    }

    public enum Method: String, Sendable { case euler, exact }
    public enum Threshold: String, Sendable { case grid, precise }

    public struct Result: Sendable, Equatable {
        public let spikeCounts: [Int]
        public let firstSpike: [Double]
        public let lastSpike: [Double]
        /// Neuron-steps integrated (neurons × steps).
        public let neuronSteps: Int

        /// Bit-for-bit equality (NaN marks "no spike", so == on the doubles would never hold).
        public static func == (a: Result, b: Result) -> Bool {
            a.spikeCounts == b.spikeCounts && a.neuronSteps == b.neuronSteps
                && a.firstSpike.map(\.bitPattern) == b.firstSpike.map(\.bitPattern)
                && a.lastSpike.map(\.bitPattern) == b.lastSpike.map(\.bitPattern)
        }

        /// Rate from the mean interspike interval (Hz): (n − 1)/(t_last − t_first); 0 below 2 spikes.
        public func isiRate(_ i: Int) -> Double {
            spikeCounts[i] >= 2 ? 1000 * Double(spikeCounts[i] - 1) / (lastSpike[i] - firstSpike[i]) : 0
        }

        /// Rate as count/duration, as Brian2's SpikeMonitor gives it (Hz).
        public func countRate(_ i: Int, duration: Double) -> Double { 1000 * Double(spikeCounts[i]) / duration }
    }

    /// - Parameters:
    ///   - currents, shunts: per neuron, pA and nS (same count).
    ///   - duration, dt: ms.
    ///   - threads: worker count (1 … 64); results are identical for every value.
    /// - Throws: `ODESolverError.invalidOption` for bad sizes, steps or parameters;
    ///   `.unsupportedMethod` for precise thresholds with Euler.
    /// The largest population (each neuron holds seven doubles of state).
    public static let maximumNeurons = 1_000_000
    /// The most neuron-steps one run may take (about 0.8 ns each on this machine's core).
    public static let maximumNeuronSteps = 1e10

    public static func run(
        _ p: Parameters, currents: [Double], shunts: [Double], duration: Double, dt: Double,
        method: Method, threshold: Threshold, threads: Int = 1
    ) throws(ODESolverError) -> Result {
        guard currents.count == shunts.count, !currents.isEmpty else {
            throw .invalidOption(name: "neurons", value: Double(currents.count), allowed: "≥ 1, one shunt per current")
        }
        guard currents.count <= maximumNeurons else {
            throw .invalidOption(name: "neurons", value: Double(currents.count), allowed: "≤ \(maximumNeurons)")
        }
        guard dt.isFinite, dt > 0, duration.isFinite, duration > 0, duration / dt <= 1e9 else {
            throw .invalidOption(name: "dt", value: dt, allowed: "> 0 ms with duration/dt ≤ 1e9")
        }
        guard Double(currents.count) * (duration / dt) <= maximumNeuronSteps else {
            throw .invalidOption(
                name: "neurons × duration/dt", value: Double(currents.count) * (duration / dt),
                allowed: "≤ \(maximumNeuronSteps) (about 10 s on one core)")
        }
        guard (1...64).contains(threads) else {
            throw .invalidOption(name: "threads", value: Double(threads), allowed: "1 … 64")
        }
        guard p.capacitance > 0, p.leak > 0, p.reset < p.threshold, p.refractory >= 0,
            [p.capacitance, p.leak, p.rest, p.threshold, p.reset, p.refractory, p.shuntReversal].allSatisfy(\.isFinite)
        else {
            throw .invalidOption(
                name: "parameters", value: .nan, allowed: "C, g_l > 0, t_ref ≥ 0, reset < threshold, all finite")
        }
        for (i, g) in shunts.enumerated() where !(g.isFinite && g >= 0 && currents[i].isFinite) {
            throw .invalidOption(name: "neuron \(i)", value: g, allowed: "shunt ≥ 0 nS and finite current")
        }
        if threshold == .precise && method == .euler {
            throw .unsupportedMethod(
                method: "euler",
                reason: "precise thresholds need exact propagation (the crossing is solved in closed form)")
        }
        let n = currents.count
        let steps = Int((duration / dt).rounded())
        var counts = [Int](repeating: 0, count: n)
        var first = [Double](repeating: .nan, count: n)
        var last = [Double](repeating: .nan, count: n)
        let chunk = (n + threads - 1) / threads
        counts.withUnsafeMutableBufferPointer { countBuffer in
            first.withUnsafeMutableBufferPointer { firstBuffer in
                last.withUnsafeMutableBufferPointer { lastBuffer in
                    let c = UnsafeSendable(countBuffer)
                    let f = UnsafeSendable(firstBuffer)
                    let l = UnsafeSendable(lastBuffer)
                    DispatchQueue.concurrentPerform(iterations: threads) { worker in
                        let lower = worker * chunk
                        let upper = min(n, lower + chunk)
                        guard lower < upper else { return }
                        simulate(
                            p, currents: currents, shunts: shunts, range: lower..<upper, steps: steps, dt: dt,
                            method: method, threshold: threshold,
                            counts: c.buffer, first: f.buffer, last: l.buffer)
                    }
                }
            }
        }
        return Result(spikeCounts: counts, firstSpike: first, lastSpike: last, neuronSteps: n * steps)
    }

    /// One worker's share: structure-of-arrays state, a branch-free update pass and a rare
    /// threshold pass per step.
    static func simulate(
        _ p: Parameters, currents: [Double], shunts: [Double], range: Range<Int>, steps: Int, dt: Double,
        method: Method, threshold: Threshold,
        counts: UnsafeMutableBufferPointer<Int>, first: UnsafeMutableBufferPointer<Double>,
        last: UnsafeMutableBufferPointer<Double>
    ) {
        let m = range.count
        let u = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let target = UnsafeMutablePointer<Double>.allocate(capacity: m)  // u∞
        let factor = UnsafeMutablePointer<Double>.allocate(capacity: m)  // e^(−dt/τ′), or dt/τ′ for Euler
        let tau = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let refractoryUntil = UnsafeMutablePointer<Double>.allocate(capacity: m)
        // Precise thresholds: the latest spike as (a known time, the potential there), its
        // time solved only at the end — one log1p per neuron instead of one per spike.
        let pendingTime = UnsafeMutablePointer<Double>.allocate(capacity: m)
        let pendingStart = UnsafeMutablePointer<Double>.allocate(capacity: m)
        pendingTime.initialize(repeating: .nan, count: m)
        pendingStart.initialize(repeating: .nan, count: m)
        defer {
            for buffer in [u, target, factor, tau, refractoryUntil, pendingTime, pendingStart] { buffer.deallocate() }
        }
        for j in 0..<m {
            let i = range.lowerBound + j
            let g = p.leak + shunts[i]
            target[j] = (p.leak * p.rest + shunts[i] * p.shuntReversal + currents[i]) / g
            tau[j] = p.capacitance / g
            factor[j] = method == .exact ? exp(-dt / tau[j]) : dt / tau[j]
            u[j] = p.rest
            refractoryUntil[j] = -.infinity
        }
        let th = p.threshold
        let reset = p.reset
        let hasRefractory = p.refractory > 0
        let exact = method == .exact
        let precise = threshold == .precise
        let block = 64
        for step in 0..<steps {
            let t = Double(step) * dt
            let tNext = Double(step + 1) * dt
            // Update pass: straight-line arithmetic over contiguous arrays, which vectorises.
            if exact {
                for j in 0..<m { u[j] = target[j] + (u[j] - target[j]) * factor[j] }
            } else {
                for j in 0..<m { u[j] = u[j] + (target[j] - u[j]) * factor[j] }
            }
            // Threshold pass: skip blocks whose largest value is below threshold (most of them);
            // refractory neurons are visited individually only when there is a refractory period.
            var lower = 0
            while lower < m {
                let upper = min(m, lower + block)
                var largest = -Double.infinity
                for j in lower..<upper { largest = u[j] > largest ? u[j] : largest }
                if largest > th || hasRefractory {
                    for j in lower..<upper {
                        let v = u[j]
                        if hasRefractory && refractoryUntil[j] > t {
                            if precise && refractoryUntil[j] < tNext {
                                u[j] = handle(
                                    j, reset, t: t, tNext: tNext, dt: dt, p: p, precise: precise,
                                    offset: range.lowerBound,
                                    target: target, factor: factor, tau: tau, refractoryUntil: refractoryUntil,
                                    pendingTime: pendingTime, pendingStart: pendingStart, counts: counts, first: first,
                                    last: last)
                            } else {
                                u[j] = reset
                            }
                        } else if v > th {
                            u[j] = handle(
                                j, v, t: t, tNext: tNext, dt: dt, p: p, precise: precise, offset: range.lowerBound,
                                target: target, factor: factor, tau: tau, refractoryUntil: refractoryUntil,
                                pendingTime: pendingTime, pendingStart: pendingStart, counts: counts, first: first,
                                last: last)
                        }
                    }
                }
                lower = upper
            }
        }
        for j in 0..<m where !pendingTime[j].isNaN {
            last[range.lowerBound + j] = crossingTime(
                from: pendingTime[j], pendingStart[j], target: target[j], tau: tau[j], threshold: th)
        }
    }

    /// When u, relaxing from `start` at `time` (ms) towards u∞ = `target` with τ′ = `tau`, reaches
    /// the threshold: time + τ′·ln((u∞ − start)/(u∞ − u_th)), as log1p((u_th − start)/(u∞ − u_th)).
    @inline(__always)
    static func crossingTime(from time: Double, _ start: Double, target: Double, tau: Double, threshold th: Double)
        -> Double
    {
        time + tau * log1p((th - start) / (target - th))
    }

    /// The rare branch of a step: a threshold crossing (grid or precise) or the end of a
    /// refractory period inside the step (precise). Returns u at the end of the step.
    static func handle(
        _ j: Int, _ v: Double, t: Double, tNext: Double, dt: Double, p: Parameters, precise: Bool, offset: Int,
        target: UnsafeMutablePointer<Double>, factor: UnsafeMutablePointer<Double>, tau: UnsafeMutablePointer<Double>,
        refractoryUntil: UnsafeMutablePointer<Double>, pendingTime: UnsafeMutablePointer<Double>,
        pendingStart: UnsafeMutablePointer<Double>, counts: UnsafeMutableBufferPointer<Int>,
        first: UnsafeMutableBufferPointer<Double>, last: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let i = offset + j
        let th = p.threshold
        let reset = p.reset
        if !precise {
            record(i, tNext, counts, first, last)
            refractoryUntil[j] = tNext + p.refractory - 0.5 * dt
            return reset
        }
        // Precise: replay the step from its start in closed form, crossing by crossing.
        var time = t
        var start: Double
        if refractoryUntil[j] > t {
            time = refractoryUntil[j]
            start = reset
        } else {
            start = recoverStart(u: v, target: target[j], factor: factor[j])
        }
        var value = v
        var crossings = 0
        // e^(−(tNext − time)/τ′), carried multiplicatively: from the crossing condition,
        // e^(−(t_c − time)/τ′) = (u∞ − u_th)/(u∞ − start), so no exp is needed at a crossing
        // (only a refractory period shifts time by an amount without a closed-form factor).
        var decayToEnd = time == t ? factor[j] : exp(-(tNext - time) / tau[j])
        // The crossing time itself (a log1p) is solved only where something needs it: the first
        // spike, a refractory period, a second crossing in the step. Otherwise the spike is kept
        // as (time, start) and its time solved at the end of the run (`crossingTime`, same formula).
        var timeIsPending = false
        while crossings < 1000 {
            let excess = target[j] - th
            let end = target[j] + (start - target[j]) * decayToEnd
            // A crossing before tNext: u reaches u_th iff the free relaxation ends at or above it.
            guard excess > 0, start < th, end >= th else {
                value = end
                break
            }
            if timeIsPending {  // a second crossing in the step starts from the first one's time
                time = crossingTime(
                    from: pendingTime[j], pendingStart[j], target: target[j], tau: tau[j], threshold: th)
                pendingTime[j] = .nan
                timeIsPending = false
            }
            crossings += 1
            decayToEnd *= (target[j] - start) / excess
            if counts[i] == 0 || p.refractory > 0 {
                let crossing = crossingTime(from: time, start, target: target[j], tau: tau[j], threshold: th)
                record(i, crossing, counts, first, last)
                pendingTime[j] = .nan
                let free = crossing + p.refractory
                refractoryUntil[j] = free
                if free >= tNext {
                    value = reset
                    break
                }
                if p.refractory > 0 { decayToEnd = exp(-(tNext - free) / tau[j]) }
                time = free
            } else {
                counts[i] += 1
                pendingTime[j] = time
                pendingStart[j] = start
                timeIsPending = true
            }
            start = reset
        }
        return value
    }

    /// The state at the start of the step, from the exactly propagated end value.
    @inline(__always)
    static func recoverStart(u: Double, target: Double, factor: Double) -> Double {
        target + (u - target) / factor
    }

    @inline(__always)
    static func record(
        _ i: Int, _ time: Double, _ counts: UnsafeMutableBufferPointer<Int>,
        _ first: UnsafeMutableBufferPointer<Double>, _ last: UnsafeMutableBufferPointer<Double>
    ) {
        if counts[i] == 0 { first[i] = time }
        last[i] = time
        counts[i] += 1
    }
}

/// A buffer handed to workers that write disjoint index ranges.
struct UnsafeSendable<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// First-order two-state receptor kinetics driven by square transmitter pulses:
/// ds/dt = α[T](1 − s) − β·s, with [T] = T_max during a pulse of length T_dur after each spike
/// and 0 otherwise. Shared by the AMPA and GABA_A kernels and by GABA_B's receptor variable R.
///
/// Exact piecewise solution: during a pulse s relaxes to s∞ = αT/(αT + β) with rate αT + β,
/// s(τ) = s₀ + (s∞ − s₀)(1 − e^(−(αT+β)τ)); between pulses s(τ) = s₀·e^(−βτ).
/// Overlap rule (as BrainPy): a spike during a pulse restarts it, so the pulse ends T_dur after
/// the latest spike. The gating is continuous; only its derivative jumps at pulse edges.
/// Units: α in 1/(mM·ms), β in 1/ms, T in mM, T_dur in ms; s dimensionless.
/// Reference: Destexhe, Mainen & Sejnowski (1994) Neural Comput. 6:14–18.
public struct PulsedMarkovKinetics: Sendable {
    /// One stretch of constant transmitter: starts at `start` (ms) with gating `s0`.
    struct Segment: Sendable {
        let start: Double
        let transmitterOn: Bool
        let s0: Double
    }

    public let alpha: Double
    public let beta: Double
    public let transmitter: Double
    public let pulseDuration: Double
    let segments: [Segment]

    /// Times where the transmitter switches on or off (ms), in order.
    public var switchTimes: [Double] { segments.map(\.start) }

    /// Whether the transmitter is on at t (the pulse window [start, end) is right-open).
    public func transmitterOn(at t: Double) -> Bool {
        guard let k = segmentIndex(at: t) else { return false }
        return segments[k].transmitterOn
    }

    var onRate: Double { alpha * transmitter + beta }
    public var steadyState: Double { alpha * transmitter / onRate }

    init(alpha: Double, beta: Double, transmitter: Double, pulseDuration: Double, spikes: SpikeTrain) {
        self.alpha = alpha
        self.beta = beta
        self.transmitter = transmitter
        self.pulseDuration = pulseDuration
        // Merge pulses under the restart rule into alternating on/off segments.
        var segments: [Segment] = []
        var s = 0.0
        var index = 0
        let times = spikes.times
        let rate = alpha * transmitter + beta
        let sInf = alpha * transmitter / rate
        while index < times.count {
            let start = times[index]
            if let last = segments.last {  // close the preceding off segment
                s = last.s0 * exp(-beta * (start - last.start))
            }
            var end = start + pulseDuration
            index += 1
            while index < times.count && times[index] < end {
                end = times[index] + pulseDuration
                index += 1
            }
            segments.append(Segment(start: start, transmitterOn: true, s0: s))
            s = s + (sInf - s) * -expm1(-rate * (end - start))
            segments.append(Segment(start: end, transmitterOn: false, s0: s))
        }
        self.segments = segments
    }

    /// The gating variable at time `t` (ms); 0 before the first spike.
    public func gating(at t: Double) -> Double {
        guard let k = segmentIndex(at: t) else { return 0 }
        let segment = segments[k]
        let tau = t - segment.start
        if segment.transmitterOn {
            return segment.s0 + (steadyState - segment.s0) * -expm1(-onRate * tau)
        }
        return segment.s0 * exp(-beta * tau)
    }

    /// (A, B, λ) with s(start + τ) = A + B·e^(−λτ) on segment k.
    func exponentialForm(ofSegment k: Int) -> (a: Double, b: Double, rate: Double) {
        let segment = segments[k]
        if segment.transmitterOn { return (steadyState, segment.s0 - steadyState, onRate) }
        return (0, segment.s0, beta)
    }

    func segmentIndex(at t: Double) -> Int? {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].start <= t { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    /// The largest gating value: s rises during pulses and decays between them, so the
    /// maximum is at the end of a pulse (exact for any train).
    public var peak: Peak? {
        var best: Peak?
        for segment in segments where !segment.transmitterOn {
            if best == nil || segment.s0 > best!.value { best = Peak(time: segment.start, value: segment.s0) }
        }
        return best
    }
}

/// A receptor kernel (AMPA, GABA_A) over `PulsedMarkovKinetics`, reporting the gating s.
public struct MarkovReceptorKernel: Kernel {
    public let kinetics: PulsedMarkovKinetics

    init(_ p: ParameterValues, _ spikes: SpikeTrain) {
        kinetics = PulsedMarkovKinetics(
            alpha: p["alpha"], beta: p["beta"], transmitter: p["T"], pulseDuration: p["T_dur"], spikes: spikes)
    }

    public func value(at t: Double) -> Double { kinetics.gating(at: t) }
    public var peak: Peak? { kinetics.peak }
    public var derived: [DerivedQuantity] {
        [
            DerivedQuantity("s_inf", kinetics.steadyState, "1"),
            DerivedQuantity("tau_on", 1 / kinetics.onRate, "ms"),
            DerivedQuantity("tau_off", 1 / kinetics.beta, "ms"),
        ]
    }
}

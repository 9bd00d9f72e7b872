/// A piecewise-constant input of a spec (`input:`): `amplitude` while t lies in one of the
/// right-open windows [start, end) (ms), 0 elsewhere. A current step is one window; transmitter
/// pulses are one window of `duration` after each presynaptic spike, merged where they overlap
/// (a spike during a pulse restarts it, as in BrainPy and the catalogue's AMPA/GABA_A models).
/// Integration stops at every switch time (the model's breakpoints), so no step straddles one.
/// Sinusoidal inputs are smooth and compile to an expression instead.
public struct SpecSignal: Sendable, Equatable {
    /// The value while on, in the internal unit of the input's dimension.
    public let amplitude: Double
    /// Sorted, disjoint windows where the signal is on (ms).
    public let starts: [Double]
    public let ends: [Double]

    /// A step: `amplitude` for `start` ≤ t < `end` (ms; `end` may be +∞).
    public static func step(_ amplitude: Double, from start: Double, to end: Double) -> SpecSignal {
        SpecSignal(amplitude: amplitude, starts: [start], ends: [end])
    }

    /// Square pulses of `duration` ms after each spike (sorted times, ms), restarted by a spike
    /// inside a pulse.
    public static func pulses(_ amplitude: Double, duration: Double, after spikes: [Double]) -> SpecSignal {
        var starts: [Double] = []
        var ends: [Double] = []
        for s in spikes {
            if let last = ends.last, s <= last {
                ends[ends.count - 1] = s + duration
            } else {
                starts.append(s)
                ends.append(s + duration)
            }
        }
        return SpecSignal(amplitude: amplitude, starts: starts, ends: ends)
    }

    /// Every time (ms) where the value switches, in order.
    public var switchTimes: [Double] {
        zip(starts, ends).flatMap { [$0, $1] }.filter(\.isFinite)
    }

    /// The value at t (ms): a binary search over the windows, no allocation.
    @inline(__always)
    public func value(at t: Double) -> Double {
        // The last window starting at or before t.
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low > 0 && t < ends[low - 1] ? amplitude : 0
    }
}

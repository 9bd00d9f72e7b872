/// The abscissa a kernel is evaluated over.
public enum Abscissa: String, Sendable {
    case time
    case voltage
    case current

    public var dimension: Dimension {
        switch self {
        case .time: .time
        case .voltage: .voltage
        case .current: .current
        }
    }
}

/// An extremum of a kernel: where (abscissa, usually ms) and how large (output unit).
public struct Peak: Sendable, Equatable {
    public let time: Double
    public let value: Double

    public init(time: Double, value: Double) {
        self.time = time
        self.value = value
    }
}

/// A named quantity that a kernel derives from its parameters (u∞, τ′, rheobase, …).
public struct DerivedQuantity: Sendable, Equatable {
    public let name: String
    public let value: Double
    public let unit: String

    public init(_ name: String, _ value: Double, _ unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// A closed-form kernel with validated parameters, ready to evaluate.
public protocol Kernel: Sendable {
    /// Value at abscissa `x` (ms for time kernels). 0 before the first spike; right-continuous
    /// at jumps, so the value at a spike time includes that spike.
    func value(at x: Double) -> Double
    /// The analytic extremum, or nil where the kernel has none (monotone, periodic, a train
    /// whose peak has no closed form).
    var peak: Peak? { get }
    /// Quantities derived from the parameters, in a fixed order.
    var derived: [DerivedQuantity] { get }
}

extension Kernel {
    public var derived: [DerivedQuantity] { [] }
}

/// Presynaptic spike times (ms), sorted ascending; duplicates count twice.
public struct SpikeTrain: Sendable, Equatable {
    public let times: [Double]

    /// The largest train accepted, to bound every loop over it.
    public static let maximumCount = 1_000_000

    /// - Throws: `InputError.invalidSpikes` for a non-finite time or too many spikes.
    public init(_ times: [Double]) throws(InputError) {
        guard times.count <= Self.maximumCount else {
            throw .invalidSpikes(reason: "\(times.count) spikes; at most \(Self.maximumCount) are accepted")
        }
        for t in times where !t.isFinite {
            throw .invalidSpikes(reason: "spike time \(t) is not a finite number of ms")
        }
        self.times = times.sorted()
    }

    /// Number of spikes at or before `t` (right-continuous).
    func countUpTo(_ t: Double) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// A linear kernel: the response to a train is the sum of single-spike responses.
public protocol SuperposedKernel: Kernel {
    var spikes: SpikeTrain { get }
    /// Response to one spike at time 0, evaluated at `s ≥ 0` ms after it.
    func response(after s: Double) -> Double
    /// Analytic extremum of the single-spike response (time after the spike, value).
    var responsePeak: Peak? { get }
}

extension SuperposedKernel {
    public func value(at t: Double) -> Double {
        let n = spikes.countUpTo(t)
        var sum = 0.0
        for i in 0..<n { sum += response(after: t - spikes.times[i]) }
        return sum
    }

    /// The single-spike peak, shifted to the spike; nil for trains of more than one spike, whose
    /// peak generally has no closed form.
    public var peak: Peak? {
        guard spikes.times.count == 1, let p = responsePeak else { return nil }
        return Peak(time: spikes.times[0] + p.time, value: p.value)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The data range of one axis widened to tick values, and its ticks.
struct AxisRange {
    let scale: SVGPlot.Scale
    /// Axis ends: data units on a linear axis, log10 of data units on a log axis.
    let low: Double
    let high: Double
    /// Tick positions in data units.
    let ticks: [Double]

    /// `values`: at least one, all finite (and > 0 on a log axis).
    init(values: [Double], scale: SVGPlot.Scale) {
        self.scale = scale
        switch scale {
        case .linear:
            var lo = values.min() ?? 0
            var hi = values.max() ?? 0
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                lo -= pad
                hi += pad
            }
            let step = AxisRange.niceStep(for: (hi - lo) / 5)
            let first = (lo / step).rounded(.down)
            let last = (hi / step).rounded(.up)
            low = first * step
            high = last * step
            // At most 11 ticks (the step is at least a fifth of the span over 5).
            ticks = (0...Int(last - first)).map { (first + Double($0)) * step }
        case .log10:
            let positive = values.filter { $0 > 0 }
            // render() passes only positive values to a log axis, and at least one.
            let lo = positive.min() ?? 1
            let hi = positive.max() ?? 1
            var first = log10(lo).rounded(.down)
            var last = log10(hi).rounded(.up)
            if first == last {
                first -= 1
                last += 1
            }
            low = first
            high = last
            // Every decade when there are few; otherwise every k-th, at most 9 labels.
            let decades = Int(last - first)
            let stride = max(1, (decades + 7) / 8)
            ticks = Swift.stride(from: Int(first), through: Int(last), by: stride).map { pow(10, Double($0)) }
        }
    }

    /// Position of a data value along the axis, 0 at `low`, 1 at `high`.
    func fraction(_ value: Double) -> Double {
        let v = scale == .log10 ? log10(value) : value
        return (v - low) / (high - low)
    }

    /// Tick label: plain numbers on a linear axis, powers of ten on a log axis ("1e-6").
    func label(_ tick: Double) -> String {
        switch scale {
        case .linear:
            // Ticks are multiples of the step; round off the representation error of the sum.
            NumberFormat.significant(abs(tick) < 1e-12 * max(abs(low), abs(high)) ? 0 : tick, digits: 6)
        case .log10:
            "1e\(Int(log10(tick).rounded()))"
        }
    }

    /// The smallest of 1, 2, 5 × 10ᵏ that is ≥ `rough` (> 0).
    static func niceStep(for rough: Double) -> Double {
        let magnitude = pow(10, log10(rough).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= rough * (1 - 1e-12) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }
}

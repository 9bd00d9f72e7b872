/// Voltage jump: each spike adds w to the target, which does not decay.
///
/// v(t) = w·N(t), N(t) = number of spikes at or before t (right-continuous step). No peak: the
/// response is a non-decreasing staircase. Units: w and v in mV.
/// Reference: first seed §2.1.1 (4) Voltage jump (BrainPy `VoltageJump`).
public struct VoltageJumpKernel: SuperposedKernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("w", .voltage, 1, .finite, "jump of the postsynaptic potential per spike")
    ]

    public let w: Double
    public let spikes: SpikeTrain

    public init(w: Double = 1, spikes: [Double] = [0]) throws(InputError) {
        let p = try ParameterValues(specs: Self.parameters, overrides: [("w", w)], kernel: "voltage-jump")
        self.init(p, try SpikeTrain(spikes))
    }

    init(_ p: ParameterValues, _ spikes: SpikeTrain) {
        w = p["w"]
        self.spikes = spikes
    }

    public func value(at t: Double) -> Double { w * Double(spikes.countUpTo(t)) }

    public func response(after s: Double) -> Double { w }

    public var responsePeak: Peak? { nil }

    public static let entry = KernelEntry(
        name: "voltage-jump",
        summary: "step of w per spike, no decay",
        formula: "v(t) = w · #{t_s ≤ t}",
        source: "first seed §2.1.1 (4) Voltage jump",
        output: ("v", "mV"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [-1, 0, 1, 10],
        construct: { p, s in VoltageJumpKernel(p, s) }
    )
}

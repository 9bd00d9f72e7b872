import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conductance-based LIF with a constant (shunting) conductance g at reversal E and a constant
/// current I, with threshold, reset and refractory period:
///   C·du/dt = g_l(u_rest − u) + g(E − u) + I;  u ≥ u_th → spike, u ← u_reset, held for t_ref.
///
/// Closed form: between spikes u relaxes to u∞ = (g_l·u_rest + g·E + I)/(g_l + g) with
/// τ′ = C/(g_l + g); the first spike comes at τ′·ln((u∞ − u₀)/(u∞ − u_th)) and then every
/// t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th)) ms (`LIFRateKernel`). Units: C pF, g nS, u mV, I pA.
/// Reference: second seed Exercise 6d (f–I under shunting); NEST `iaf_cond`/`iaf_psc` tests.
public struct ConductanceLIFModel: VerifiableModel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 1500, .positive, "membrane capacitance (Exercise 6: 1500 pF)"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance (Exercise 6: 10 nS)"),
        ParameterSpec("u_rest", .voltage, -60, .finite, "leak reversal (Exercise 6: −60 mV)"),
        ParameterSpec("u_th", .voltage, -50, .finite, "threshold (Exercise 6: −50 mV)"),
        ParameterSpec("u_reset", .voltage, -60, .finite, "reset, < u_th (Exercise 6: u_rest)"),
        ParameterSpec("t_ref", .time, 0, .nonNegative, "refractory time"),
        ParameterSpec("g", .conductance, 10, .nonNegative, "constant shunting conductance g_i"),
        ParameterSpec("E", .voltage, -70, .finite, "its reversal E_i (Exercise 6: −70 mV)"),
        ParameterSpec("I", .current, 1000, .finite, "constant injected current"),
        ParameterSpec("u0", .voltage, -60, .finite, "potential at t = 0, < u_th"),
    ]

    public let capacitance: Double, leak: Double, rest: Double
    public let rule: ThresholdRule
    public let shunt: Double, shuntReversal: Double, current: Double, initial: Double

    init(_ p: ParameterValues) throws(InputError) {
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        shunt = p["g"]
        shuntReversal = p["E"]
        current = p["I"]
        initial = p["u0"]
        guard p["u_reset"] < p["u_th"] else {
            throw .parameterOutOfRange(
                name: "u_reset", value: p["u_reset"], unit: "mV", allowed: "< u_th (\(p["u_th"]) mV)")
        }
        guard initial < p["u_th"] else {
            throw .parameterOutOfRange(name: "u0", value: initial, unit: "mV", allowed: "< u_th (\(p["u_th"]) mV)")
        }
        rule = ThresholdRule(variable: 0, threshold: p["u_th"], reset: p["u_reset"], refractory: p["t_ref"])
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [initial] }
    public var spikeTimes: [Double] { [] }
    public var threshold: ThresholdRule? { rule }

    var totalConductance: Double { leak + shunt }
    /// τ′ = C/(g_l + g), ms.
    public var effectiveTau: Double { capacitance / totalConductance }
    /// u∞ (mV).
    public var steadyState: Double { (leak * rest + shunt * shuntReversal + current) / totalConductance }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (leak * (rest - y[0]) + shunt * (shuntReversal - y[0]) + current) / capacitance
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -totalConductance / capacitance
        dfdt[0] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -totalConductance / capacitance
        b[0] = (leak * rest + shunt * shuntReversal + current) / capacitance
        return true
    }

    public var linearSystem: LinearSystem? {
        LinearSystem(
            matrix: [-totalConductance / capacitance],
            offset: [(leak * rest + shunt * shuntReversal + current) / capacitance])
    }

    /// Time (ms) to climb from u_start to u_th, or +∞ when u∞ ≤ u_th.
    func timeToThreshold(from start: Double) -> Double {
        let above = steadyState - rule.threshold
        guard above > 0 else { return .infinity }
        return effectiveTau * log1p((rule.threshold - start) / above)
    }

    /// Steady firing rate (Hz): 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))), 0 below rheobase.
    public var analyticRate: Double? {
        let time = timeToThreshold(from: rule.reset)
        return time.isFinite ? 1000 / (rule.refractory + time) : 0
    }

    /// Exact spike times in [0, until] (ms), at most `limit` of them.
    public func exactSpikeTimes(until end: Double, limit: Int = 10_000_000) -> [Double] {
        var times: [Double] = []
        let first = timeToThreshold(from: initial)
        guard first.isFinite else { return [] }
        let period = rule.refractory + timeToThreshold(from: rule.reset)
        var k = 0
        while times.count < limit {
            let t = first + Double(k) * period
            if t > end { break }
            times.append(t)
            k += 1
        }
        return times
    }

    public func exactState(at t: Double) -> [Double?] {
        let first = timeToThreshold(from: initial)
        if !(t >= first) || !first.isFinite {
            return [steadyState + (initial - steadyState) * exp(-t / effectiveTau)]
        }
        let period = rule.refractory + timeToThreshold(from: rule.reset)
        let since = (t - first).truncatingRemainder(dividingBy: period)
        if since < rule.refractory { return [rule.reset] }
        let free = since - rule.refractory
        return [steadyState + (rule.reset - steadyState) * exp(-free / effectiveTau)]
    }

    public static let entry = ModelEntry(
        name: "lif-coba", summary: "conductance LIF with constant shunt and current, threshold and reset",
        equations: "C·du/dt = g_l(u_rest − u) + g(E − u) + I;  u ≥ u_th: u ← u_reset, held t_ref",
        latex:
            "C \\frac{du}{dt} = g_l (u_\\mathrm{rest} - u) + g (E - u) + I, \\qquad u \\ge u_\\mathrm{th}: "
            + "u \\leftarrow u_\\mathrm{reset} \\text{ held for } t_\\mathrm{ref}",
        source: "second seed Exercise 6d",
        variables: [StateVariable("u", "mV")], parameters: parameters, acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 1000,
        construct: { p, _ throws(InputError) in try ConductanceLIFModel(p) }
    )
}

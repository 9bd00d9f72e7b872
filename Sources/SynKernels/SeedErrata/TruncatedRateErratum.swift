/// Known-wrong as a firing rate: the second seed's large-current formula, Eq. (19),
///   r ≈ (u_rest − u_th)/(C·R_m·(u_th − u_reset)) + I/(C·(u_th − u_reset)),
/// i.e. r ≈ (u∞ − u_th)/(τ′·(u_th − u_reset)) = (I − I_rh)/(C·(u_th − u_reset)) with the shunt
/// folded into R_m. It keeps only the first term of ln(1 + z) ≈ z − z²/2 + …, so it drops the
/// constant 1/(2τ′) of the next order and the refractory time, and is negative below rheobase.
/// Its relative error against the exact rate (`lif-rate`) tends to zero only as O(1/I).
/// Abscissa: I in pA; output in Hz. Parameters as `lif-rate`.
public struct TruncatedRateErratum: Kernel {
    let exact: LIFRateKernel

    public func value(at current: Double) -> Double {
        1000 * (current - exact.rheobase) / (exact.capacitance * (exact.threshold - exact.reset))
    }

    public var peak: Peak? { nil }

    public static let entry = KernelEntry(
        name: "lif-rate-seed-approx",
        summary: "KNOWN WRONG as a rate: second seed Eq. (19), the truncated large-current expansion",
        formula: "r ≈ (u∞ − u_th)/(τ′·(u_th − u_reset)) = (I − I_rh)/(C·(u_th − u_reset))",
        source: "second seed Exercise 6c, Eq. (19)",
        abscissa: .current, output: ("r", "Hz"), parameters: LIFRateKernel.parameters, acceptsSpikes: false,
        correctness: .knownWrong(
            reason: "first-order truncation of ln(1 + z): omits +1/(2τ′) and t_ref, negative below rheobase",
            correctKernel: "lif-rate"),
        samplePoints: [0, 200, 500, 1000, 1500],
        construct: { p, _ throws(InputError) in TruncatedRateErratum(exact: try LIFRateKernel(p)) }
    )
}

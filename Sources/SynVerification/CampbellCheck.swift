#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014): a small, seedable generator, identical on every
/// platform, so stochastic checks are reproducible bit for bit. Package-internal: the Campbell
/// check and the tests draw from it; it is not part of the public API.
package struct SplitMix64: Sendable {
    var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1]: 53 random bits, never 0 (so −log is finite).
    package mutating func uniform() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }
}

/// Campbell's theorem checked by simulation (second seed, Exercise 6e): an ensemble of exponential
/// synapses g += w, dg/dt = −g/τ, each driven by its own Poisson train of rate ν, sampled at time
/// T (started empty at 0). The ensemble mean and variance must match
///   E[g(T)] = ν·w·τ·(1 − e^(−T/τ)),  Var[g(T)] = ν·w²·τ/2·(1 − e^(−2T/τ))
/// within `sigmas` standard errors, the errors estimated from the sample itself (the variance's
/// from the fourth central moment: shot noise is not Gaussian). g(T) is summed exactly from the
/// spike times: no integrator is involved, so this checks the theorem and the kernel library.
public struct CampbellCheck: Sendable {
    public let rateHz: Double, w: Double, tau: Double, time: Double, samples: Int
    public let mean: Double, variance: Double
    public let expectedMean: Double, expectedVariance: Double
    public let meanStandardError: Double, varianceStandardError: Double

    public func passes(sigmas: Double = 5) -> Bool {
        abs(mean - expectedMean) <= sigmas * meanStandardError
            && abs(variance - expectedVariance) <= sigmas * varianceStandardError
    }

    /// - Parameters: rate in Hz, w in nS, τ and T in ms; `samples` synapses; a fixed seed.
    public static func run(rateHz: Double, w: Double, tau: Double, time: Double, samples: Int, seed: UInt64)
        -> CampbellCheck
    {
        var rng = SplitMix64(seed: seed)
        let rate = rateHz / 1000
        var values = [Double](repeating: 0, count: samples)
        for k in 0..<samples {
            var t = -log(rng.uniform()) / rate
            var g = 0.0
            var guardCount = 0
            while t <= time && guardCount < 10_000_000 {
                g += w * exp(-(time - t) / tau)
                t += -log(rng.uniform()) / rate
                guardCount += 1
            }
            values[k] = g
        }
        let n = Double(samples)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0
        var m4 = 0.0
        for v in values {
            let d = v - mean
            m2 += d * d
            m4 += d * d * d * d
        }
        let variance = m2 / (n - 1)
        let fourth = m4 / n
        return CampbellCheck(
            rateHz: rateHz, w: w, tau: tau, time: time, samples: samples, mean: mean, variance: variance,
            expectedMean: rate * w * tau * -expm1(-time / tau),
            expectedVariance: rate * w * w * tau / 2 * -expm1(-2 * time / tau),
            meanStandardError: (variance / n).squareRoot(),
            varianceStandardError: (max(fourth - variance * variance, 0) / n).squareRoot()
        )
    }
}

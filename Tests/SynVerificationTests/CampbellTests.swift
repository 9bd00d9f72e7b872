import SynKernels
import SynVerification
import Testing

@Suite("Campbell's theorem (Exercise 6e inputs)")
struct CampbellTests {
    /// Exercise 6e: excitatory w_e = 0.01 nS, τ_e = 5 ms at 1000–4500 Hz; inhibitory w_i = 0.1 nS,
    /// τ_i = 10 ms at 500–1200 Hz. Sampled at T = 100 ms, 4000 synapses, fixed seeds.
    @Test(
        "ensemble mean and variance within 5 standard errors of νwτ and νw²τ/2",
        arguments: [
            (1000.0, 0.01, 5.0), (4500, 0.01, 5), (500, 0.1, 10), (1200, 0.1, 10),
        ])
    func campbell(_ input: (rate: Double, w: Double, tau: Double)) {
        let check = CampbellCheck.run(
            rateHz: input.rate, w: input.w, tau: input.tau, time: 100, samples: 4000, seed: 11922)
        #expect(
            check.passes(),
            Comment(
                rawValue: "mean \(check.mean) vs \(check.expectedMean) ± \(check.meanStandardError); "
                    + "variance \(check.variance) vs \(check.expectedVariance) ± \(check.varianceStandardError)")
        )
    }

    @Test("the expected moments are the campbell kernels' values")
    func kernelsAgree() throws {
        let check = CampbellCheck.run(rateHz: 1000, w: 0.01, tau: 5, time: 100, samples: 10, seed: 1)
        let mean = try KernelCatalog.entry(named: "campbell").make(overrides: [("nu", 1000), ("w", 0.01), ("tau", 5)])
            .value(at: 100)
        let variance = try KernelCatalog.entry(named: "campbell-variance").make(overrides: [
            ("nu", 1000), ("w", 0.01), ("tau", 5),
        ]).value(at: 100)
        #expect(abs(check.expectedMean - mean) <= 1e-15 * mean)
        #expect(abs(check.expectedVariance - variance) <= 1e-15 * variance)
    }

    @Test("a wrong variance claim (w·τ/2 without the square) is detected")
    func detectsWrong() {
        let check = CampbellCheck.run(rateHz: 1000, w: 0.01, tau: 5, time: 100, samples: 4000, seed: 11922)
        let wrong = check.rateHz / 1000 * check.w * check.tau / 2
        #expect(abs(check.variance - wrong) > 5 * check.varianceStandardError)
    }

    @Test("the generator is reproducible")
    func reproducible() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
        // Published first output of SplitMix64 for seed 0 (Vigna's reference implementation).
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}

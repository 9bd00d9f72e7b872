import SynIntegrators
import SynKernels
import SynVerifyGSL
import Testing

/// Exercise 6d's grid: 100 currents from 0 to 1.5 nA × shunts 0, 10, …, 60 nS = 700 neurons.
func exerciseSixGrid() -> (currents: [Double], shunts: [Double]) {
    let currents = (0..<100).map { 1500.0 * Double($0) / 99 }
    var c: [Double] = []
    var g: [Double] = []
    for shunt in stride(from: 0.0, through: 60, by: 10) {
        c += currents
        g += Array(repeating: shunt, count: 100)
    }
    return (c, g)
}

@Suite("LIF population (f–I curves)")
struct LIFPopulationTests {
    /// Closed form per neuron: `LIFRateKernel` (1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th)))).
    @Test("precise thresholds: every ISI rate within 1e-9 Hz of the closed form", arguments: [0.0, 2.0])
    func preciseRates(refractory: Double) throws {
        let (currents, shunts) = exerciseSixGrid()
        var p = LIFPopulation.Parameters()
        p.refractory = refractory
        let result = try LIFPopulation.run(
            p, currents: currents, shunts: shunts, duration: 1000, dt: 0.1, method: .exact, threshold: .precise)
        var worst = 0.0
        for i in currents.indices {
            let kernel = try LIFRateKernel(overrides: [("g", shunts[i]), ("t_ref", refractory)])
            let exact = kernel.value(at: currents[i])
            // Below two spikes in 1 s there is no ISI rate; those neurons must have exact rate < 2 Hz.
            if result.spikeCounts[i] < 2 {
                #expect(exact < 2.0001, "neuron \(i): \(exact) Hz but \(result.spikeCounts[i]) spikes")
                continue
            }
            worst = max(worst, abs(result.isiRate(i) - exact))
        }
        #expect(worst <= 1e-9, "largest ISI-rate error \(worst) Hz")
    }

    /// Steps longer than the inter-spike interval: several crossings inside one step, each
    /// started from the previous one (the spike times are solved lazily; the rate must not care).
    @Test(
        "precise thresholds with several spikes per step (dt = 5 ms, rates up to 4 kHz) stay within 1e-9 Hz",
        arguments: [0.0, 0.5])
    func severalSpikesPerStep(refractory: Double) throws {
        let currents = [2_000.0, 5_000, 20_000, 60_000]
        let shunts = [0.0, 10, 0, 30]
        var p = LIFPopulation.Parameters()
        p.refractory = refractory
        let result = try LIFPopulation.run(
            p, currents: currents, shunts: shunts, duration: 1000, dt: 5, method: .exact, threshold: .precise)
        for i in currents.indices {
            let exact = try LIFRateKernel(overrides: [("g", shunts[i]), ("t_ref", refractory)]).value(at: currents[i])
            #expect(result.spikeCounts[i] >= 2)
            #expect(abs(result.isiRate(i) - exact) <= 1e-9, "neuron \(i): \(result.isiRate(i)) vs \(exact) Hz")
        }
        #expect(
            try LIFRateKernel(overrides: [("g", 0)]).value(at: 60_000) > 1000 / 5,
            "the fastest neuron fires more than once per step")
    }

    @Test("grid thresholds with Euler at 0.1 ms are off by about a hertz")
    func gridBias() throws {
        let (currents, shunts) = exerciseSixGrid()
        let result = try LIFPopulation.run(
            LIFPopulation.Parameters(), currents: currents, shunts: shunts, duration: 1000, dt: 0.1, method: .euler,
            threshold: .grid)
        var worst = 0.0
        for i in currents.indices where result.spikeCounts[i] >= 2 {
            let exact = try LIFRateKernel(overrides: [("g", shunts[i])]).value(at: currents[i])
            worst = max(worst, abs(result.isiRate(i) - exact))
        }
        #expect(worst > 0.1 && worst < 10, "largest grid error \(worst) Hz")
    }

    @Test("results are identical for 1, 2 and 3 threads")
    func deterministic() throws {
        let (currents, shunts) = exerciseSixGrid()
        let runs = try [1, 2, 3].map { threads in
            try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: currents, shunts: shunts, duration: 200, dt: 0.1,
                method: .exact, threshold: .precise, threads: threads)
        }
        #expect(runs[0] == runs[1], "1 vs 2 threads differ")
        #expect(runs[0] == runs[2], "1 vs 3 threads differ")
    }

    @Test("bad input is refused")
    func badInput() {
        #expect(throws: ODESolverError.self) {
            try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: [1], shunts: [], duration: 10, dt: 0.1, method: .exact,
                threshold: .grid)
        }
        #expect(throws: ODESolverError.self) {
            try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: [1], shunts: [0], duration: 10, dt: 0.1, method: .euler,
                threshold: .precise)
        }
        #expect(throws: ODESolverError.self) {
            try LIFPopulation.run(
                LIFPopulation.Parameters(), currents: [1], shunts: [-1], duration: 10, dt: 0.1, method: .exact,
                threshold: .grid)
        }
    }
}

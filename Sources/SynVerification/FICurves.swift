import SynIntegrators
import SynKernels

/// f–I curves of a conductance LIF population (Exercise 6d) against the closed-form rate
/// r = 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))) Hz: neurons under constant current I (pA)
/// and shunting conductance g_shunt (nS), integrated by `LIFPopulation`.
public struct FICurves: Sendable {
    /// One integration of the population: a method with its threshold handling.
    public struct Curve: Sendable {
        public let method: String
        public let threshold: String
        /// Per neuron, in the order of `currents`: the integrated ISI rate (Hz).
        public let rates: [Double]
        /// Largest |ISI rate − closed form| over neurons with ≥ 2 spikes (Hz); nil when no neuron
        /// fired twice, so that no rate was compared.
        public let worstError: Double?
    }

    /// One sweep: a curve, the closed-form rates (Hz) per neuron, and the population's result.
    public struct Sweep: Sendable {
        public let curve: Curve
        public let analytic: [Double]
        public let result: LIFPopulation.Result
    }

    /// Per neuron: the current (pA) and the shunt (nS).
    public let currents: [Double]
    public let shunts: [Double]
    /// Closed-form rates (Hz) per neuron.
    public let analytic: [Double]
    public let curves: [Curve]
    /// The seed's own experiment (SeedFIExperiment): SynVerify's Euler with grid thresholds on its
    /// neurons, and each simulator's run of it (a suite's `fi_engines`).
    public var seedOwn: Curve?
    public var seedRuns: [SeedFIExperiment.Curve] = []
    /// The report's sweep: duration and step (ms).
    public static let duration = 1000.0, dt = 0.1

    /// The report's curves: 7 shunts (0 … 60 nS) × 31 currents (0 … 1500 pA), 1000 ms at
    /// dt = 0.1 ms, exact propagation with closed-form crossings and Euler with grid thresholds.
    public static func measure() throws -> FICurves {
        var currents: [Double] = []
        var shunts: [Double] = []
        for g in stride(from: 0.0, through: 60, by: 10) {
            for k in 0...30 {
                currents.append(50 * Double(k))
                shunts.append(g)
            }
        }
        var curves: [Curve] = []
        var analytic: [Double] = []
        for (method, threshold) in [(LIFPopulation.Method.exact, LIFPopulation.Threshold.precise), (.euler, .grid)] {
            let sweep = try Self.sweep(
                LIFPopulation.Parameters(), currents: currents, shunts: shunts, duration: duration, dt: dt,
                method: method, threshold: threshold)
            curves.append(sweep.curve)
            analytic = sweep.analytic
        }
        let seed = try Self.sweep(
            LIFPopulation.Parameters(), currents: SeedFIExperiment.currents, shunts: SeedFIExperiment.shunts,
            duration: SeedFIExperiment.duration, dt: SeedFIExperiment.dt, method: .euler, threshold: .grid)
        return FICurves(currents: currents, shunts: shunts, analytic: analytic, curves: curves, seedOwn: seed.curve)
    }

    /// Integrates the population (currents in pA, shunts in nS, duration and dt in ms) and holds
    /// each neuron's ISI rate against its closed form.
    public static func sweep(
        _ parameters: LIFPopulation.Parameters, currents: [Double], shunts: [Double], duration: Double, dt: Double,
        method: LIFPopulation.Method, threshold: LIFPopulation.Threshold, threads: Int = 1
    ) throws -> Sweep {
        let result = try LIFPopulation.run(
            parameters, currents: currents, shunts: shunts, duration: duration, dt: dt, method: method,
            threshold: threshold, threads: threads)
        let analytic = try currents.indices.map { i in
            try LIFRateKernelFactory.make(shunt: shunts[i], refractory: parameters.refractory).value(at: currents[i])
        }
        let rates = currents.indices.map(result.isiRate)
        let worst = currents.indices.filter { result.spikeCounts[$0] >= 2 }.map { abs(rates[$0] - analytic[$0]) }.max()
        let curve = Curve(method: method.rawValue, threshold: threshold.rawValue, rates: rates, worstError: worst)
        return Sweep(curve: curve, analytic: analytic, result: result)
    }
}

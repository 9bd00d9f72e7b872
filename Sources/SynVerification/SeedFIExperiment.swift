import Foundation
import SynIntegrators

/// The second seed's f–I experiment (Exercise 6d) as its notebook writes it, for a simulator to
/// run: a NeuronGroup of 700 conductance LIF cells, `du/dt = (I + g_l*(u_rest-u) + g_i*(E_i-u))/C_m`,
/// threshold `u>u_th`, reset `u=u_rest`, `method='euler'` at Brian2's default dt 0.1 ms for 1 s;
/// `I = tile(linspace(0*nA, 1.5*nA, 100), 7)` and `g_i = arange(10*nS, 70*nS, 10*nS).repeat(100)`.
/// numpy's `arange` gives 7 values there, 10 … 70 nS: 70 nS is inside by round-off (6e-8/1e-8 in
/// binary exceeds 6), which is what makes 7 × 100 match the group's 700 neurons.
///
/// A simulator's spike trains are judged two ways. Against the closed-form rate (the ISI rate
/// over neurons that fire twice), which Euler with grid thresholds misses by design. And against
/// the Euler-grid period, derived by hand: Euler's u_{n+1} − u∞ = (1 − a)(u_n − u∞) with
/// a = h(g_l + g_i)/C and u∞ = (I + g_l·u_rest + g_i·E_i)/(g_l + g_i) gives
/// u_n = u∞ − (u∞ − u_rest)(1 − a)^n; the threshold is tested at the end of each step and the
/// reset restarts from u_rest, so every ISI is n*·h with n* = ⌊ln((u∞ − u_th)/(u∞ − u_rest)) /
/// ln(1 − a)⌋ + 1, and no neuron with u∞ ≤ u_th fires. A simulator that runs forward Euler on the
/// grid must meet n*·h in every ISI; that is the curve's verdict.
public enum SeedFIExperiment {
    public static let parameters = LIFPopulation.Parameters()  // C 1500 pF, g_l 10 nS, −60/−50/−60/−70 mV
    public static let dt = 0.1, duration = 1000.0
    /// Per neuron (pA): linspace(0, 1500, 100) seven times (numpy's linspace: i·step, the last exact).
    public static let currents: [Double] = {
        let step: Double = 1.5e-9 / 99
        let amps: [Double] = (0..<100).map { (k: Int) -> Double in k == 99 ? 1.5e-9 : Double(k) * step }
        let picoamps: [Double] = amps.map { $0 * 1e12 }
        return Array(repeating: picoamps, count: 7).flatMap { $0 }
    }()
    /// Per neuron (nS): numpy's arange(10e-9, 70e-9, 10e-9) (start + i·step), each 100 times.
    public static let shunts: [Double] = (0..<7).flatMap { (i: Int) -> [Double] in
        let siemens: Double = 10e-9 + Double(i) * 10e-9
        return Array(repeating: siemens * 1e9, count: 100)
    }
    /// How far an ISI may be from n*·h (ms): round-off of the spike times' sums.
    public static let periodTolerance = 1e-9

    /// The Euler-grid period n*·h (ms) of a neuron with `current` (pA) and `shunt` (nS) at step
    /// `dt` (ms), or nil when u∞ ≤ u_th (it never fires). See the type's comment.
    public static func eulerGridPeriod(current: Double, shunt: Double, dt: Double = dt) -> Double? {
        let p = parameters
        let conductance = p.leak + shunt
        let uInfinity = (current + p.leak * p.rest + shunt * p.shuntReversal) / conductance
        guard uInfinity > p.threshold else { return nil }
        let a = dt * conductance / p.capacitance
        let steps = (log((uInfinity - p.threshold) / (uInfinity - p.reset)) / log1p(-a)).rounded(.down) + 1
        return steps * dt
    }

    /// A simulator for the f–I page (a suite's `fi_engines`): a name (its curve is "NAME:euler") and
    /// its command (the program and its arguments; POPULATION.json and SPIKES.json are appended, see
    /// SynFiles' PopulationRun), with a time limit (s).
    public struct Engine: Sendable, Equatable {
        public let name: String
        public let command: [String]
        public let timeout: Double
        public init(name: String, command: [String], timeout: Double = 300) {
            self.name = name
            self.command = command
            self.timeout = timeout
        }
    }

    /// One simulator's run of the experiment, judged.
    public struct Curve: Sendable, Equatable {
        public let label: String
        /// Per neuron: the ISI rate (Hz; 0 below two spikes) and the spike count.
        public let rates: [Double]
        public let spikeCounts: [Int]
        /// Largest |ISI rate − closed form| (Hz) over neurons that fire twice.
        public let worstRateError: Double?
        /// Largest |ISI − n*·h| (ms) over every ISI of every neuron; infinity when a neuron fires
        /// where n*·h says it cannot, or stays silent where it must fire twice within the run.
        public let worstPeriodDeviation: Double
        /// Why no trains came back (the simulator's failure), or nil.
        public let failure: String?
        public var passed: Bool { failure == nil && worstPeriodDeviation <= SeedFIExperiment.periodTolerance }
    }

    /// Judges spike trains (ms, one list per neuron in the order of `currents`).
    public static func judge(_ label: String, trains: [[Double]]) -> Curve {
        guard trains.count == currents.count else {
            return failed(label, "\(trains.count) spike trains for \(currents.count) neurons")
        }
        var rates: [Double] = []
        var worstRate: Double?
        var worstPeriod = 0.0
        for (i, train) in trains.enumerated() {
            let period = eulerGridPeriod(current: currents[i], shunt: shunts[i])
            let isis = zip(train.dropFirst(), train).map { $0 - $1 }
            if let period {
                for isi in isis { worstPeriod = max(worstPeriod, abs(isi - period)) }
                // Spikes at n*h, 2n*h, …: a neuron silent where two periods fit the run is wrong.
                if train.count < 2 && 2 * period < duration - dt { worstPeriod = .infinity }
            } else if !train.isEmpty {
                worstPeriod = .infinity
            }
            let rate = train.count >= 2 ? 1000 * Double(train.count - 1) / (train.last! - train.first!) : 0
            rates.append(rate)
            if train.count >= 2, let analytic = try? closedFormRate(i) {
                worstRate = max(worstRate ?? 0, abs(rate - analytic))
            }
        }
        return Curve(
            label: label, rates: rates, spikeCounts: trains.map(\.count), worstRateError: worstRate,
            worstPeriodDeviation: worstPeriod, failure: nil)
    }

    /// A run that gave no trains: its reason, never a pass.
    public static func failed(_ label: String, _ why: String) -> Curve {
        Curve(
            label: label, rates: [], spikeCounts: [], worstRateError: nil, worstPeriodDeviation: .infinity,
            failure: why)
    }

    /// The closed-form rate (Hz) of neuron `i`.
    public static func closedFormRate(_ i: Int) throws -> Double {
        try LIFRateKernelFactory.make(shunt: shunts[i], refractory: parameters.refractory).value(at: currents[i])
    }
}

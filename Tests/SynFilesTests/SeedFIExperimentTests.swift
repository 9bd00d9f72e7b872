import Foundation
import SynIntegrators
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// The seed's f–I experiment (Exercise 6d as its notebook writes it) and simulators' runs of it.
@Suite("The seed's f–I experiment")
struct SeedFIExperimentTests {
    /// By hand, for I = 1500 pA and g_i = 10 nS: u∞ = (1500 − 10·60 − 10·70)/20 = 10 mV, a = 0.1·20/1500
    /// = 1/750, ln(60/70)/ln(1 − 1/750) = 115.536 (Python's math.log and log1p), so n* = 116 and the
    /// Euler-grid period is 11.6 ms (86.21 Hz, where the closed form τ′·ln(70/60) = 11.561 ms gives
    /// 86.50 Hz). For I = 500 pA and g_i = 70 nS, u∞ = (500 − 600 − 4900)/80 = −62.5 mV < u_th:
    /// no period. numpy's arange(10, 70, 10) nS has 7 values, the last 70 nS (checked with numpy 2.3.5).
    @Test("the Euler-grid period by hand; the seed's 700 neurons with 7 shunts 10 … 70 nS")
    func period() throws {
        let period = try #require(SeedFIExperiment.eulerGridPeriod(current: 1500, shunt: 10))
        #expect(abs(period - 11.6) <= 1e-12)
        #expect(SeedFIExperiment.eulerGridPeriod(current: 500, shunt: 70) == nil)
        #expect(SeedFIExperiment.currents.count == 700 && SeedFIExperiment.shunts.count == 700)
        let shunts = Array(Set(SeedFIExperiment.shunts)).sorted()
        #expect(shunts.count == 7 && abs(shunts[0] - 10) <= 1e-9 && abs(shunts[6] - 70) <= 1e-9)
        #expect(SeedFIExperiment.currents[99] == 1500 && SeedFIExperiment.currents[100] == 0)
    }

    /// Brian2 2.9.0 runs the notebook's cell (engines/brian2_fi.py): every ISI of every neuron equals
    /// the hand-derived n*·dt, so it passes; the same trains with one spike moved by one step fail,
    /// and so does a neuron firing where u∞ < u_th. Its ISI rates miss the closed form by less than
    /// a period moved by under one step costs the fastest neuron, r²·dt/1000 ≈ 110²·0.1/1000 ≈ 1.2 Hz
    /// (by hand: rounding up to whole steps adds < dt; Euler's faster approach, ≈ a/2 ≤ 0.27 % of
    /// the period, takes less than a step off).
    @Test(
        "Brian2 runs the seed's f–I cell: every ISI is the Euler-grid period; a step off fails",
        .enabled(if: EngineTests.brian2Available, "skipped: Brian2 is not installed (make engines)"))
    func brian2() throws {
        let program = repositoryRoot.appendingPathComponent("engines/brian2_fi.py").path
        let engine = SeedFIExperiment.Engine(name: "brian2", command: [EngineTests.python, program])
        let run = PopulationRun.run(engine)
        #expect(run.failure == nil && run.passed, "\(run.failure ?? "") \(run.worstPeriodDeviation)")
        let error = try #require(run.worstRateError)
        #expect(error > 0.01 && error < 1.2, "\(error)")
        // Brian2's own trains, judged directly, then perturbed.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("population.json").path
        let output = directory.appendingPathComponent("spikes.json").path
        try PopulationRun.seedPopulation().serialized().write(toFile: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTests.python)
        process.arguments = [program, input, output]
        try process.run()
        process.waitUntilExit()
        var trains = try PopulationRun.spikeTrains(try String(contentsOfFile: output, encoding: .utf8))
        #expect(SeedFIExperiment.judge("brian2", trains: trains).passed)
        let firing = try #require(trains.firstIndex { $0.count >= 3 })
        trains[firing][1] += SeedFIExperiment.dt
        #expect(!SeedFIExperiment.judge("moved", trains: trains).passed)
        trains[firing][1] -= SeedFIExperiment.dt
        let silent = try #require(trains.firstIndex { $0.isEmpty })
        trains[silent] = [500]
        #expect(!SeedFIExperiment.judge("fires below threshold", trains: trains).passed)
    }

    /// A program that fails gives a curve naming why, never a pass; spike files are checked.
    @Test("a failing f–I program is a failed curve with its reason; a malformed spike file is refused")
    func failures() throws {
        let script = try EngineTests.script("echo 'no brian here' >&2; exit 1")
        let run = PopulationRun.run(SeedFIExperiment.Engine(name: "broken", command: script))
        #expect(!run.passed && run.failure?.contains("no brian here") == true, "\(run.failure ?? "")")
        #expect(throws: FormatError.self) { try PopulationRun.spikeTrains("{\"spikes_ms\": [[2, 1]]}") }
        #expect(throws: FormatError.self) { try PopulationRun.spikeTrains("{\"trains\": []}") }
        #expect(!SeedFIExperiment.judge("short", trains: [[1, 2]]).passed)
    }

    /// `fi_engines` in a suite file: its command resolved like an entry's, keys checked.
    @Test("a suite's fi_engines are read with their commands resolved; unknown keys are refused")
    func suiteKey() throws {
        let text = """
            schema_version: 1
            fi_engines:
              - engine: brian2
                command: [../venv/bin/python, ../engines/brian2_fi.py]
            entries:
              - model: exp
                methods: [euler]
            """
        let suite = try SuiteFile.parse(text, file: "data/suite.yaml")
        #expect(
            suite.fiEngines == [
                .init(name: "brian2", command: ["data/../venv/bin/python", "data/../engines/brian2_fi.py"])
            ])
        let bad = text.replacingOccurrences(of: "    command:", with: "    comand:")
        #expect(throws: SuiteFile.ParseError.self) { try SuiteFile.parse(bad, file: "s.yaml") }
    }
}

import Foundation
import SynIntegrators
import SynModels
import SynSpec
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// Outside simulators run as engines (issue 16): a misbehaving program is a row that says why
/// and the suite goes on; the real Brian2 (engines/brian2_engine.py, brian2 2.9.0) measured.
@Suite("Engines")
struct EngineTests {
    static let exp = repositoryRoot.appendingPathComponent("data/models/exp.yaml").path

    static func script(_ body: String) throws -> [String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        return ["sh", url.path]
    }

    static func row(_ command: [String], timeout: Double = 30) throws -> SuiteResult {
        let spec = try SpecFile.read(exp)
        let engine = Engine(
            name: "fake",
            source: CommandEngine(
                command: command, problem: try ProblemFile.problem(spec).serialized(pretty: true), timeout: timeout))
        var entry = SuiteFile.entry(
            for: spec.model, path: exp, settings: VerificationSuite.Entry(model: "", methods: []))
        entry.engine = engine
        entry.methods = [engine.method("euler")]
        entry.stepLadder = [0.2, 0.1]
        let plain = VerificationSuite.Entry(model: "exp", methods: [.gsl(.rk8pd)])
        let rows = try SuiteRunner.run(VerificationSuite(entries: [entry, plain]), jobs: 1) { _, _, _, _ in }
        #expect(rows.count == 2)
        #expect(rows[1].passed, "the other rows still run")
        return rows[0]
    }

    @Test(
        "a program that hangs, fails, crashes or writes nothing or nonsense is one row saying why",
        arguments: [
            ("sleep 30", "did not finish within 0.5 s (killed)"),
            ("echo 'no such method' >&2; exit 3", "exited with status 3: no such method"),
            ("kill -9 $$", "killed by signal 9"),
            ("exit 0", "exited with status 0 but wrote no trace"),
            ("printf 't,g\\n0,1\\n0,2\\n' > \"$2\"", "wrote a trace SynVerify cannot use"),
        ])
    func misbehaving(_ item: (String, String)) throws {
        let r = try Self.row(try Self.script(item.0), timeout: 0.5)
        let failure = try #require(r.failure)
        #expect(failure.hasPrefix("engine failed: euler at 0.2 ms") && failure.contains(item.1), "\(failure)")
        #expect(!r.passed)
    }

    @Test("a program that is not installed says so")
    func notInstalled() throws {
        let r = try Self.row(["/nonexistent/venv/bin/python", "engine.py"])
        #expect(r.failure?.contains("could not start /nonexistent/venv/bin/python") == true, "\(r.failure ?? "")")
    }

    /// An engine that computes forward Euler itself (awk, not SynVerify): g_{k+1} = g_k(1 − h/τ)
    /// from the problem's numbers, at each step of the ladder; its order is measured as 1.
    @Test("an outside program's forward Euler is verified and measured at order 1")
    func awkEuler() throws {
        let command = try Self.script(
            """
            dt=$6
            awk -v h="$dt" 'BEGIN { g = 5; print "t [ms],g [nS]"; for (k = 0; k * h <= 50 + 1e-9; k++) {
              printf "%.17g,%.17g\\n", k * h, g; g = g + h * (-g / 2) } }' > "$2"
            """)
        let r = try Self.row(command)
        #expect(r.failure == nil, "\(r.failure ?? "")")
        let order = try #require(r.convergence?.order)
        #expect(abs(order - 1) <= 0.05, "order \(order)")
    }

    static let python = repositoryRoot.appendingPathComponent(".venv-engines/bin/python").path
    static let installFailure = try? String(
        contentsOf: repositoryRoot.appendingPathComponent(".venv-engines/INSTALL-FAILED"), encoding: .utf8)
    static var brian2Available: Bool { FileManager.default.isExecutableFile(atPath: python) && installFailure == nil }

    /// Brian2's rk4 is the classic four-stage Runge–Kutta: order 4 on the exponential synapse;
    /// its `exact` integrates the linear dual exponential to round-off.
    @Test(
        "the real Brian2 2.9.0: rk4 converges at order 4, exact to round-off",
        .enabled(
            if: brian2Available,
            Comment(
                rawValue: "skipped: Brian2 is not installed (make engines): \(installFailure ?? "no .venv-engines")")))
    func brian2() throws {
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(Self.exp)
                engine: brian2
                command: [\(Self.python), \(repositoryRoot.appendingPathComponent("engines/brian2_engine.py").path)]
                methods: [rk4]
                step_ladder: [0.4, 0.2, 0.1]
              - spec: \(repositoryRoot.appendingPathComponent("data/models/dualexp.yaml").path)
                engine: brian2
                command: [\(Self.python), \(repositoryRoot.appendingPathComponent("engines/brian2_engine.py").path)]
                methods: [exact]
                step_ladder: [0.2, 0.1]
            """, file: "engines.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        let rows = try SuiteRunner.run(suite, jobs: 2) { _, _, _, _ in }
        #expect(rows.map(\.method.description) == ["brian2:rk4", "brian2:exact"])
        #expect(rows.allSatisfy { $0.failure == nil }, "\(rows.compactMap(\.failure))")
        #expect(abs((rows[0].convergence?.order ?? 0) - 4) <= 0.2, "\(rows[0].convergence?.order ?? .nan)")
        // The dual exponential's peak is 1 nS (peak-normalised): round-off is ~1e-15 nS.
        #expect((rows[1].maxError ?? 1) <= 1e-13, "\(rows[1].maxError ?? .nan)")
    }
}

/// The real NEURON 9.0.2 (engines/neuron_engine.py): ExpSyn's conductance by cnexp is exact for
/// the exponential synapse at any step (the closed form w·e^(−t/τ) to round-off).
@Suite("NEURON engine")
struct NeuronEngineTests {
    @Test(
        "the real NEURON 9.0.2: ExpSyn reproduces the exponential synapse to round-off with fixed steps",
        .enabled(
            if: EngineTests.brian2Available,
            Comment(
                rawValue:
                    "skipped: NEURON is not installed (make engines): "
                    + (EngineTests.installFailure ?? "no .venv-engines")
            )))
    func expSyn() throws {
        let engine = repositoryRoot.appendingPathComponent("engines/neuron_engine.py").path
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(EngineTests.exp)
                engine: neuron
                command: [\(EngineTests.python), \(engine)]
                methods: [fixed0, fixed2]
                step_ladder: [0.2, 0.1]
            """, file: "engines.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        let rows = try SuiteRunner.run(suite, jobs: 2) { _, _, _, _ in }
        #expect(rows.allSatisfy { $0.failure == nil }, "\(rows.compactMap(\.failure))")
        // 5 nS peak: round-off is a few 1e-15 nS.
        for r in rows { #expect((r.maxError ?? 1) <= 1e-13, "\(r.method): \(r.maxError ?? .nan)") }
    }
}

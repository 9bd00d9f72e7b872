import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynSpec
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// Engines whose methods are adaptive (scipy's): run over a tolerance ladder (`--rtol eps --atol
/// eps`, rows every `record_step`) and held to error ∝ eps, or once at the simulator's defaults
/// and held by their error alone.
@Suite("Adaptive engines")
struct AdaptiveEngineTests {
    static let exp = EngineTests.exp

    /// A suite of one engine entry on the exponential synapse (g = 5 e^(−t/2) nS, t ≤ 50 ms).
    static func rows(_ command: [String], schedule: String, methods: String = "[euler]") throws -> [SuiteResult] {
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(exp)
                engine: fake
                command: [\(command.joined(separator: ", "))]
                methods: \(methods)
                record_step: 0.1
                \(schedule)
            """, file: "adaptive.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        return try SuiteRunner.run(suite, jobs: 1) { _, _, _, _ in }
    }

    /// An outside program (awk, not SynVerify) writing the closed form 5 e^(−t/2) plus `error`,
    /// an awk expression of t (ms) and eps (its --rtol; 0 when none is given), every --dt ms.
    /// It refuses (exit 4) a call whose arguments are not the contract's.
    static func program(error: String, expectTolerances: Bool) throws -> [String] {
        try EngineTests.script(
            """
            [ "$5" = "--dt" ] || exit 4
            if \(expectTolerances ? "true" : "false"); then
              [ "$7" = "--rtol" ] && [ "$9" = "--atol" ] && [ "$8" = "${10}" ] || exit 4
              eps=$8
            else
              [ $# -eq 6 ] || exit 4
              eps=0
            fi
            awk -v h="$6" -v eps="$eps" 'BEGIN { print "t [ms],g [nS]"; for (k = 0; k * h <= 50 + 1e-9; k++) {
              t = k * h; printf "%.17g,%.17g\\n", t, 5 * exp(-t / 2) + \(error) } }' > "$2"
            """)
    }

    /// Error 100·eps·t/50: the largest, at t = 50 ms, is 100·eps (hand derivation), so the
    /// errors over eps = 1e-6, 1e-8, 1e-10 are 1e-4, 1e-6, 1e-8 and the slope is exactly 1.
    @Test("a method whose error is proportional to its tolerance passes with slope 1; the errors are 100·eps")
    func proportional() throws {
        let rows = try Self.rows(
            try Self.program(error: "100 * eps * t / 50", expectTolerances: true),
            schedule: "tolerance_ladder: [1e-6, 1e-8, 1e-10]")
        let r = try #require(rows.first)
        #expect(r.failure == nil, "\(r.failure ?? "")")
        let study = try #require(r.tolerance)
        #expect(study.eps == [1e-6, 1e-8, 1e-10])
        for (e, expected) in zip(study.errors, [1e-4, 1e-6, 1e-8]) {
            #expect(abs(e - expected) <= 1e-3 * expected, "\(study.errors)")
        }
        #expect(abs(study.slope - 1) <= 1e-3, "slope \(study.slope)")
        #expect(r.nominalOrder == 1 && r.passed)
        #expect(SuiteRow(r).rung == "eps = 1e-10")
    }

    /// A constant error of 1e-4 nS, whatever the tolerance: slope 0 against nominal 1.
    @Test("a method whose error does not follow its tolerance fails on its slope, with the numbers")
    func notProportional() throws {
        let rows = try Self.rows(
            try Self.program(error: "1e-4", expectTolerances: true),
            schedule: "tolerance_ladder: [1e-6, 1e-8, 1e-10]")
        let r = try #require(rows.first)
        #expect(!r.passed)
        #expect(r.failureReasons.contains { $0.hasPrefix("tolerance slope ") && $0.contains("against nominal 1") })
    }

    @Test("at the simulator's defaults: one run without --rtol/--atol, a row judged by its error alone")
    func defaults() throws {
        let rows = try Self.rows(
            try Self.program(error: "0", expectTolerances: false), schedule: "tolerance_ladder: defaults",
            methods: "[euler, rk]")
        #expect(rows.map(\.method.description) == ["fake:euler@defaults", "fake:rk@defaults"])
        for r in rows {
            #expect(r.failure == nil && r.passed, "\(r.failure ?? "")")
            #expect(r.tolerance == nil && r.convergence == nil && r.nominalOrder == nil)
            #expect(SuiteRow(r).rung == "defaults")
        }
        // 2 % high everywhere: beyond the 1 % trajectory bound.
        let wrong = try Self.rows(
            try Self.program(error: "0.02 * 5 * exp(-t / 2)", expectTolerances: false),
            schedule: "tolerance_ladder: defaults")
        #expect(wrong.first?.passed == false)
        #expect(
            wrong.first?.failureReasons.first?.contains("wrong trajectory") == true, "\(wrong.first!.failureReasons)")
    }

    @Test(
        "a suite's adaptive engine settings are checked where they are written",
        arguments: [
            ("    tolerance_ladder: defaults", "entries[0].tolerance_ladder: 'defaults' needs record_step"),
            (
                "    record_step: 0.1\n    step_ladder: [0.2, 0.1]",
                "entries[0].step_ladder: an adaptive engine entry (record_step) runs over tolerance_ladder"
            ),
            ("    record_step: -1", "entries[0].record_step: -1.0 ms is out of range: allowed > 0 ms"),
        ])
    func settings(_ item: (String, String)) throws {
        let text = """
            schema_version: 1
            entries:
              - spec: \(Self.exp)
                engine: fake
                command: [sh, x.sh]
                methods: [euler]
            \(item.0)
            """
        #expect {
            _ = try SuiteFile.parse(text, file: "s.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        } throws: { error in
            "\(error)".contains(item.1)
        }
    }

    @Test("record_step belongs to engine entries, and 'defaults' to adaptive engine entries")
    func misplaced() throws {
        for (text, message) in [
            (
                "  - model: exp\n    methods: [rk8pd]\n    record_step: 0.1",
                "entries[0].record_step: a record step is for an engine's adaptive methods"
            ),
            (
                "  - model: exp\n    methods: [rk8pd]\n    tolerance_ladder: defaults",
                "entries[0].tolerance_ladder: 'defaults' is for an engine entry with record_step"
            ),
        ] {
            #expect {
                _ = try SuiteFile.parse("schema_version: 1\nentries:\n" + text, file: "s.yaml")
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }
}

/// The real scipy 1.17.1 (engines/scipy_engine.py), judged like any engine.
@Suite("scipy engine")
struct ScipyEngineTests {
    static let available = EngineTests.imports("scipy.integrate")
    static let engine = repositoryRoot.appendingPathComponent("engines/scipy_engine.py").path

    static func rows(_ spec: String, methods: String, schedule: String) throws -> [SuiteResult] {
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(repositoryRoot.appendingPathComponent("data/models/\(spec).yaml").path)
                engine: scipy
                command: [\(EngineTests.python), \(engine)]
                methods: \(methods)
                record_step: 0.05
                \(schedule)
            """, file: "scipy.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        return try SuiteRunner.run(suite, jobs: 2) { _, _, _, _ in }
    }

    @Test(
        "scipy's RK45 and odeint hold error ∝ tolerance on the exponential synapse; odeint's LIF rate is right",
        .enabled(if: available, "skipped: scipy is not installed in .venv-engines (make engines)"))
    func tolerances() throws {
        let rows = try Self.rows("exp", methods: "[RK45, odeint]", schedule: "tolerance_ladder: [1e-6, 1e-8, 1e-10]")
        for r in rows {
            #expect(r.failure == nil && r.passed, "\(r.method): \(r.failureReasons)")
            let slope = try #require(r.tolerance?.slope)
            #expect(abs(slope - 1) <= 0.2, "\(r.method): slope \(slope)")
            // 5 nS peak; at eps = 1e-10 (atol in nS) the error is of the order of eps.
            #expect((r.maxError ?? 1) <= 1e-8, "\(r.method): \(r.maxError ?? .nan)")
        }
        // The LIF's closed-form rate (53.054 Hz over 1 s) from spikes located between rows.
        let lif = try Self.rows("lif-coba", methods: "[odeint]", schedule: "tolerance_ladder: defaults")
        let rate = try #require(lif.first?.comparison?.rate)
        #expect(lif.first?.passed == true && rate.spikes == 53, "\(lif.first?.failureReasons ?? [])")
    }

    /// What a user gets from DOP853 without tolerances on GABA_B: its interpolant misses the
    /// short transmitter pulses' effect by several % — a wrong result from the real simulator
    /// that the verdict must catch.
    @Test(
        "scipy's DOP853 at its defaults on GABA_B is caught: a trajectory error of several %",
        .enabled(if: available, "skipped: scipy is not installed in .venv-engines (make engines)"))
    func dop853Defaults() throws {
        let r = try #require(try Self.rows("gabab", methods: "[DOP853]", schedule: "tolerance_ladder: defaults").first)
        #expect(r.failure == nil && !r.passed)
        #expect(r.failureReasons.first?.contains("wrong trajectory") == true, "\(r.failureReasons)")
    }

    /// A problem file is data: an expression that calls anything but Brian2's functions, or
    /// reaches for attributes, is refused with one line naming it, and nothing of it runs.
    @Test(
        "the scipy engine refuses a problem whose expressions are not arithmetic, naming the expression",
        .enabled(if: available, "skipped: scipy is not installed in .venv-engines (make engines)"))
    func hostileProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scipy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = directory.appendingPathComponent("ran").path
        for (equation, message) in [
            ("dg/dt = __import__('os').system('touch \(marker)') : siemens", "only Brian2's functions may be called"),
            ("dg/dt = g.__class__ : siemens", "Attribute is not allowed"),
        ] {
            let problem: [String: Any] = [
                "schema": "synverify-problem", "schema_version": 2, "t_end_ms": 1.0,
                "variables": [["name": "g", "unit": "nS", "si_factor": 1e-9]],
                "brian2": [
                    "equations": equation, "namespace": [:], "initial": ["g": ["value": 0, "unit": "siemens"]],
                    "threshold": NSNull(), "reset": NSNull(), "refractory_s": NSNull(), "pathways": [],
                ],
            ]
            let path = directory.appendingPathComponent("problem.json")
            try JSONSerialization.data(withJSONObject: problem).write(to: path)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EngineTests.python)
            process.arguments = [
                Self.engine, path.path, directory.appendingPathComponent("t.csv").path, "--method", "RK45", "--dt",
                "0.1",
            ]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1 && text.contains(message), "\(process.terminationStatus): \(text)")
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }
}

/// The batch form of the engine contract (`--jobs`): every row and rung of an entry in one process.
@Suite("Engine batches")
struct EngineBatchTests {
    /// A fake batch engine (the system's python3, not SynVerify): for each job it writes the
    /// closed form 5 e^(−t/2) nS with forward Euler's error (g_k = 5 (1 − h/2)^k, order 1), except
    /// that a job whose method is "refuse" writes PATH.refused and one at dt 0.1 ms PATH.error.
    static func program(count: String) throws -> [String] {
        try EngineTests.script(
            """
            [ "$2" = "--jobs" ] || exit 4
            echo "batch" >> \(count)
            python3 - "$3" <<'PY'
            import json, sys
            for job in json.load(open(sys.argv[1]))["jobs"]:
                path, h = job["trace"], job["dt"]
                if job["method"] == "refuse":
                    open(path + ".refused", "w").write("no such mechanism here\\n"); continue
                if h == 0.1 and job["method"] == "broken":
                    open(path + ".error", "w").write("fake: ZeroDivisionError: float division by zero\\n"); continue
                steps = range(int(round(50 / h)) + 1)
                rows = ["t [ms],g [nS]"] + ["%r,%r" % (k * h, 5 * (1 - h / 2) ** k) for k in steps]
                open(path, "w").write("\\n".join(rows) + "\\n")
            PY
            """)
    }

    @Test("a batch runs every method and rung of an entry in one process; refusals and failures reach their rows")
    func batch() throws {
        let count = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: count) }
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(EngineTests.exp)
                engine: fake
                command: [\(try Self.program(count: count).joined(separator: ", "))]
                batch: true
                methods: [euler, refuse, broken]
                step_ladder: [0.4, 0.2, 0.1]
            """, file: "batch.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        let rows = try SuiteRunner.run(suite, jobs: 1) { _, _, _, _ in }
        // Forward Euler's global error is first order: the fitted order is 1 within 0.05.
        #expect(
            rows[0].failure == nil && abs((rows[0].convergence?.order ?? 0) - 1) <= 0.05, "\(rows[0].failure ?? "")")
        #expect(rows[1].failure == "skipped: refuse does not apply: no such mechanism here")
        #expect(
            rows[2].failure == "engine failed: broken at 0.1 ms failed: fake: ZeroDivisionError: float division by zero"
        )
        // One process for the entry's three rows and nine rungs.
        let batches = try String(contentsOfFile: count, encoding: .utf8).split(separator: "\n").count
        #expect(batches == 1)
    }

    @Test("a batch process that fails takes each of its rungs with it, saying why")
    func failedBatch() throws {
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(EngineTests.exp)
                engine: fake
                command: [\(try EngineTests.script("echo 'cannot import' >&2; exit 5").joined(separator: ", "))]
                batch: true
                methods: [euler]
                step_ladder: [0.4, 0.2]
            """, file: "batch.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        let r = try #require(try SuiteRunner.run(suite, jobs: 1) { _, _, _, _ in }.first)
        #expect(r.failure == "engine failed: euler at 0.4 ms exited with status 5: cannot import", "\(r.failure ?? "")")
    }
}

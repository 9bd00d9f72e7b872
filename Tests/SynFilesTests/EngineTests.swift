import Foundation
import SynIntegrators
import SynModels
import SynSpec
import SynTestSupport
import SynVerification
import Testing
import Yams

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
            ("echo 'no such method' >&2; exit 4", "exited with status 4: no such method"),
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
    /// Whether the engines' Python imports `module` (each simulator on its own).
    static func imports(_ module: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
    static let brian2Available = imports("brian2")
    static let neuronAvailable = imports("neuron")

    /// CI (CI=true) tests the pinned simulators: there a missing one fails, it is never skipped.
    @Test(
        "with CI=true the pinned simulators are installed and import, each on its own",
        .enabled(if: ProcessInfo.processInfo.environment["CI"] == "true", "runs where CI=true"))
    func pinnedEnginesPresent() {
        #expect(Self.installFailure == nil, "\(Self.installFailure ?? "")")
        #expect(Self.brian2Available, "import brian2 fails in .venv-engines")
        #expect(Self.neuronAvailable, "import neuron fails in .venv-engines")
        for module in ["scipy.integrate", "nest", "brainpy"] {
            #expect(Self.imports(module), "import \(module) fails in .venv-engines")
        }
    }

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
            if: EngineTests.neuronAvailable,
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

    /// The point process comes from the problem's equations, not its name: the exponential synapse
    /// renamed is still ExpSyn (exact); the peak-normalised dual exponential is Exp2Syn, whose CVODE
    /// run holds it within 1e-5 of its 100 nS peak (atol 1e-8 µS = 1e-5 nS).
    @Test(
        "NEURON's point process is chosen from the equations: a renamed ExpSyn problem, and Exp2Syn",
        .enabled(if: EngineTests.neuronAvailable, "skipped: NEURON is not installed (make engines)"))
    func byContent() throws {
        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("mine-\(UUID().uuidString).yaml")
        let text = try String(contentsOfFile: EngineTests.exp, encoding: .utf8)
            .replacingOccurrences(of: "name: exp-spec", with: "name: my-synapse")
        try text.write(to: renamed, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: renamed) }
        let engine = repositoryRoot.appendingPathComponent("engines/neuron_engine.py").path
        let dual = repositoryRoot.appendingPathComponent("data/models/dualexp-peak.yaml").path
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: \(renamed.path)
                engine: neuron
                command: [\(EngineTests.python), \(engine)]
                methods: [fixed2]
                step_ladder: [0.2, 0.1]
              - spec: \(dual)
                engine: neuron
                command: [\(EngineTests.python), \(engine)]
                methods: [cvode]
                step_ladder: [0.2, 0.1]
            """, file: "engines.yaml", readSpec: { try String(contentsOfFile: $0, encoding: .utf8) })
        let rows = try SuiteRunner.run(suite, jobs: 2) { _, _, _, _ in }
        #expect(rows[0].model == "my-synapse" && (rows[0].maxError ?? 1) <= 1e-13, "\(rows[0].failureReasons)")
        #expect(rows[1].passed && (rows[1].maxError ?? 1) <= 1e-5, "\(rows[1].maxError ?? .nan)")
    }
}

/// The pasted Brian2 examples anchored outside SynVerify's parser (issue 22): Brian2 2.9.0 runs
/// each block's text as written (Tests/Fixtures/brian2_block.py, fed by a YAML reader, never by
/// SynVerify's spec reader) with rk4 at 0.02 and 0.01 ms, and its numbers must converge to
/// SynVerify's reference (rk8pd at 1e-13) as the step halves: before the first spike the largest
/// difference (relative to the largest value) shrinks by 1.6× or more, or is at round-off
/// (1e-10), and so do the spike times (Brian2 records a spike at the start of the step in which
/// it crosses and counts refractoriness from there, so its k-th spike may be up to k steps off).
/// A block SynVerify misreads (a unit, a sign, a reset) leaves a difference that does not shrink.
@Suite("Brian2 examples against Brian2")
struct Brian2ExampleAnchorTests {
    /// SI unit → SynVerify's internal unit, written out here (mV, nS, pA, ms).
    static let internalFactors: [String: Double] = ["V": 1e3, "S": 1e9, "A": 1e12, "Hz": 1e-3, "1": 1, "rad": 1]

    /// The spec's text fields as written, for the fixture.
    static func block(_ path: String, step: Double) throws -> [String: Any] {
        let node = try #require(try Yams.compose(yaml: String(contentsOfFile: path, encoding: .utf8)))
        func text(_ n: Node?) -> String? { n?.scalar?.string }
        func pairs(_ key: String) -> [[String]] {
            (node[key]?.mapping ?? [:]).map { [text($0.key) ?? "", text($0.value) ?? ""] }
        }
        var block: [String: Any] = [
            "equations": text(node["equations"]) ?? "", "parameters": pairs("parameters"), "initial": pairs("initial"),
            "t_end": (text(node["t_end"]) ?? "").replacingOccurrences(of: " ms", with: "*ms"), "dt_ms": step,
            "method": "rk4",
        ]
        for key in ["threshold", "reset", "refractory", "on_spike"] { block[key] = text(node[key]) }
        block["spikes"] = node["spikes"]?.sequence?.compactMap { text($0) }
        block["inputs"] = (node["input"]?.mapping ?? [:]).map { entry -> [Any] in
            let fields = entry.value.mapping
            return [
                text(entry.key) ?? "",
                [
                    "step": text(fields?["step"]) ?? "", "from": text(fields?["from"]) ?? "",
                    "to": text(fields?["to"]) ?? "",
                ],
            ]
        }
        return block
    }

    /// Brian2's run of the block at `step` (ms): times (ms), each variable in internal units, spikes (ms).
    static func brian2(_ path: String, step: Double) throws -> (
        times: [Double], columns: [String: [Double]], spikes: [Double]
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("b2block-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("block.json")
        let output = directory.appendingPathComponent("out.json")
        try JSONSerialization.data(withJSONObject: try block(path, step: step)).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTests.python)
        process.arguments = [
            repositoryRoot.appendingPathComponent("Tests/Fixtures/brian2_block.py").path, input.path, output.path,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let times = try #require(object["t_s"] as? [Double]).map { $0 * 1e3 }
        var columns: [String: [Double]] = [:]
        for (name, column) in try #require(object["columns"] as? [String: [String: Any]]) {
            let unit = try #require(column["unit"] as? String)
            let factor = try #require(Self.internalFactors[unit], "unit \(unit)")
            columns[name] = try #require(column["si"] as? [Double]).map { $0 * factor }
        }
        return (times, columns, try #require(object["spikes_s"] as? [Double]).map { $0 * 1e3 })
    }

    /// The largest relative difference before the first spike, the largest spike-time difference
    /// (ms), and both spike counts, of Brian2's run at `step` against SynVerify's reference.
    static func differences(_ name: String, step: Double) throws -> (values: Double, spikes: Double, counts: (Int, Int))
    {
        let path = repositoryRoot.appendingPathComponent("data/models/brian2/\(name).yaml").path
        let model = try SpecFile.read(path).model
        let run = try brian2(path, step: step)
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-13
        options.epsRel = 1e-13
        options.endTime = model.endTime
        options.outputTimes = run.times.filter { $0 <= model.endTime }
        let reference = try Integrator.solve(model, options: options)
        // The same window at every step: up to 0.05 ms before the reference's first spike.
        let window = (reference.spikes.first ?? .infinity) - 0.05
        var worst = 0.0
        var compared = 0
        for (i, variable) in model.variables.enumerated() {
            // Event-driven variables live on the Synapses object, updated only at events.
            guard let values = run.columns[variable.name] else { continue }
            compared += 1
            let scale = max(reference.values[i].map(abs).max() ?? 0, 1e-300)
            for (k, t) in reference.times.enumerated() where t < window {
                worst = max(worst, abs(values[k] - reference.values[i][k]) / scale)
            }
        }
        #expect(compared > 0)
        let spikeWorst = zip(run.spikes, reference.spikes).map { abs($0 - $1) }.max() ?? 0
        return (worst, spikeWorst, (run.spikes.count, reference.spikes.count))
    }

    @Test(
        "Brian2's own run of each pasted block converges to SynVerify's reference",
        .enabled(
            if: EngineTests.brian2Available,
            Comment(rawValue: "skipped: Brian2 is not installed (make engines): \(EngineTests.installFailure ?? "")")),
        arguments: [
            "stimberg2018-tm-synapse", "stimberg2018-coba-neuron", "brette-gerstner2005-adex",
        ])
    func anchored(_ name: String) throws {
        let coarse = try Self.differences(name, step: 0.02)
        let fine = try Self.differences(name, step: 0.01)
        #expect(
            fine.values <= 1e-10 || fine.values * 1.6 <= coarse.values,
            "\(name): before the first spike \(coarse.values) at 0.02 ms, \(fine.values) at 0.01 ms")
        #expect(fine.values <= 1e-3, "\(name): \(fine.values)")
        #expect(abs(fine.counts.0 - fine.counts.1) <= 1, "\(name): \(fine.counts) spikes")
        #expect(
            fine.spikes <= 1e-10 || fine.spikes * 1.6 <= coarse.spikes,
            "\(name): spike times off by \(coarse.spikes) ms at 0.02 ms, \(fine.spikes) ms at 0.01 ms")
        #expect(fine.spikes <= Double(max(fine.counts.1, 1)) * 0.01, "\(name): \(fine.spikes) ms")
    }
}

/// Problem files handed to other simulators (issue 23): every exported quantity as Brian2 reads
/// the spec's own text, pulse inputs that Brian2 runs, and units looked up, never evaluated.
@Suite("Problem files against Brian2")
struct ProblemFileBrian2Tests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTests.python)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("problems-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(
        "every quantity of every exported spec equals Brian2's reading of the spec's text",
        .enabled(if: EngineTests.brian2Available, "skipped: Brian2 is not installed (make engines)"))
    func unitsRoundTrip() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        let models = repositoryRoot.appendingPathComponent("data/models")
        for folder in [models, models.appendingPathComponent("brian2")] {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
                let spec = try SpecFile.read(folder.appendingPathComponent(file).path)
                let problem = try ProblemFile.problem(spec)
                let path = directory.appendingPathComponent(file + ".json").path
                try problem.serialized(pretty: true).write(toFile: path, atomically: true, encoding: .utf8)
                paths.append(path)
            }
        }
        #expect(paths.count >= 20)
        let check = try Self.run(
            [repositoryRoot.appendingPathComponent("Tests/Fixtures/brian2_units_check.py").path] + paths)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test(
        "Brian2 runs the pulse-input problems (ampa, gabaa, gabab) and a unit is never evaluated",
        .enabled(if: EngineTests.brian2Available, "skipped: Brian2 is not installed (make engines)"))
    func pulsesAndUnits() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = repositoryRoot.appendingPathComponent("engines/brian2_engine.py").path
        for name in ["ampa", "gabaa", "gabab"] {
            let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/\(name).yaml").path)
            let problem = directory.appendingPathComponent("\(name).json").path
            try ProblemFile.problem(spec).serialized(pretty: true).write(
                toFile: problem, atomically: true, encoding: .utf8)
            let trace = directory.appendingPathComponent("\(name).csv").path
            let run = try Self.run([engine, problem, trace, "--method", "rk4", "--dt", "0.05"])
            #expect(run.status == 0, "\(name): \(run.output)")
            let read = try TraceFile.read(trace, variables: spec.model.variables, endTime: spec.model.endTime)
            #expect(read.times.count == Int((spec.model.endTime / 0.05).rounded()) + 1, "\(name)")
        }
        // A crafted problem: its unit text would create a file if it were evaluated.
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/exp.yaml").path)
        let marker = directory.appendingPathComponent("evaluated").path
        var text = try ProblemFile.problem(spec).serialized(pretty: true)
        text = text.replacingOccurrences(
            of: "\"unit\": \"second\"", with: "\"unit\": \"open('\(marker)', 'w') and second\"")
        #expect(text.contains("open('"), "the crafted unit is in the problem")
        let crafted = directory.appendingPathComponent("crafted.json").path
        try text.write(toFile: crafted, atomically: true, encoding: .utf8)
        let run = try Self.run([
            engine, crafted, directory.appendingPathComponent("c.csv").path, "--method", "rk4", "--dt", "0.1",
        ])
        #expect(run.status != 0)
        #expect(run.output.contains("is not a Brian2 unit name"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    /// Problem files carry their schema version; an engine reads versions 1 and 2 and refuses any
    /// other plainly (exit status 2, one line naming the version), never running a file it may
    /// misread. Version 2's sine input runs: Brian2's rk4 at 0.1 ms on lif-sine.yaml passes.
    @Test(
        "an engine refuses a problem schema it does not know in one line, and runs version 2's sine input",
        .enabled(if: EngineTests.brian2Available, "skipped: Brian2 is not installed (make engines)"))
    func schemaVersions() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/lif-sine.yaml").path)
        let text = try ProblemFile.problem(spec).serialized(pretty: true)
        let current = directory.appendingPathComponent("sine.json").path
        try text.write(toFile: current, atomically: true, encoding: .utf8)
        let future = directory.appendingPathComponent("future.json").path
        try text.replacingOccurrences(of: "\"schema_version\": 2", with: "\"schema_version\": 3")
            .write(toFile: future, atomically: true, encoding: .utf8)
        for engine in ["brian2", "scipy"] {
            let program = repositoryRoot.appendingPathComponent("engines/\(engine)_engine.py").path
            let trace = directory.appendingPathComponent("\(engine).csv").path
            let method = engine == "brian2" ? "rk4" : "RK45"
            let refused = try Self.run([program, future, trace, "--method", method, "--dt", "0.1"])
            #expect(refused.status == 2, "\(engine): \(refused.output)")
            #expect(refused.output.contains("problem schema version 3 is not one this engine reads (1, 2)"))
            #expect(!FileManager.default.fileExists(atPath: trace))
        }
        let program = repositoryRoot.appendingPathComponent("engines/brian2_engine.py").path
        let trace = directory.appendingPathComponent("sine.csv").path
        let run = try Self.run([program, current, trace, "--method", "rk4", "--dt", "0.1"])
        #expect(run.status == 0, "\(run.output)")
        let read = try TraceFile.read(trace, variables: spec.model.variables, endTime: spec.model.endTime)
        let result = try Verifier.compare(trace: read, of: spec.model, name: "sine", endTime: spec.model.endTime)
        #expect(result.verdict == .pass, "\(result.reasons)")
    }
}

extension EngineTests {
    @Test("an engine's coloured error line reaches the row without its control characters")
    func colouredFailure() throws {
        let r = try Self.row(try Self.script("printf '\\033[31mboom\\033[0m \\007bad\\n' >&2; exit 4"))
        let failure = try #require(r.failure)
        #expect(failure.contains("exited with status 4: boom bad"), "\(failure)")
        #expect(!failure.unicodeScalars.contains { $0.value < 0x20 })
    }
}

extension EngineTests {
    /// Only the program and arguments marked as paths (./, ../) are taken relative to the suite.
    @Test("a command's arguments pass as written unless marked as paths: sh -c \"exit $((4/2))\" exits 2")
    func commandArguments() throws {
        let suite = try SuiteFile.parse(
            """
            schema_version: 1
            entries:
              - spec: exp.yaml
                engine: shell
                command: [sh, -c, "exit $((4/2))", ../x/prog.py, ./here.txt, /abs/path]
                methods: [euler]
            """, file: "/suites/s/suite.yaml", readSpec: { _ in try String(contentsOfFile: Self.exp, encoding: .utf8) })
        let engine = try #require(suite.entries.first?.engine?.source as? CommandEngine)
        #expect(
            engine.command == [
                "sh", "-c", "exit $((4/2))", "/suites/s/../x/prog.py", "/suites/s/./here.txt", "/abs/path",
            ])
        let r = try Self.row(["sh", "-c", "exit $((4/2))"])
        #expect(r.failure?.contains("exited with status 2") == true, "\(r.failure ?? "")")
    }
}

/// Nothing of an engine run outlives its row: processes, output, directories (issue 23).
@Suite("Engine runs leave nothing behind")
struct EngineContainmentTests {
    /// The processes whose command line holds `marker` (from /proc).
    static func running(_ marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    @Test(
        "a program's background children, setsid ones included, are gone when its row ends",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/environ"), "needs /proc (Linux)"))
    func noSurvivors() throws {
        let command = try EngineTests.script("setsid sleep 31.7 & sleep 32.7 & sleep 0.2; exit 0")
        let r = try EngineTests.row(command)
        #expect(r.failure?.contains("wrote no trace") == true, "\(r.failure ?? "")")
        #expect(Self.running("sleep 31.7").isEmpty, "setsid child survived")
        #expect(Self.running("sleep 32.7").isEmpty, "background child survived")
    }

    @Test("a program that floods its output is killed at the cap")
    func outputCap() throws {
        let r = try EngineTests.row(try EngineTests.script("yes synverify-flood"))
        #expect(
            r.failure?.contains("wrote more than \(16 << 20) bytes of output (killed)") == true, "\(r.failure ?? "")")
    }

    @Test("each run's directory is removed, after a failure and after a success")
    func directoriesRemoved() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try ModelCatalog.entry(named: "exp").make()
        let good = try EngineTests.script(
            "awk 'BEGIN { print \"t,g\"; for (k = 0; k <= 500; k++) "
                + "printf \"%.17g,%.17g\\n\", k * 0.1, 5 * exp(-k * 0.05) }' > \"$2\""
        )
        for command in [try EngineTests.script("exit 4"), good] {
            let engine = CommandEngine(command: command, problem: "{}", timeout: 30, workRoot: root.path)
            _ = engine.trace(of: model, path: nil, method: "euler", rung: .step(0.1), endTime: 50)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        }
    }
}

extension EngineTests {
    /// The engine contract's exit status 3: the simulator refuses the method for this model.
    @Test("exit status 3 is a row 'skipped: METHOD does not apply: reason', never a pass")
    func refusedMethod() throws {
        let r = try Self.row(try Self.script("echo 'cannot integrate these equations with exact' >&2; exit 3"))
        #expect(
            r.failure == "skipped: euler does not apply: cannot integrate these equations with exact",
            "\(r.failure ?? "")")
        #expect(!r.passed)
    }
}

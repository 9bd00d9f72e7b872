import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynSystem
import SynVerification

/// An outside simulator run as a program (`engine:` entries of a suite): for each method and
/// rung, `command PROBLEM.json TRACE.csv --method METHOD --dt STEP_MS` (a fixed step), or for an
/// adaptive method `--dt RECORD_MS --rtol EPS --atol EPS` (rows every RECORD_MS; without
/// `--rtol`/`--atol`: the simulator's default tolerances), in a new private
/// directory, with a time limit, at most `ChildProcess.outputLimit` bytes of output into a log
/// there, and nothing of it left running afterwards (`ChildProcess.run`); its trace (and
/// `TRACE.csv.spikes` when it writes one) read by `TraceFile`. A run that does not start, exits
/// non-zero, is killed, runs out of time or writes no readable trace is a failure naming why and
/// the log's last lines; exit status 3 means the simulator refuses this method for the model
/// (its reason on the last line): a row "skipped: METHOD does not apply: reason", never a pass.
/// The directory is removed after every run, unless the environment sets
/// SYNVERIFY_KEEP_ENGINE_RUNS=1 (then its path is in the failure, its log cut to the last 1 MiB).
public struct CommandEngine: TraceSource {
    public let command: [String]
    /// The problem the program runs (`ProblemFile`), as JSON text.
    public let problem: String
    /// Seconds a run may take.
    public let timeout: Double
    /// Where the runs' directories go (nil: $TMPDIR).
    public var workRoot: String?

    public init(command: [String], problem: String, timeout: Double, workRoot: String? = nil) {
        self.command = command
        self.problem = problem
        self.timeout = timeout
        self.workRoot = workRoot
    }

    /// SYNVERIFY_KEEP_ENGINE_RUNS=1: keep each run's directory for inspection.
    static var keepRuns: Bool { FileSystem.environmentValue("SYNVERIFY_KEEP_ENGINE_RUNS") == "1" }

    public var identity: String { command.joined(separator: " ") + "\n" + problem }

    /// With `batch`, the rows of a suite entry (every method at every rung) run in one process
    /// (`command PROBLEM.json --jobs JOBS.json`, engines/engine_contract.py), so the simulator's
    /// import is paid once per entry.
    public var batch = false

    public var runsBatches: Bool { batch }

    public func trace(of model: any VerifiableModel, path: String?, method: String, rung: EngineRung, endTime: Double)
        -> Result<ExternalTrace, EngineFailure>
    {
        run(model, jobs: [EngineJob(method: method, rung: rung)], endTime: endTime)[0]
    }

    public func traces(of model: any VerifiableModel, path: String?, jobs: [EngineJob], endTime: Double)
        -> [Result<ExternalTrace, EngineFailure>]
    {
        if batch || jobs.count <= 1 { return run(model, jobs: jobs, endTime: endTime) }
        return jobs.map { run(model, jobs: [$0], endTime: endTime)[0] }
    }

    /// One process for `jobs`: a single run for one job, a batch (`--jobs`) for several.
    func run(_ model: any VerifiableModel, jobs: [EngineJob], endTime: Double) -> [Result<ExternalTrace, EngineFailure>]
    {
        let directory: String
        do { directory = try FileSystem.makeTemporaryDirectory(prefix: "synverify-engine-", in: workRoot) } catch {
            return jobs.map { _ in .failure(EngineFailure("\(error)")) }
        }
        let keep = Self.keepRuns
        defer { if !keep { FileSystem.removeDirectory(directory) } }
        let problemPath = directory + "/problem.json"
        let log = directory + "/log.txt"
        let tracePaths = jobs.indices.map {
            jobs.count == 1 ? directory + "/trace.csv" : directory + "/trace-\($0).csv"
        }
        var arguments = command + [problemPath]
        do {
            try FileSystem.write(problem, to: problemPath)
            if jobs.count == 1 {
                arguments += [tracePaths[0]] + Self.options(method: jobs[0].method, rung: jobs[0].rung)
            } else {
                let list = zip(tracePaths, jobs).map { path, job in
                    var fields: [(String, JSONValue)] = [
                        ("trace", .string(path)), ("method", .string(job.method)), ("dt", .number(job.rung.recordStep)),
                    ]
                    if case .tolerance(let eps, _) = job.rung {
                        fields += [("rtol", .number(eps)), ("atol", .number(eps))]
                    }
                    return JSONValue.object(fields)
                }
                try FileSystem.write(
                    JSONValue.object([("jobs", .array(list))]).serialized(pretty: true), to: directory + "/jobs.json")
                arguments += ["--jobs", directory + "/jobs.json"]
            }
        } catch {
            return jobs.map { _ in .failure(EngineFailure("\(error)")) }
        }
        let outcome = ChildProcess.run(arguments, log: log, timeout: timeout * Double(jobs.count))
        if let failure = processFailure(outcome, method: jobs[0].method, rung: jobs[0].rung, log: log, keep: keep) {
            return jobs.map { _ in .failure(failure) }
        }
        return zip(tracePaths, jobs).map { path, job in
            read(path, model: model, method: job.method, rung: job.rung, endTime: endTime, log: log, keep: keep)
        }
    }

    /// The command-line options of one run (the engine contract).
    static func options(method: String, rung: EngineRung) -> [String] {
        var options = ["--method", method, "--dt", "\(rung.recordStep)"]
        if case .tolerance(let eps, _) = rung { options += ["--rtol", "\(eps)", "--atol", "\(eps)"] }
        return options
    }

    /// Why a run's process gave nothing to read, or nil when it exited with status 0.
    func processFailure(_ outcome: ChildProcess.Outcome, method: String, rung: EngineRung, log: String, keep: Bool)
        -> EngineFailure?
    {
        guard outcome != .exited(0) else { return nil }
        if case .failedToStart(let reason) = outcome {
            // A virtual environment's python: scripts/ensure-engines.sh leaves pip's error beside bin/.
            let marker = (command.first ?? "").split(separator: "/").dropLast(2).joined(separator: "/")
            let install = try? FileSystem.readText(
                (command.first?.hasPrefix("/") == true ? "/" : "") + marker + "/INSTALL-FAILED")
            return Self.failure(
                method, rung,
                "could not start \(command.first ?? ""): \(reason) ("
                    + (install.map { "not installed: \($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
                        ?? "install it: make engines")
                    + ")", log: log, keep: keep)
        }
        // The engine contract's status 3: the simulator refuses this method for these equations.
        if outcome == .exited(3) {
            let reason =
                FileSystem.tail(of: log, bytes: 4096).split(separator: "\n").last
                .map { String($0).withoutControlCharacters } ?? "no reason given"
            return EngineFailure("skipped: \(method) does not apply: \(reason)")
        }
        return Self.failure(method, rung, outcome.description, log: log, keep: keep)
    }

    /// "METHOD at RUNG why: the log's last lines".
    static func failure(_ method: String, _ rung: EngineRung, _ why: String, log: String, keep: Bool) -> EngineFailure {
        let last = FileSystem.tail(of: log, bytes: 4096).split(separator: "\n").suffix(3)
            .map { String($0).withoutControlCharacters }.joined(separator: " / ")
        if keep { FileSystem.keepTail(of: log, bytes: 1 << 20) }
        return EngineFailure(
            "\(method) \(rung) \(why)\(last.isEmpty ? "" : ": \(last)")" + (keep ? " (log: \(log))" : ""))
    }

    /// The trace a run wrote at `path`, or why there is none (PATH.refused and PATH.error: a batch
    /// job's status 3 and failure).
    func read(
        _ path: String, model: any VerifiableModel, method: String, rung: EngineRung, endTime: Double, log: String,
        keep: Bool
    ) -> Result<ExternalTrace, EngineFailure> {
        func reason(_ suffix: String) -> String? {
            (try? FileSystem.readText(path + suffix)).map {
                String($0.split(separator: "\n").first ?? "no reason given").withoutControlCharacters
            }
        }
        if let refused = reason(".refused") {
            return .failure(EngineFailure("skipped: \(method) does not apply: \(refused)"))
        }
        if let error = reason(".error") { return .failure(EngineFailure("\(method) \(rung) failed: \(error)")) }
        guard FileSystem.exists(path) else {
            return .failure(Self.failure(method, rung, "exited with status 0 but wrote no trace", log: log, keep: keep))
        }
        do {
            var trace = try TraceFile.read(
                path, variables: model.variables, endTime: endTime, label: "\(method) \(rung)")
            trace.spikes = try TraceFile.spikesBeside(path)
            if case .step(let step) = rung {
                // The engine contract: a row at every step, computed with this step.
                trace.step = step
                trace.recordsEveryStep = true
            }
            return .success(trace)
        } catch {
            return .failure(
                Self.failure(method, rung, "wrote a trace SynVerify cannot use: \(error)", log: log, keep: keep))
        }
    }
}

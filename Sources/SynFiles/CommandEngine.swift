import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynSystem
import SynVerification

/// An outside simulator run as a program (`engine:` entries of a suite): for each method and
/// step, `command PROBLEM.json TRACE.csv --method METHOD --dt STEP_MS` in a new private
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

    public func trace(of model: any VerifiableModel, path: String?, method: String, step: Double, endTime: Double)
        -> Result<ExternalTrace, EngineFailure>
    {
        let directory: String
        do { directory = try FileSystem.makeTemporaryDirectory(prefix: "synverify-engine-", in: workRoot) } catch {
            return .failure(EngineFailure("\(error)"))
        }
        let keep = Self.keepRuns
        defer { if !keep { FileSystem.removeDirectory(directory) } }
        let problemPath = directory + "/problem.json"
        let tracePath = directory + "/trace.csv"
        let log = directory + "/log.txt"
        do { try FileSystem.write(problem, to: problemPath) } catch { return .failure(EngineFailure("\(error)")) }
        let arguments = command + [problemPath, tracePath, "--method", method, "--dt", "\(step)"]
        let outcome = ChildProcess.run(arguments, log: log, timeout: timeout)
        func failed(_ why: String) -> Result<ExternalTrace, EngineFailure> {
            let last = FileSystem.tail(of: log, bytes: 4096).split(separator: "\n").suffix(3)
                .map { String($0).withoutControlCharacters }.joined(separator: " / ")
            if keep { FileSystem.keepTail(of: log, bytes: 1 << 20) }
            return .failure(
                EngineFailure(
                    "\(method) at \(step) ms \(why)\(last.isEmpty ? "" : ": \(last)")"
                        + (keep ? " (log: \(log))" : "")))
        }
        guard outcome == .exited(0) else {
            if case .failedToStart(let reason) = outcome {
                // A virtual environment's python: scripts/ensure-engines.sh leaves pip's error beside bin/.
                let marker = (command.first ?? "").split(separator: "/").dropLast(2).joined(separator: "/")
                let install = try? FileSystem.readText(
                    (command.first?.hasPrefix("/") == true ? "/" : "") + marker + "/INSTALL-FAILED")
                return failed(
                    "could not start \(command.first ?? ""): \(reason) ("
                        + (install.map { "not installed: \($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
                            ?? "install it: make engines")
                        + ")")
            }
            // The engine contract's status 3: the simulator refuses this method for these equations.
            if outcome == .exited(3) {
                let reason =
                    FileSystem.tail(of: log, bytes: 4096).split(separator: "\n").last
                    .map { String($0).withoutControlCharacters } ?? "no reason given"
                return .failure(EngineFailure("skipped: \(method) does not apply: \(reason)"))
            }
            return failed(outcome.description)
        }
        guard FileSystem.exists(tracePath) else { return failed("exited with status 0 but wrote no trace") }
        do {
            var trace = try TraceFile.read(
                tracePath, variables: model.variables, endTime: endTime, label: "\(method) @ \(step) ms")
            trace.spikes = try TraceFile.spikesBeside(tracePath)
            // The engine contract: a row at every step, computed with this step.
            trace.step = step
            trace.recordsEveryStep = true
            return .success(trace)
        } catch {
            return failed("wrote a trace SynVerify cannot use: \(error)")
        }
    }
}

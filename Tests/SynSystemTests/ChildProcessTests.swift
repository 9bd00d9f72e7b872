import Foundation
import Testing

@testable import SynSystem

/// Outside programs with a time limit (issue 16): how each ends is told apart, output is logged.
@Suite("Child processes with a time limit")
struct ChildProcessTests {
    static func log() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("synverify-child-\(UUID().uuidString).log").path
    }

    @Test("exit status, signal, time-out, failure to start, and the log of its output")
    func outcomes() throws {
        let log = Self.log()
        #expect(ChildProcess.run(["sh", "-c", "echo out; echo err >&2"], log: log, timeout: 10) == .exited(0))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "out\nerr\n")
        #expect(ChildProcess.run(["sh", "-c", "exit 3"], log: log, timeout: 10) == .exited(3))
        #expect(ChildProcess.run(["sh", "-c", "kill -9 $$"], log: log, timeout: 10) == .signalled(9))
        let start = Date()
        // The shell's child (sleep) is killed with it: the run returns at the limit, not in 30 s.
        #expect(
            ChildProcess.run(["sh", "-c", "sleep 30; echo late"], log: log, timeout: 0.3) == .timedOut(seconds: 0.3))
        #expect(Date().timeIntervalSince(start) < 10)
        guard case .failedToStart = ChildProcess.run(["/nonexistent/synverify-engine"], log: log, timeout: 1) else {
            Issue.record("a missing program started")
            return
        }
    }
}

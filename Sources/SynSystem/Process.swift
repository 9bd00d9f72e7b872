import CSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every outside program and every loaded library of SynVerify goes through here: a program
/// run to completion with its exit status checked, and a symbol from a shared library.
///
/// Programs are started with `posix_spawnp` rather than swiftlang/swift-subprocess (tried, not
/// kept): its API is `async`, while the one caller, the native-code compiler in
/// `SynSpec.NativeCode`, runs synchronously while a model is built. A blocking bridge (a detached
/// task and a semaphore) worked from the command line (cold `verify data/models/*.yaml`:
/// 4.5–5.1 s against 4.9–5.7 s with `posix_spawnp`), but `swift test` with an empty native cache
/// deadlocked (killed after 300 s): Swift Testing runs tests on the cooperative pool, two
/// threads on this machine, and a test blocked waiting for a task that needs that pool.
public enum ChildProcess {
    /// Runs `arguments[0]` (found on PATH) with the other arguments, its output discarded.
    /// - Returns: true when it started and exited normally with status 0.
    public static func run(_ arguments: [String]) -> Bool {
        guard !arguments.isEmpty else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return false }
        }
        return status == 0  // exited normally with status 0
    }
}

extension ChildProcess {
    /// How a program run with a time limit ended.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(seconds: Double)
        case outputExceeded(bytes: Int)
        case failedToStart(String)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            case .timedOut(let seconds): "did not finish within \(seconds) s (killed)"
            case .outputExceeded(let bytes): "wrote more than \(bytes) bytes of output (killed)"
            case .failedToStart(let reason): "could not start: \(reason)"
            }
        }
    }

    /// The most output (bytes, standard output and error together) a run may write to its log.
    public static let outputLimit = 16 << 20

    /// Runs `arguments[0]` (found on PATH) with the other arguments, standard output and error
    /// into the file at `log`, in a process group of its own. After `timeout` seconds, or once
    /// the log exceeds `outputLimit` bytes, the group is killed. When the program ends, whatever
    /// it left running goes too: its process group is killed, and on Linux, where SynVerify is
    /// the subreaper of what it starts (`PR_SET_CHILD_SUBREAPER`), so is every descendant that
    /// left the group (`setsid`) and was handed to SynVerify when its parent ended. Polls every
    /// 5 ms, so a run is never more than that late to be reaped.
    public static func run(_ arguments: [String], log: String, timeout: Double) -> Outcome {
        guard !arguments.isEmpty else { return .failedToStart("no command") }
        _ = subreaper
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: a timeout kills what the program started too.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        // A token in the environment every descendant inherits (setsid or not): what `endRun`
        // finds them by.
        let token = "SYNVERIFY_RUN=\(getpid())-\(RunTokens.next())"
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup(token)]
        var index = 0
        while let entry = environ[index] {
            environment.append(strdup(entry))
            index += 1
        }
        environment.append(nil)
        defer { for p in environment { free(p) } }
        var pid = pid_t()
        let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &environment)
        guard started == 0 else { return .failedToStart(String(cString: strerror(started))) }
        defer { endRun(pid, token: token) }
        return waitBounded(pid, log: log, timeout: timeout)
    }

    /// Waits for `pid`, killing its group at the deadline or when `log` grows past the limit.
    static func waitBounded(_ pid: pid_t, log: String, timeout: Double) -> Outcome {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let deadline = Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 + timeout
        var status: Int32 = 0
        var polls = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return .failedToStart("waitpid: \(String(cString: strerror(errno)))") }
            clock_gettime(CLOCK_MONOTONIC, &now)
            if Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 > deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .timedOut(seconds: timeout)
            }
            polls += 1
            // The log's size every 50 ms (one stat call).
            if polls % 10 == 0 {
                var info = stat()
                if stat(log, &info) == 0 && Int(info.st_size) > outputLimit {
                    kill(-pid, SIGKILL)
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    return .outputExceeded(bytes: outputLimit)
                }
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// After a run: its process group killed, and (Linux) every process that still carries the
    /// run's token (a descendant that left the group) killed, and reaped when it was handed to
    /// SynVerify as its subreaper.
    static func endRun(_ pid: pid_t, token: String) {
        // Found before the group is killed: a killed process's environment can no longer be read,
        // and the ones handed to SynVerify must be reaped.
        let survivors = Descendants.carrying(token)
        kill(-pid, SIGKILL)
        for survivor in survivors {
            kill(survivor.pid, SIGKILL)
            if survivor.parent == getpid() {
                var status: Int32 = 0
                while waitpid(survivor.pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
    }

    /// Linux: SynVerify adopts the descendants of the programs it starts when their parents end
    /// (`prctl(PR_SET_CHILD_SUBREAPER)`), so that `endRun` can find the ones that left their group.
    static let subreaper: Bool = {
        csystem_set_child_subreaper() == 0
    }()
}

/// A new number for each run's token.
enum RunTokens {
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()
    static func next() -> Int {
        lock.withLock {
            counter += 1
            return counter
        }
    }
}

/// Processes found through /proc (Linux; none elsewhere, where the process group is all there is).
enum Descendants {
    /// The processes whose environment holds `token` exactly, with their parents.
    static func carrying(_ token: String) -> [(pid: pid_t, parent: pid_t)] {
        #if os(Linux)
            guard let directory = opendir("/proc") else { return [] }
            defer { closedir(directory) }
            let wanted = Array(token.utf8)
            var found: [(pid_t, pid_t)] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let pid = pid_t(name), pid != getpid(),
                    let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ"),
                    environment.split(separator: 0).contains(where: { Array($0) == wanted }),
                    let parent = parent(of: name)
                else { continue }
                found.append((pid, parent))
            }
            return found
        #else
            return []
        #endif
    }

    /// The parent's id from /proc/N/stat: "pid (comm) state ppid …", comm may hold ") ".
    static func parent(of pid: String) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}

/// Shared libraries loaded into the process (they stay loaded for its life).
public enum SharedLibrary {
    /// The address of `symbol` in the library at `path` (loaded with `RTLD_NOW | RTLD_LOCAL`), or
    /// nil when it cannot be loaded or lacks the symbol.
    public static func symbol(_ symbol: String, in path: String) -> UnsafeMutableRawPointer? {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        return dlsym(handle, symbol)
    }
}

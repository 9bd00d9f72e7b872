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
        case failedToStart(String)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            case .timedOut(let seconds): "did not finish within \(seconds) s (killed)"
            case .failedToStart(let reason): "could not start: \(reason)"
            }
        }
    }

    /// Runs `arguments[0]` (found on PATH) with the other arguments, standard output and error
    /// into the file at `log`; after `timeout` seconds its whole process group is killed. Polls
    /// every 5 ms, so a run is never more than that late to be reaped.
    public static func run(_ arguments: [String], log: String, timeout: Double) -> Outcome {
        guard !arguments.isEmpty else { return .failedToStart("no command") }
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
        var pid = pid_t()
        let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        guard started == 0 else { return .failedToStart(String(cString: strerror(started))) }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let deadline = Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 + timeout
        var status: Int32 = 0
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
            var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
            nanosleep(&pause, nil)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
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

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

/// Shared libraries loaded into the process (they stay loaded for its life).
public enum SharedLibrary {
    /// The address of `symbol` in the library at `path` (loaded with `RTLD_NOW | RTLD_LOCAL`), or
    /// nil when it cannot be loaded or lacks the symbol.
    public static func symbol(_ symbol: String, in path: String) -> UnsafeMutableRawPointer? {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
        return dlsym(handle, symbol)
    }
}

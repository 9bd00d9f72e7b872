#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every outside program and every loaded library of SynVerify goes through here: a program
/// run to completion with its exit status checked, and a symbol from a shared library.
///
/// Programs are started with `posix_spawnp` rather than swiftlang/swift-subprocess: its API is
/// `async`, and the one caller (the native-code compiler, `SynSpec.NativeCode`) runs
/// synchronously inside a lock while a model is built.
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

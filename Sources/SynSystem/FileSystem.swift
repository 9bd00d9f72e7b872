import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every file and directory operation of SynVerify, in one place (as `apple/swift-system` keeps
/// its syscalls in `Internals/Syscalls.swift`): reading text, writing a file so that no reader
/// sees half of it, replacing a report directory, the standard error stream and the
/// environment. Errors name the path and the reason in one line.
public enum FileSystem {
    /// A failed file operation: what was tried ("read", "write"), the path and what went wrong
    /// (`strerror`'s text).
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let operation: String
        public let path: String
        public let reason: String
        public init(_ operation: String, path: String, reason: String) {
            self.operation = operation
            self.path = path
            self.reason = reason
        }
        public var description: String { "cannot \(operation) \(path): \(reason)" }
    }

    /// The largest text file read (bytes): suite, spec and result files are far smaller.
    public static let readLimit = 16 << 20

    /// The whole text of the file at `path`, which must be UTF-8 and at most `readLimit` bytes.
    public static func readText(_ path: String) throws(Failure) -> String {
        guard let file = fopen(path, "rb") else { throw Failure("read", path: path, reason: lastError()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count { break }
            guard bytes.count <= readLimit else { throw Failure("read", path: path, reason: "larger than 16 MiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure("read", path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// True when something exists at `path` (a symbolic link counts as what it points to).
    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Writes `text` to `path` (a file name, relative or absolute; its directory is created if
    /// missing, not its parents) through a temporary file in the same directory renamed over
    /// the target, so that a reader never sees a half-written file. Returns the path.
    @discardableResult
    public static func writeAtomically(_ text: String, toPath path: String) throws(Failure) -> String {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw Failure("write", path: path, reason: "not a file name") }
        guard let slash = path.lastIndex(of: "/") else {
            try writeAtomically(text, named: path, in: ".")
            return path
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        try writeAtomically(text, named: String(path[path.index(after: slash)...]), in: directory)
        return path
    }

    /// Writes `text` to `directory/name` (creating `directory`), returning the path.
    @discardableResult
    public static func writeAtomically(_ text: String, named name: String, in directory: String) throws(Failure)
        -> String
    {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw Failure("write", path: directory, reason: lastError())
        }
        let target = directory + "/" + name
        let temporary = directory + "/." + name + ".tmp"
        try write(text, to: temporary)
        guard systemRename(temporary, target) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw Failure("write", path: target, reason: reason)
        }
        return target
    }

    /// Writes `text` to `path` directly (created or truncated); on failure nothing is left.
    public static func write(_ text: String, to path: String) throws(Failure) {
        guard let file = fopen(path, "wb") else { throw Failure("write", path: path, reason: lastError()) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            unlink(path)
            throw Failure("write", path: path, reason: "short write")
        }
    }

    /// Removes the file at `path` if there is one.
    public static func removeFile(_ path: String) {
        unlink(path)
    }

    /// Replaces the directory `output` by one holding exactly `files` (paths relative to it),
    /// built beside it and swapped in only when complete, so a failing or interrupted run leaves
    /// the previous directory intact. An existing `output` is replaced only when
    /// `replaceable(output)` says so.
    public static func replaceDirectory(
        _ output: String, with files: [(path: String, text: String)], replaceable: (String) -> Bool
    ) throws(Failure) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: output)
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue, replaceable(target.path) else {
                throw Failure("write", path: output, reason: "exists and is not a directory SynVerify may replace")
            }
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous")
        do {
            try? manager.removeItem(at: staging)
            try? manager.removeItem(at: previous)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url)
            }
            if exists { try manager.moveItem(at: target, to: previous) }
            try manager.moveItem(at: staging, to: target)
            try? manager.removeItem(at: previous)
        } catch {
            try? manager.removeItem(at: staging)
            if !manager.fileExists(atPath: target.path) && manager.fileExists(atPath: previous.path) {
                try? manager.moveItem(at: previous, to: target)
            }
            throw Failure("write", path: output, reason: error.localizedDescription)
        }
    }

    /// Writes `text` to file descriptor 2, unbuffered.
    public static func writeToStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// True when standard error is a terminal (progress bars go there only then).
    public static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    /// The value of the environment variable `name`, or nil.
    public static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// A directory only this user may use: `path` is created with mode 0700 if missing, and
    /// accepted only when it is a directory (not a link) owned by this user that nobody else
    /// may write.
    public static func privateDirectory(_ path: String) -> Bool {
        _ = mkdir(path, 0o700)
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == getuid()
            && info.st_mode & 0o022 == 0
    }

    /// True when `path` can be read.
    public static func isReadable(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// Renames `source` to `target` (atomically replacing it); false on failure.
    public static func rename(_ source: String, to target: String) -> Bool {
        systemRename(source, target) == 0
    }

    /// The real user id and the process id, for names of per-user and per-process files.
    public static var userID: UInt32 { UInt32(getuid()) }
    public static var processID: Int32 { getpid() }

    /// `strerror(errno)`.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
    private let systemRename = Glibc.rename
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
    private let systemRename = Darwin.rename
#endif

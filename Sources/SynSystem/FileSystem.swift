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

    /// The largest data file read (bytes): a trace of 10⁷ rows of three numbers.
    public static let dataReadLimit = 1 << 30

    /// The whole text of the file at `path`, which must be UTF-8 and at most `readLimit` bytes.
    public static func readText(_ path: String) throws(Failure) -> String {
        let bytes = try readBytes(path, limit: readLimit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure("read", path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// The bytes of the file at `path`, at most `limit` of them.
    public static func readBytes(_ path: String, limit: Int = dataReadLimit) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw Failure("read", path: path, reason: lastError()) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        // Room for the whole file and one more byte (a parser's terminating 0) from the start, so
        // that neither growth nor that byte copies a large file again.
        var info = stat()
        if fstat(fileno(file), &info) == 0, info.st_size > 0, Int(info.st_size) <= limit {
            bytes.reserveCapacity(Int(info.st_size) + 1)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            guard bytes.count <= limit else {
                throw Failure("read", path: path, reason: "larger than \(limit >> 20) MiB")
            }
            if n < buffer.count {
                if ferror(file) != 0 { throw Failure("read", path: path, reason: lastError()) }
                break
            }
        }
        return bytes
    }

    /// The paths of the files under `directory` (recursively) whose names end in `suffix`, sorted.
    public static func files(under directory: String, suffix: String) throws(Failure) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw Failure("list", path: directory, reason: "not a readable directory")
        }
        var found: [String] = []
        for case let relative as String in enumerator where relative.hasSuffix(suffix) {
            found.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
        }
        return found.sorted()
    }

    /// Creates `path` and its parents (mode 0755) unless it is a directory already.
    public static func makeDirectory(_ path: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure("create", path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// True when something exists at `path` (a symbolic link counts as what it points to).
    public static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
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
    let systemWrite = Glibc.write
    let systemRename = Glibc.rename
#elseif canImport(Darwin)
    let systemWrite = Darwin.write
    let systemRename = Darwin.rename
#endif

/// A directory only this user may use, opened once and checked through its descriptor (owner,
/// mode, a directory and not a link); every later use goes through that descriptor, as
/// `path` = `/proc/PID/fd/N` on Linux, so a directory swapped in at the same path after the
/// check is never used. (Elsewhere `path` is the checked path itself.)
public final class PrivateDirectory: Sendable {
    let descriptor: Int32
    /// The path to use for files in the directory (also from child processes of this one).
    public let path: String

    /// Opens `path` (created with mode 0700 if missing); nil unless it is a directory owned by
    /// this user that nobody else may write.
    public init?(_ path: String) {
        _ = mkdir(path, 0o700)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid(),
            info.st_mode & 0o022 == 0
        else {
            close(fd)
            return nil
        }
        descriptor = fd
        #if os(Linux)
            self.path = "/proc/\(getpid())/fd/\(fd)"
        #else
            self.path = path
        #endif
    }

    deinit { close(descriptor) }
}

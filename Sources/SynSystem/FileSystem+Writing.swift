import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing files and report directories so that nothing is half-written, nothing that SynVerify
/// did not write is replaced, and no planted symbolic link is followed.
extension FileSystem {
    /// Writes `text` to `path` (a file name, relative or absolute; its directory is created if
    /// missing, not its parents) so that a reader never sees half of it: the text goes to a new
    /// temporary file of a unique name in the same directory (created exclusively, so a symbolic
    /// link planted there is never followed), which is then renamed over the target. Two writers
    /// of one path each leave a whole file; the last rename wins. Returns the path.
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
        let temporary = try writeNewFile(text, pattern: directory + "/." + name + ".tmp-")
        guard systemRename(temporary, target) == 0 else {
            let reason = lastError()
            unlink(temporary)
            throw Failure("write", path: target, reason: reason)
        }
        return target
    }

    /// Writes `text` to a file created exclusively (`mkstemp`: `pattern` and six random
    /// characters; never an existing file or link), mode 0644, and returns its path; on failure
    /// nothing is left.
    static func writeNewFile(_ text: String, pattern: String) throws(Failure) -> String {
        var template = Array((pattern + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fd >= 0 else { throw Failure("write", path: path, reason: lastError()) }
        let bytes = Array(text.utf8)
        var offset = 0
        var failure = fchmod(fd, 0o644) == 0 ? nil : lastError()
        while failure == nil && offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { failure = n < 0 ? lastError() : "short write" } else { offset += n }
        }
        if close(fd) != 0 && failure == nil { failure = lastError() }
        if let failure {
            unlink(path)
            throw Failure("write", path: path, reason: failure)
        }
        return path
    }

    /// Writes `text` to `path` (a new file, or one this process made; created or truncated); on
    /// failure nothing is left.
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

    /// A new private directory (`mkdtemp`, mode 0700) under `$TMPDIR` (else /tmp) whose name
    /// starts with `prefix`.
    public static func makeTemporaryDirectory(prefix: String, in parent: String? = nil) throws(Failure) -> String {
        let root = parent ?? environmentValue("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(root)/\(prefix)XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw Failure("create a directory in", path: root, reason: lastError())
        }
        return String(cString: made)
    }

    /// Removes the directory at `path` and everything in it (errors ignored: a leftover
    /// temporary directory is harmless).
    public static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The last `bytes` bytes of the file at `path` as text (from the first whole line), "" when
    /// it cannot be read: a log is read from its end, never whole.
    public static func tail(of path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(bytes) ? size - UInt64(bytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        var text = String(decoding: data, as: UTF8.self)
        if start > 0, let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
        return text
    }

    /// Cuts the file at `path` to its last `bytes` bytes (a kept log stays small).
    public static func keepTail(of path: String, bytes: Int) {
        let kept = tail(of: path, bytes: bytes)
        try? writeAtomically(kept, toPath: path)
    }

    /// Removes the file at `path` if there is one.
    public static func removeFile(_ path: String) {
        unlink(path)
    }
}

extension FileSystem {
    /// The file SynVerify writes into every directory it replaces, and the only sign it accepts
    /// that an existing directory may be replaced: its name, and the text it starts with.
    public struct Marker: Sendable {
        public let name: String
        public let text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// How long a writer waits for another one writing beside it before giving up (seconds).
    public static let lockWait = 30.0

    /// Replaces the directory `output` by one holding exactly `files` (paths relative to it) and
    /// `marker`. The new directory is built beside the old one and swapped in only when
    /// complete; the old one is kept until then, also across a kill (the next run puts it back).
    /// An existing `output` is replaced only when it holds `marker`; a symbolic link, a file or
    /// another directory is refused. Writers of one parent directory take turns (`flock`).
    public static func replaceDirectory(_ output: String, with files: [(path: String, text: String)], marker: Marker)
        throws(Failure)
    {
        guard !output.isEmpty, !output.hasSuffix("/.."), output != "..", output != "." else {
            throw Failure("write", path: output, reason: "not a directory name SynVerify may replace")
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        let base = target.lastPathComponent
        // The parents are created as a report directory's always were (`--output a/b/report`).
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw Failure("write", path: output, reason: "cannot create its parent \(parent): \(error)")
        }
        let lock = try lockDirectory(parent, for: output)
        defer { close(lock) }
        let previous = parent + "/." + base + ".previous"
        // A run killed between its two renames left the old report aside: put it back.
        if !exists(target.path) && holds(previous, marker) { _ = systemRename(previous, target.path) }
        if exists(target.path) || isSymbolicLink(target.path) {
            guard holds(target.path, marker) else {
                throw Failure(
                    "write", path: output,
                    reason:
                        "is not a SynVerify report directory (no \(marker.name) marker); choose another or remove it")
            }
        }
        removeLeftovers(in: parent, base: base, marker: marker)
        let staging = try makeStaging(parent + "/." + base + ".partial-", files: files, marker: marker, output: output)
        let manager = FileManager.default
        if exists(target.path) {
            guard systemRename(target.path, previous) == 0 else {
                let reason = lastError()
                try? manager.removeItem(atPath: staging)
                throw Failure("write", path: output, reason: reason)
            }
        }
        guard systemRename(staging, target.path) == 0 else {
            let reason = lastError()
            _ = systemRename(previous, target.path)
            try? manager.removeItem(atPath: staging)
            throw Failure("write", path: output, reason: reason)
        }
        try? manager.removeItem(atPath: previous)
    }

    /// A new directory (`mkdtemp`) holding the marker and `files`.
    private static func makeStaging(
        _ pattern: String, files: [(path: String, text: String)], marker: Marker, output: String
    ) throws(Failure) -> String {
        var template = Array((pattern + "XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw Failure("write", path: output, reason: lastError())
        }
        let staging = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = chmod(staging, 0o755)
        do {
            try write(marker.text, to: staging + "/" + marker.name)
            let manager = FileManager.default
            for file in files {
                let path = staging + "/" + file.path
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try write(file.text, to: path)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw Failure("write", path: output, reason: (error as? Failure)?.reason ?? "\(error)")
        }
        return staging
    }

    /// An exclusive `flock` on `parent`, waited for at most `lockWait` seconds; the descriptor
    /// to close when done.
    private static func lockDirectory(_ parent: String, for output: String) throws(Failure) -> Int32 {
        let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("write", path: output, reason: lastError()) }
        let start = ContinuousClock.now
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now - start < .seconds(lockWait) else {
                close(fd)
                throw Failure(
                    "write", path: output,
                    reason: "another synverify process is writing beside it; try again when it has finished")
            }
            usleep(50_000)
        }
        return fd
    }

    /// True when `path` is a directory (not a link) holding a regular `marker` file that starts
    /// with the marker's text.
    static func holds(_ path: String, _ marker: Marker) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
        let file = path + "/" + marker.name
        guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 4096,
            let text = try? readText(file)
        else { return false }
        return text.hasPrefix(marker.text)
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Removes staging directories of runs that were killed (`.BASE.partial-*` holding the marker).
    private static func removeLeftovers(in parent: String, base: String, marker: Marker) {
        let prefix = "." + base + ".partial-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(prefix) && holds(parent + "/" + name, marker) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }
}

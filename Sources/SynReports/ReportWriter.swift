#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes report files so that a reader never sees a half-written one: the text goes to a
/// temporary file in the same directory, which is then renamed over the target.
public enum ReportWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `text` to `path` (a file name, relative or absolute; its directory is created if
    /// missing, not its parents), returning the path.
    @discardableResult
    public static func writeAtomically(_ text: String, toPath path: String) throws(WriteError) -> String {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw WriteError(path: path, reason: "not a file name") }
        guard let slash = path.lastIndex(of: "/") else {
            try writeAtomically(text, named: path, in: ".")
            return path
        }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        try writeAtomically(text, named: name, in: directory)
        return path
    }

    /// Writes `text` to `directory/name` (creating `directory`), returning the path.
    @discardableResult
    public static func writeAtomically(_ text: String, named name: String, in directory: String) throws(WriteError)
        -> String
    {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw WriteError(path: directory, reason: String(cString: strerror(errno)))
        }
        let target = directory + "/" + name
        let temporary = directory + "/." + name + ".tmp"
        guard let file = fopen(temporary, "wb") else {
            throw WriteError(path: temporary, reason: String(cString: strerror(errno)))
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            unlink(temporary)
            throw WriteError(path: temporary, reason: "short write")
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: target, reason: reason)
        }
        return target
    }
}

import Foundation
import Testing

@testable import SynSystem

/// Issue 17's reproductions for files and report directories: nothing half-written, no planted
/// link followed, nothing replaced that SynVerify did not write, the old report kept until the
/// new one is whole.
@Suite("Writing files and report directories")
struct FileWritingTests {
    static let marker = FileSystem.Marker(name: ".test-marker", text: "test report\n")

    /// A fresh directory under the system's temporary directory, removed by `body`'s end.
    static func withDirectory(_ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "synverify-fs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test("a symbolic link planted at the old staging name or at the target is never written through")
    func plantedLinks() throws {
        try Self.withDirectory { dir in
            let victim = dir + "/victim.txt"
            try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: dir + "/.plot.svg.tmp", withDestinationPath: victim)
            try FileSystem.writeAtomically("<svg/>", toPath: dir + "/plot.svg")
            #expect(Self.text(victim) == "precious")
            #expect(Self.text(dir + "/plot.svg") == "<svg/>")
            // A link at the target itself is replaced by the file, not written through.
            try FileManager.default.createSymbolicLink(atPath: dir + "/out.svg", withDestinationPath: victim)
            try FileSystem.writeAtomically("<svg/>", toPath: dir + "/out.svg")
            #expect(Self.text(victim) == "precious")
            #expect(Self.text(dir + "/out.svg") == "<svg/>")
        }
    }

    @Test("two writers of one file each leave it whole")
    func concurrentFileWriters() throws {
        try Self.withDirectory { dir in
            let path = dir + "/same.svg"
            let contents = (0..<2).map { k in String(repeating: "<g id=\"\(k)\"/>\n", count: 20_000) }
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                for _ in 0..<40 { _ = try? FileSystem.writeAtomically(contents[k], toPath: path) }
            }
            #expect(contents.contains(Self.text(path) ?? ""))
            let left = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(left == ["same.svg"], "temporary files left: \(left)")
        }
    }

    @Test("a directory SynVerify did not write is refused and left as it was")
    func foreignDirectory() throws {
        try Self.withDirectory { dir in
            let thesis = dir + "/thesis"
            try FileManager.default.createDirectory(atPath: thesis, withIntermediateDirectories: false)
            // Another tool's results.json beside a thesis: once enough to be replaced wholesale.
            try "{}".write(toFile: thesis + "/results.json", atomically: false, encoding: .utf8)
            try "\\documentclass{book}".write(toFile: thesis + "/thesis.tex", atomically: false, encoding: .utf8)
            #expect(throws: FileSystem.Failure.self) {
                try FileSystem.replaceDirectory(thesis, with: [("README.md", "new")], marker: Self.marker)
            }
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: thesis)) == ["results.json", "thesis.tex"])
            for bad in ["", ".", ".."] {
                #expect(throws: FileSystem.Failure.self) {
                    try FileSystem.replaceDirectory(bad, with: [("README.md", "new")], marker: Self.marker)
                }
            }
        }
    }

    @Test("a link to a report directory is refused; a marked directory is replaced whole")
    func replaceOwnDirectory() throws {
        try Self.withDirectory { dir in
            let out = dir + "/out"
            try FileSystem.replaceDirectory(out, with: [("a.md", "1"), ("sub/b.md", "2")], marker: Self.marker)
            #expect(Self.text(out + "/sub/b.md") == "2" && Self.text(out + "/" + Self.marker.name) == Self.marker.text)
            try FileSystem.replaceDirectory(out, with: [("c.md", "3")], marker: Self.marker)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out)) == ["c.md", Self.marker.name])
            try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: out)
            #expect(throws: FileSystem.Failure.self) {
                try FileSystem.replaceDirectory(dir + "/link", with: [("d.md", "4")], marker: Self.marker)
            }
            #expect(Self.text(out + "/c.md") == "3")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link", "out"])
        }
    }

    @Test("a run killed between its renames loses nothing: the next run puts the old report back first")
    func killedBetweenRenames() throws {
        try Self.withDirectory { dir in
            let out = dir + "/out"
            try FileSystem.replaceDirectory(out, with: [("old.md", "old")], marker: Self.marker)
            // What a SIGKILL after the first rename leaves: the report aside, none in place.
            try FileManager.default.moveItem(atPath: out, toPath: dir + "/.out.previous")
            // A new run that fails while writing (a file where a directory must go) ...
            #expect(throws: FileSystem.Failure.self) {
                try FileSystem.replaceDirectory(out, with: [("x", "1"), ("x/y", "2")], marker: Self.marker)
            }
            // ... leaves the old report in place, not deleted.
            #expect(Self.text(out + "/old.md") == "old")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
        }
    }

    @Test("two writers of one report directory take turns: it ends whole, as one of them wrote it")
    func concurrentDirectoryWriters() throws {
        try Self.withDirectory { dir in
            let out = dir + "/out"
            let sets = (0..<2).map { k in (0..<30).map { ("f\($0).md", "writer \(k)") } }
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                for _ in 0..<5 { try? FileSystem.replaceDirectory(out, with: sets[k], marker: Self.marker) }
            }
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
            #expect(names == Set(sets[0].map(\.0) + [Self.marker.name]))
            let writers = Set(sets[0].map { Self.text(out + "/" + $0.0) ?? "" })
            #expect(writers.count == 1 && (writers.first?.hasPrefix("writer ") ?? false))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
        }
    }
}

import Foundation
import Testing

@testable import SynSystem

/// The native-code cache's directory (issue 17): checked once by descriptor, then used only
/// through it, so that another user cannot swap in a directory of their own.
@Suite("Private directories")
struct PrivateDirectoryTests {
    @Test("a directory others may write, or a link, is refused")
    func refused() throws {
        try FileWritingTests.withDirectory { dir in
            let open = dir + "/open"
            try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
            chmod(open, 0o777)
            #expect(PrivateDirectory(open) == nil)
            let mine = dir + "/mine"
            #expect(PrivateDirectory(mine) != nil)
            try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: mine)
            #expect(PrivateDirectory(dir + "/link") == nil)
        }
    }

    /// The reproduction: the checked directory is renamed away and another put at its path
    /// between the check and the use; files still go to (and come from) the checked one.
    @Test("a directory swapped in at the same path after the check is never used")
    func swapAfterCheck() throws {
        try FileWritingTests.withDirectory { dir in
            let cache = dir + "/cache"
            let checked = try #require(PrivateDirectory(cache))
            try FileManager.default.moveItem(atPath: cache, toPath: dir + "/moved")
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: false)
            try "attacker's".write(toFile: cache + "/lib.so", atomically: false, encoding: .utf8)
            try "ours".write(toFile: dir + "/moved/lib.so", atomically: false, encoding: .utf8)
            #expect(try FileSystem.readText(checked.path + "/lib.so") == "ours")
            try FileSystem.write("new", to: checked.path + "/new.c")
            #expect(FileManager.default.fileExists(atPath: dir + "/moved/new.c"))
            #expect(!FileManager.default.fileExists(atPath: cache + "/new.c"))
        }
    }
}

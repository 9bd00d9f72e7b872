import Foundation
import SynTestSupport
import Testing

/// `synverify problem` refuses what it cannot write in bounded size or without losing a file
/// (issue 23).
@Suite("synverify problem: bounds and names")
struct ProblemCommandTests {
    static let exp = repositoryRoot.appendingPathComponent("data/models/exp.yaml").path

    /// exp's t_end is 50 ms: at most 10⁶ samples means a step of at least 5e-5 ms.
    @Test(
        "a sample step that is not a number of ms in (t_end/10^6, t_end] is exit 2 with the range",
        arguments: ["1e-320", "1e-9ms", "100ms", "0", "-1ms"])
    func badSteps(_ dt: String) throws {
        let result = try CLI.run(["problem", Self.exp, "--dt", dt])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("out of range"), "\(result.stderr)")
        let fine = try CLI.run(["problem", Self.exp, "--dt", "0.5ms"])
        #expect(fine.status == 0)
        #expect((try CLI.json(fine.stdout)["sample_times_ms"] as? [Double])?.count == 101)
    }

    @Test("two specs of one name in a folder: the second is refused naming the first, not written over it")
    func duplicateNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("problems-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: Self.exp, encoding: .utf8)
        try text.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try text.write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "problem", "--all", directory.path, "--output", directory.appendingPathComponent("out").path,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.contains("wrote 1 problem(s)"), "\(result.stdout)")
        #expect(result.stderr.contains("b.yaml: name 'exp-spec' is also the name of"), "\(result.stderr)")
    }
}

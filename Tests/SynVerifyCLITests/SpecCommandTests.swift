import Foundation
import Testing

@Suite("synverify verify / lint, end to end")
struct SpecCommandTests {
    static let models = ReportTests.root.appendingPathComponent("data/models").path

    @Test("verify: every method of the committed specs passes, the known-wrong spec is caught; JSON has one object per spec × method")
    func verify() throws {
        let result = try CLI.run(["verify", "\(Self.models)/dualexp-peak.yaml", "\(Self.models)/exp.yaml", "\(Self.models)/exp-seed-sign.yaml", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 5 + 3 + 1)
        let verdicts = array.map { $0["verdict"] as? String }
        #expect(verdicts.dropLast().allSatisfy { $0 == "pass" } && verdicts.last == "fail")
        let text = try CLI.run(["verify", "\(Self.models)/exp-seed-sign.yaml"])
        #expect(text.stdout.contains("FAIL (known wrong: caught)"))
    }

    @Test("lint: correct specs are ok with what was checked; a closed form that does not solve the ODE is named (exit 1)")
    func lint() throws {
        let ok = try CLI.run(["lint", "\(Self.models)/dualexp-peak.yaml", "\(Self.models)/exp.yaml"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("dualexp-peak.yaml: ok (syntax and units; closed form at t = 0.0 ms; closed form solves the ODE"))
        let wrong = try CLI.run(["lint", "\(Self.models)/exp-seed-sign.yaml"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("the closed form does not solve the ODE"))
    }

    @Test("a spec with an error is exit 2 with one line pointing into the file")
    func badSpec() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-spec-\(getpid()).yaml")
        defer { try? FileManager.default.removeItem(at: path) }
        let text = try String(contentsOfFile: "\(Self.models)/dualexp-peak.yaml", encoding: .utf8).replacingOccurrences(of: "(k*x - g)/tau_1", with: "(k*x - g)/tau1")
        try text.write(to: path, atomically: true, encoding: .utf8)
        for command in ["verify", "lint"] {
            let result = try CLI.run([command, path.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("\(path.path):5:21: unknown identifier 'tau1' (did you mean 'tau_1'?)"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let missing = try CLI.run(["verify", "/nonexistent/spec.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read /nonexistent/spec.yaml"))
    }
}

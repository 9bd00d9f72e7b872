import Foundation
import Testing

@Suite("synverify verify / lint, end to end")
struct SpecCommandTests {
    static let models = ReportTests.root.appendingPathComponent("data/models").path

    @Test(
        "verify: every method of the committed specs passes, the known-wrong spec is caught; one JSON object each"
    )
    func verify() throws {
        let result = try CLI.run([
            "verify", "\(Self.models)/dualexp-peak.yaml", "\(Self.models)/exp.yaml",
            "\(Self.models)/exp-seed-sign.yaml", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 5 + 3 + 1)
        let verdicts = array.map { $0["verdict"] as? String }
        #expect(verdicts.dropLast().allSatisfy { $0 == "pass" } && verdicts.last == "fail")
        let text = try CLI.run(["verify", "\(Self.models)/exp-seed-sign.yaml"])
        #expect(text.stdout.contains("FAIL (known wrong: caught)"))
    }

    @Test(
        "lint: correct specs are ok with what was checked; a closed form that does not solve the ODE is named (exit 1)")
    func lint() throws {
        let ok = try CLI.run(["lint", "\(Self.models)/dualexp-peak.yaml", "\(Self.models)/exp.yaml"])
        #expect(ok.status == 0)
        #expect(
            ok.stdout.contains(
                "dualexp-peak.yaml: ok (syntax and units; closed form at t = 0.0 ms; closed form solves the ODE"))
        let wrong = try CLI.run(["lint", "\(Self.models)/exp-seed-sign.yaml"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("the closed form does not solve the ODE"))
    }

    @Test("suite files include spec files: report and check cover user models like catalogue ones")
    func suiteWithSpecs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-specsuite-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            atPath: "\(Self.models)/dualexp-peak.yaml", toPath: directory.appendingPathComponent("mine.yaml").path)
        try """
        schema_version: 1
        entries:
          - spec: mine.yaml
            methods: [rk8pd, classic_rk4]
          - spec: \(Self.models)/exp-seed-sign.yaml
            methods: [rk8pd]
          - model: exp
            methods: [rk8pd]
        """.write(to: directory.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let report = try CLI.run(["report", "--suite", "suite.yaml", "--output", "report", "--quiet"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        let overview = try String(contentsOf: directory.appendingPathComponent("report/README.md"), encoding: .utf8)
        #expect(
            overview.contains("| [dualexp-peak-spec](models/dualexp-peak-spec.md) | classic_rk4 | dt = 0.025 ms |"),
            "\(overview)")
        let page = try String(
            contentsOf: directory.appendingPathComponent("report/models/dualexp-peak-spec.md"), encoding: .utf8)
        #expect(page.contains("- Source: spec file `mine.yaml`"))
        #expect(page.contains("| tau_1 | 8 | ms | `8 ms` |"), "\(page)")
        #expect(
            overview.contains(
                "**3 of 3** model × method pairs verified; "
                    + "**1 of 1** known-wrong seed variants caught."))
        #expect(overview.contains("| [exp](models/exp.md) |"), "catalogue models keep their pages")
        let record = try CLI.run(
            ["baseline", "--suite", "suite.yaml", "--baseline", "b.json", "--write"], in: directory)
        #expect(record.status == 0, "\(record.stderr)")
        let check = try CLI.run(["check", "--suite", "suite.yaml", "--baseline", "b.json"], in: directory)
        #expect(check.status == 0 && check.stdout.contains("all 4 rows hold"), "\(check.stdout)\(check.stderr)")
        try "schema_version: 1\nentries:\n  - spec: nowhere.yaml\n    methods: [rk8pd]\n".write(
            to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["check", "--suite", "bad.yaml", "--baseline", "b.json"], in: directory)
        #expect(
            bad.status == 2 && bad.stderr.contains("bad.yaml: entries[0].spec: cannot read nowhere.yaml"),
            "\(bad.stderr)")
    }

    @Test(
        "verify --report: a page per spec, byte-identical across runs and jobs; fixed-step GSL runs left out (stderr)"
    )
    func verifyReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "synverify-verifyreport-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = ["alpha.yaml", "lif-coba.yaml", "ampa.yaml", "exp-seed-sign.yaml"].map { "\(Self.models)/\($0)" }
        let first = try CLI.run(["verify"] + specs + ["--report", "one"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stderr.contains(
                "alpha.yaml: rk4@0.1ms is a fixed-step GSL run; the report studies GSL steppers adaptively and leaves "
                    + "it out"
            ))
        let second = try CLI.run(["verify"] + specs + ["--report", "two", "--jobs", "2"], in: directory)
        #expect(second.status == 0)
        let manager = FileManager.default
        let files = try #require(
            manager.enumerator(atPath: directory.appendingPathComponent("one").path)?.allObjects as? [String]
        ).sorted()
        for page in [
            "README.md", "results.json", "models/alpha-spec.md", "models/lif-coba-spec.md", "models/ampa-spec.md",
            "models/exp-seed-sign-spec.md",
        ] {
            #expect(files.contains(page), "\(files)")
        }
        #expect(!files.contains("kernels.md"))
        for file in files where !file.hasSuffix("models") && !file.hasSuffix("plots") {
            let a = try Data(contentsOf: directory.appendingPathComponent("one/\(file)"))
            let b = try Data(contentsOf: directory.appendingPathComponent("two/\(file)"))
            #expect(a == b, "\(file) differs between runs")
        }
        let overview = try String(contentsOf: directory.appendingPathComponent("one/README.md"), encoding: .utf8)
        #expect(
            overview.hasPrefix("# SynVerify report\n\nGenerated by `synverify verify --report` from the spec files"))
        #expect(overview.contains("**1 of 1** known-wrong seed variants caught"))
        let lif = try String(
            contentsOf: directory.appendingPathComponent("one/models/lif-coba-spec.md"), encoding: .utf8)
        #expect(lif.contains("| u_inf | -15 | mV | `(g_l*u_rest + g*E + I)/(g_l + g)` |"), "\(lif)")
        #expect(lif.contains("- Threshold: u ≥ -50 mV → reset to -60 mV, held 0 ms"))
        // The claimed rate by hand: 1000/(75·ln(45/35)) Hz = 53.0543885782 Hz.
        #expect(lif.contains("## Firing rate") && lif.contains("| rk8pd | 53.0543885782 |"), "\(lif)")
        let ampa = try String(contentsOf: directory.appendingPathComponent("one/models/ampa-spec.md"), encoding: .utf8)
        #expect(ampa.contains("- Inputs switch at (ms): 0, 0.8, 10, 10.5") && ampa.contains("- Reference: numeric"))
        let duplicate = try CLI.run(["verify", specs[0], specs[0], "--report", "three"], in: directory)
        #expect(duplicate.status == 2 && duplicate.stderr.contains("the name 'alpha-spec' is already used by"))
    }

    @Test("a spec with an error is exit 2 with one line pointing into the file")
    func badSpec() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-spec-\(getpid()).yaml")
        defer { try? FileManager.default.removeItem(at: path) }
        let text = try String(contentsOfFile: "\(Self.models)/dualexp-peak.yaml", encoding: .utf8).replacingOccurrences(
            of: "(k*x - g)/tau_1", with: "(k*x - g)/tau1")
        try text.write(to: path, atomically: true, encoding: .utf8)
        for command in ["verify", "lint"] {
            let result = try CLI.run([command, path.path])
            #expect(result.status == 2)
            #expect(
                result.stderr.contains("\(path.path):5:21: unknown identifier 'tau1' (did you mean 'tau_1'?)"),
                "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        let missing = try CLI.run(["verify", "/nonexistent/spec.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read /nonexistent/spec.yaml"))
    }
}

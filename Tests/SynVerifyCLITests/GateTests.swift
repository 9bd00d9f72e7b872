import Foundation
import SynFiles
import SynReports
import SynTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `synverify check` and `synverify baseline`, end to end, on a small suite in a temporary
/// directory (the committed suite's gate runs in `make test`).
@Suite("CI gate (check, baseline)")
struct GateTests {
    static let suite = """
        schema_version: 1
        entries:
          - model: exp
            methods: [euler, heun, rk8pd]
          - model: alpha
            methods: [classic_rk4, rkf45]
          - model: exp-seed-sign
            methods: [rk8pd]
        """

    /// A directory with the small suite and its freshly recorded baseline.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "synverify-gate-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try suite.write(to: directory.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let record = try CLI.run(["baseline", "--suite", "suite.yaml", "--baseline", "baseline.json"], in: directory)
        #expect(
            record.status == 0
                && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("baseline.json").path),
            "without --write nothing is written")
        let written = try CLI.run(
            ["baseline", "--suite", "suite.yaml", "--baseline", "baseline.json", "--write"], in: directory)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("+ exp / euler"))
        return directory
    }

    @Test("an unchanged tree passes; JUnit XML and the summary are written")
    func unchangedPasses() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(
            [
                "check", "--suite", "suite.yaml", "--baseline", "baseline.json", "--junit", "out/junit.xml",
                "--summary", "summary.md",
            ], in: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("all 6 rows hold"))
        let summary = try String(contentsOf: directory.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("All 6 model × method rows hold"))
        // JUnit's required structure: testsuites/testsuite with name, tests, failures; testcase with
        // classname and name.
        let data = try Data(contentsOf: directory.appendingPathComponent("out/junit.xml"))
        let document = try XMLDocument(data: data)
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suiteElement = try #require(root.elements(forName: "testsuite").first)
        for attribute in ["name", "tests", "failures", "errors"] {
            #expect(suiteElement.attribute(forName: attribute) != nil, "\(attribute)")
        }
        #expect(suiteElement.attribute(forName: "tests")?.stringValue == "6")
        let cases = suiteElement.elements(forName: "testcase")
        #expect(cases.count == 6)
        #expect(cases.allSatisfy { $0.attribute(forName: "classname") != nil && $0.attribute(forName: "name") != nil })
        #expect(cases.first?.attribute(forName: "classname")?.stringValue == "synverify.exp")
        #expect(cases.allSatisfy { $0.elements(forName: "failure").isEmpty })
    }

    @Test("a stricter baseline fails with exit 1 and names the entry, in text, JUnit and summary")
    func stricterBaselineFails() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("baseline.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var entries = try #require(object["entries"] as? [[String: Any]])
        let index = try #require(
            entries.firstIndex { $0["model"] as? String == "exp" && $0["method"] as? String == "heun" })
        let recorded = try #require(entries[index]["max_abs_error"] as? Double)
        entries[index]["max_abs_error"] = recorded / 10  // now the real error is 10× the baseline: beyond 2×
        object["entries"] = entries
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let result = try CLI.run(
            [
                "check", "--suite", "suite.yaml", "--baseline", "baseline.json", "--junit", "junit.xml", "--summary",
                "summary.md",
            ], in: directory)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("exp / heun | max error"), "\(result.stdout)")
        #expect(!result.stdout.contains("exp / euler |"))
        let junit = try String(contentsOf: directory.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("failures=\"1\"") && junit.contains("<failure type=\"regression\""))
        let summary = try String(contentsOf: directory.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("| exp / heun | max error |"))
    }

    @Test("a baseline row that did not run is a regression, and so is a row the baseline does not hold")
    func presence() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.suite.replacingOccurrences(of: "methods: [euler, heun, rk8pd]", with: "methods: [euler, rk8pd, rk4]")
            .write(to: directory.appendingPathComponent("suite.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--suite", "suite.yaml", "--baseline", "baseline.json"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("exp / heun | presence | ran | did not run"), "\(result.stdout)")
        #expect(result.stdout.contains("exp / rk4 | baseline | none | ran"), "\(result.stdout)")
        #expect(result.stdout.contains("rows not in the baseline (record them"), "\(result.stdout)")
    }

    @Test("shards merged equal the unsharded run: same verdict, same JUnit bytes; incomplete shares are exit 2")
    func shards() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let common = ["--suite", "suite.yaml", "--baseline", "baseline.json"]
        let whole = try CLI.run(["check"] + common + ["--junit", "whole.xml"], in: directory)
        #expect(whole.status == 0)
        for i in 1...3 {
            let share = try CLI.run(
                ["check"] + common + ["--shard", "\(i)/3", "--outcomes", "o\(i).json"], in: directory)
            #expect(share.status == 0, "\(share.stdout)\(share.stderr)")
            #expect(share.stdout.contains("all 2 rows hold"), "6 rows over 3 shares")
        }
        let merged = try CLI.run(
            [
                "merge", "o3.json", "o1.json", "o2.json", "--baseline", "baseline.json", "--junit", "merged.xml",
                "--output", "merged",
            ], in: directory)
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        #expect(merged.stdout == whole.stdout)
        // One report from the shares: its results.json is the unsharded report's, bit for bit.
        let report = try CLI.run(["report", "--suite", "suite.yaml", "--output", "report", "--quiet"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        let unsharded = try String(contentsOf: directory.appendingPathComponent("report/results.json"), encoding: .utf8)
        let fromShards = try String(
            contentsOf: directory.appendingPathComponent("merged/results.json"), encoding: .utf8)
        // The rows bit for bit (the unsharded report also holds the f–I figures, which the suite's shards do not run).
        let rowsOf = { (text: String) throws -> String in
            try #require(try JSONReader.parse(text)["results"]).serialized(pretty: true)
        }
        #expect(try rowsOf(fromShards) == (try rowsOf(unsharded)))
        #expect(
            try JSONReader.parse(fromShards)["fi_curves"] == nil
                && (try JSONReader.parse(unsharded)["fi_curves"]) != nil)
        let overview = try String(contentsOf: directory.appendingPathComponent("merged/README.md"), encoding: .utf8)
        #expect(
            overview.contains(
                "**5 of 5** model × method pairs verified; "
                    + "**1 of 1** known-wrong seed variants caught."),
            "\(overview)")
        let a = try String(contentsOf: directory.appendingPathComponent("whole.xml"), encoding: .utf8)
        let b = try String(contentsOf: directory.appendingPathComponent("merged.xml"), encoding: .utf8)
        #expect(a == b)
        let incomplete = try CLI.run(["merge", "o1.json", "o2.json", "--baseline", "baseline.json"], in: directory)
        #expect(incomplete.status == 2 && incomplete.stderr.contains("share(s) 3/3 missing"), "\(incomplete.stderr)")
        let twice = try CLI.run(
            ["merge", "o1.json", "o1.json", "o2.json", "o3.json", "--baseline", "baseline.json"], in: directory)
        #expect(twice.status == 2 && twice.stderr.contains("given twice"), "\(twice.stderr)")
    }

    @Test(
        "bad baselines and shards are exit 2 with one line",
        arguments: [
            ("{", "not a JSON object"),
            ("{\"schema_version\": 9, \"entries\": []}", "schema_version must be 2"),
            ("{\"schema_version\": 1, \"entries\": []}", "schema_version must be 2; re-record it with"),
            (
                "{\"schema_version\": 2, \"entries\": [{\"model\": \"exp\"}]}",
                "entries[0] needs model, method, passed and known_wrong"
            ),
            (
                "{\"schema_version\": 2, \"entries\": [{\"model\": \"exp\", \"method\": \"euler\", \"passed\": true, "
                    + "\"known_wrong\": false, \"error_growth_factor\": 2, \"order_tolerance\": 0.2, "
                    + "\"max_abs_error\": \"big\"}]}",
                "entries[0].max_abs_error must be a finite number or null"
            ),
        ])
    func badBaseline(_ input: (String, String)) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try input.0.write(to: directory.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["check", "--suite", "suite.yaml", "--baseline", "bad.json"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains("baseline bad.json: \(input.1)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        let missing = try CLI.run(["check", "--suite", "suite.yaml", "--baseline", "none.json"], in: directory)
        #expect(missing.status == 2 && missing.stderr.contains("baseline none.json does not exist"))
        let shard = try CLI.run(
            ["check", "--suite", "suite.yaml", "--baseline", "baseline.json", "--shard", "3/2"], in: directory)
        // One line naming the value, the option and the allowed range.
        #expect(shard.status == 2 && shard.stderr.split(separator: "\n").count == 1)
        #expect(
            shard.stderr.contains("'3/2'") && shard.stderr.contains("--shard")
                && shard.stderr.contains("1 ≤ i ≤ n"))
    }

    /// A shard judged against a baseline whose heun row allows 1000× the real error, or whose
    /// results were edited to a 100× error: `check` on the shard with the real baseline fails, and
    /// so must `merge` with it.
    @Test("merge judges the shares again against its own baseline and refuses shares judged against another")
    func mergeDoesNotTrustShards() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let common = ["--suite", "suite.yaml"]
        for i in 1...2 {
            let share = try CLI.run(
                ["check"] + common + ["--baseline", "baseline.json", "--shard", "\(i)/2", "--outcomes", "o\(i).json"],
                in: directory)
            #expect(share.status == 0, "\(share.stdout)\(share.stderr)")
        }
        // Edited results: exp / heun's max error 100× in the share that holds it.
        var edited = false
        for i in 1...2 {
            let url = directory.appendingPathComponent("o\(i).json")
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var results = try #require(object["results"] as? [[String: Any]])
            guard
                let k = results.firstIndex(where: {
                    $0["model"] as? String == "exp" && $0["method"] as? String == "heun"
                })
            else { continue }
            results[k]["max_abs_error"] = try #require(results[k]["max_abs_error"] as? Double) * 100
            object["results"] = results
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            edited = true
        }
        #expect(edited)
        let merged = try CLI.run(["merge", "o1.json", "o2.json", "--baseline", "baseline.json"], in: directory)
        #expect(merged.status == 1, "\(merged.stdout)\(merged.stderr)")
        #expect(merged.stdout.contains("exp / heun | max error"), "\(merged.stdout)")
        // Shares judged against a looser copy of the baseline are refused by name.
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("baseline.json"), to: directory.appendingPathComponent("loose.json"))
        let looseURL = directory.appendingPathComponent("loose.json")
        try (try String(contentsOf: looseURL, encoding: .utf8) + "\n").write(
            to: looseURL, atomically: true, encoding: .utf8)
        let other = try CLI.run(
            ["check"] + common + ["--baseline", "loose.json", "--shard", "1/2", "--outcomes", "l1.json"], in: directory)
        #expect(other.status == 0)
        let mixed = try CLI.run(["merge", "l1.json", "o2.json", "--baseline", "baseline.json"], in: directory)
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("l1.json: share 1/2 was judged against another baseline"), "\(mixed.stderr)")
    }

    @Test("gate settings have allowed ranges and are recorded: loosening them is a change the gate shows")
    func gateSettings() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (setting, value, allowed) in [
            ("error_growth_factor", "1e300", "allowed 1.0 … 10.0"),
            ("order_tolerance", "100", "allowed 0.01 … 1.0"),
        ] {
            try Self.suite.replacingOccurrences(of: "entries:", with: "defaults: {\(setting): \(value)}\nentries:")
                .write(to: directory.appendingPathComponent("loose.yaml"), atomically: true, encoding: .utf8)
            let refused = try CLI.run(["check", "--suite", "loose.yaml", "--baseline", "baseline.json"], in: directory)
            #expect(refused.status == 2 && refused.stderr.contains(allowed), "\(refused.stderr)")
        }
        try Self.suite.replacingOccurrences(of: "entries:", with: "defaults: {error_growth_factor: 10}\nentries:")
            .write(to: directory.appendingPathComponent("looser.yaml"), atomically: true, encoding: .utf8)
        let looser = try CLI.run(["check", "--suite", "looser.yaml", "--baseline", "baseline.json"], in: directory)
        #expect(looser.status == 1, "\(looser.stdout)")
        #expect(looser.stdout.contains("exp / euler | gate setting error_growth_factor | 2 | 10"), "\(looser.stdout)")
    }
}

extension GateTests {
    /// A suite whose engine would leave a file behind if its command ran.
    @Test("--no-engines leaves the suite's commands unrun; their rows fail as skipped, never pass")
    func noEngines() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = directory.appendingPathComponent("ran").path
        try """
        schema_version: 1
        entries:
          - spec: \(repositoryRoot.appendingPathComponent("data/models/exp.yaml").path)
            engine: shell
            command: [sh, -c, "touch \(marker)"]
            methods: [euler]
        """.write(to: directory.appendingPathComponent("engines.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(
            ["report", "--suite", "engines.yaml", "--output", "out", "--no-engines", "--quiet"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let results = try String(contentsOf: directory.appendingPathComponent("out/results.json"), encoding: .utf8)
        #expect(results.contains("skipped: not run (--no-engines)"))
        #expect(results.contains("\"passed\": false"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        let check = try CLI.run(
            ["check", "--suite", "engines.yaml", "--baseline", "baseline.json", "--no-engines"], in: directory)
        #expect(check.status == 1, "an unrun row is never a pass")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}

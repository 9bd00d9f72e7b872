import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynTestSupport
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynFiles

@Suite("Suite files")
struct SuiteFileTests {
    static let root = repositoryRoot

    @Test("data/suite.yaml states the built-in suite, plus example specs and the engines' rows")
    func committedSuite() throws {
        let suite = try SuiteFile.read(Self.root.appendingPathComponent("data/suite.yaml").path)
        #expect(VerificationSuite(entries: suite.entries.filter { $0.custom == nil }) == VerificationSuite.builtIn)
        let seedSpecs = ["exp", "alpha", "dualexp", "ampa", "gabaa", "gabab", "nmda-kinetics", "lif-coba"]
        let scipy = seedSpecs.flatMap { ["\($0)-spec", "\($0)-spec"] }
        let nest =
            [
                "exp", "alpha", "dualexp", "dualexp-peak", "ampa", "gabaa", "gabab", "nmda-kinetics", "psp",
                "psp-alpha",
                "lif-coba",
            ].map { "\($0)-spec" } + ["nest-dc", "brette-gerstner2005-adex"]
        let brainpy = ["exp", "alpha", "dualexp", "ampa", "gabaa", "nmda-kinetics", "gap"].map { "\($0)-spec" }
        let brainpyRunner = ["exp", "alpha", "dualexp-peak", "nmda-kinetics", "gabaa", "ampa", "gap"].map {
            "\($0)-spec"
        }
        let own: [String] = [
            "stimberg2018-tm-synapse", "stimberg2018-coba-neuron", "brette-gerstner2005-adex", "exp-spec",
            "exp-spec", "dualexp-spec", "dualexp-spec", "lif-coba-spec", "alpha-spec", "alpha-spec", "ampa-spec",
            "ampa-spec", "gabaa-spec", "gabaa-spec", "gabab-spec", "gabab-spec", "nmda-kinetics-spec",
            "nmda-kinetics-spec", "exp-spec", "alpha-spec", "dualexp-peak-spec",
        ]
        let odetoolbox = ["exp", "alpha", "dualexp", "dualexp-peak", "psp", "psp-alpha", "dualexp-near-alpha"]
            .map { "\($0)-spec" }
        let near = ["dualexp-near-alpha-spec"]
        let sine = Array(repeating: "lif-sine-spec", count: 5)
        let specs: [String] = own + scipy + nest + brainpy + brainpyRunner + near + odetoolbox + near + sine
        #expect(suite.entries.filter { $0.custom != nil }.map(\.model) == specs)
        let counts: [(String, Int)] = [
            ("brian2", 8), ("neuron", 3), ("scipy", 16), ("nest", 13), ("brainpy", 14), ("odetoolbox", 7), ("nest", 1),
            ("brian2", 1), ("scipy", 2), ("brainpy", 1),
        ]
        let engines: [String] = counts.flatMap { Array(repeating: $0.0, count: $0.1) }
        #expect(suite.entries.compactMap(\.engine?.name) == engines)
        // scipy's entries alternate a tolerance ladder and scipy's defaults, rows every 0.05 ms.
        let schedules: [EngineSchedule] = suite.entries.filter { $0.engine?.name == "scipy" }.map(\.engineSchedule)
        let pair: [EngineSchedule] = [.tolerances(recordStep: 0.05), .defaults(recordStep: 0.05)]
        let alternating: [EngineSchedule] = Array(repeating: pair, count: 9).flatMap { $0 }
        #expect(schedules == alternating)
        #expect(suite.entries.count == 94)
        #expect(suite.entries.filter { $0.model.contains("-seed-") }.count == 9)
    }

    /// The report shows each suite model's equations as markdown maths: present, with balanced
    /// braces and \left/\right pairs, and only commands GitHub's renderer knows.
    @Test("every model of the default suite has its equations in LaTeX")
    func latex() throws {
        let known: Set<String> = [
            "frac", "tau", "alpha", "beta", "quad", "qquad", "leftarrow", "text", "mathrm", "left", "right", "ln", "ge",
            "to",
        ]
        // (a "\ " space has no letters and is skipped)
        for entry in VerificationSuite.builtIn.entries {
            let latex = try #require(try ModelCatalog.entry(named: entry.model).latex, "\(entry.model)")
            var depth = 0
            for c in latex {
                if c == "{" { depth += 1 }
                if c == "}" { depth -= 1 }
                #expect(depth >= 0, "\(entry.model)")
            }
            #expect(depth == 0, "\(entry.model)")
            // \left( … \right) pairs (\leftarrow is another command).
            #expect(
                latex.components(separatedBy: "\\left(").count == latex.components(separatedBy: "\\right)").count,
                "\(entry.model)")
            let commands = latex.split(separator: "\\").dropFirst().map { String($0.prefix { $0.isLetter }) }.filter {
                !$0.isEmpty
            }
            for command in commands { #expect(known.contains(command), "\(entry.model): \\\(command)") }
        }
    }

    @Test("defaults apply to every entry, entries override them, units are read")
    func defaultsAndOverrides() throws {
        let text = """
            schema_version: 1
            defaults:
              step_ladder: [0.2, 0.1]
              order_tolerance: 0.3
            entries:
              - model: exp
                methods: [euler, rk8pd]
              - model: alpha
                methods: [heun]
                t_end: 0.05s
                step_ladder: [100us, 50us, 25us]
                error_growth_factor: 3
            """
        let suite = try SuiteFile.parse(text, file: "s.yaml")
        #expect(suite.entries[0].methods == [.simulator(.euler), .gsl(.rk8pd)])
        #expect(suite.entries[0].stepLadder == [0.2, 0.1])
        #expect(suite.entries[0].orderTolerance == 0.3)
        #expect(suite.entries[0].errorGrowthFactor == 2)
        #expect(suite.entries[0].endTime == nil)
        #expect(suite.entries[1].endTime == 50)
        #expect(suite.entries[1].stepLadder == [0.1, 0.05, 0.025])
        #expect(suite.entries[1].errorGrowthFactor == 3)
        #expect(suite.entries[1].toleranceLadder == VerificationSuite.defaultToleranceLadder)
    }

    @Test(
        "bad suites are one-line errors naming the file, the place and what is allowed",
        arguments: [
            ("entries: [", "malformed YAML"),
            ("- 1\n- 2", "expected a mapping"),
            ("entries: []", "schema_version: missing"),
            ("schema_version: 2\nentries: []", "schema_version: '2' is not supported: allowed 1"),
            ("schema_version: 1\nentries: []", "entries: expected a non-empty list"),
            ("schema_version: 1\nentrys: []", "unknown key 'entrys'; allowed: schema_version, defaults, entries"),
            (
                "schema_version: 1\nentries:\n  - model: nope\n    methods: [euler]",
                "entries[0].model: unknown model 'nope'"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler, rk9]",
                "entries[0].methods[1]: unknown method 'rk9'; known: rk2"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler, euler]",
                "entries[0].methods[1]: 'euler' is listed twice"
            ),
            ("schema_version: 1\nentries:\n  - model: exp", "entries[0].methods: expected a non-empty list"),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler]\n    step_ladder: [0.1]",
                "entries[0].step_ladder: expected a list of at least two values"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler]\n    step_ladder: [0.1, -0.1]",
                "entries[0].step_ladder[1]: -0.1 ms is out of range: allowed > 0 ms"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler]\n    step_ladder: [0.1, 5mV]",
                "entries[0].step_ladder[1]:"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler]\n    t_end: 0",
                "entries[0].t_end: 0.0 ms is out of range"
            ),
            (
                "schema_version: 1\ndefaults:\n  tolerance_ladder: [1e-4, 2]\nentries:\n  - model: exp\n    methods: "
                    + "[euler]",
                "defaults.tolerance_ladder[1]: 2.0 is out of range: allowed 0 < eps < 1"
            ),
            (
                "schema_version: 1\ndefaults:\n  error_growth_factor: 0.5\nentries:\n  - model: exp\n    methods: "
                    + "[euler]",
                "defaults.error_growth_factor: 0.5 is out of range: allowed 1.0 … 10.0"
            ),
            (
                "schema_version: 1\ndefaults:\n  order_tolerance: nan\nentries:\n  - model: exp\n    methods: [euler]",
                "defaults.order_tolerance: expected a finite number"
            ),
            (
                "schema_version: 1\nentries:\n  - model: exp\n    methods: [euler]\n    colour: red",
                "entries[0]: unknown key 'colour'"
            ),
        ])
    func badSuites(_ input: (String, String)) {
        do {
            _ = try SuiteFile.parse(input.0, file: "bad.yaml")
            Issue.record("accepted: \(input.0)")
        } catch {
            #expect(error.description.hasPrefix("bad.yaml: "), "\(error.description)")
            #expect(error.description.contains(input.1), "\(error.description)")
            #expect(!error.description.contains("\n"), "\(error.description)")
        }
    }

    /// Rows are keyed by name and method (baseline, merge): two sources of one name would collide.
    @Test("two specs of one name, or a spec named like a catalogue model, are refused naming both")
    func duplicateNames() throws {
        let exp = try String(contentsOf: repositoryRoot.appendingPathComponent("data/models/exp.yaml"), encoding: .utf8)
        let specs = [
            "a/one.yaml": exp, "a/two.yaml": exp,
            "a/exp.yaml": exp.replacingOccurrences(of: "name: exp-spec", with: "name: exp"),
        ]
        func parse(_ entries: String) throws -> VerificationSuite {
            try SuiteFile.parse("schema_version: 1\nentries:\n" + entries, file: "a/suite.yaml") { path in
                guard let text = specs[path] else { throw FormatError("no \(path)") }
                return text
            }
        }
        #expect {
            try parse("  - spec: one.yaml\n    methods: [euler]\n  - spec: two.yaml\n    methods: [euler]\n")
        } throws: {
            "\($0)" == "a/suite.yaml: entries[1].spec: 'exp-spec' names both the spec a/one.yaml and the spec "
                + "a/two.yaml; give the spec a name of its own"
        }
        #expect {
            try parse("  - model: exp\n    methods: [euler]\n  - spec: exp.yaml\n    methods: [heun]\n")
        } throws: { "\($0)".contains("'exp' names both the catalogue model and the spec a/exp.yaml") }
        // One spec file in two entries (its own methods, an engine) is one source.
        #expect(
            try parse("  - spec: one.yaml\n    methods: [euler]\n  - spec: one.yaml\n    methods: [heun]\n").entries
                .count == 2)
    }

    @Test("shards partition the suite's model × method pairs in declared order", arguments: [1, 2, 3, 7])
    func shards(count: Int) {
        let suite = VerificationSuite.builtIn
        let pairs = suite.entries.flatMap { e in e.methods.map { "\(e.model)/\($0)" } }
        var seen: [String] = []
        var parts: [[String]] = []
        for index in 0..<count {
            let share = suite.shard(VerificationSuite.Share(index: index + 1, count: count)!)
            let sharePairs = share.entries.flatMap { e in e.methods.map { "\(e.model)/\($0)" } }
            // Share i holds pairs i, i + n, i + 2n, … of the declared order.
            #expect(sharePairs == stride(from: index, to: pairs.count, by: count).map { pairs[$0] })
            seen += sharePairs
            parts.append(sharePairs)
        }
        #expect(seen.sorted() == pairs.sorted())
        #expect(Set(seen).count == pairs.count)
        // Merging puts the shares' rows back in declared order.
        #expect(VerificationSuite.interleave(parts) == pairs)
    }
}

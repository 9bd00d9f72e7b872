import Crypto
import SynIntegrators
import SynKernels
import SynModels
import SynSpec
import SynSystem
import SynVerification
import SynVerifyGSL
import Yams

/// Reads a verification suite from YAML (`data/suite.yaml`):
///
/// ```yaml
/// schema_version: 1
/// defaults:                      # optional; each key also allowed per entry
///   step_ladder: [0.4, 0.2, 0.1] # dt, ms (or with units: 100us)
///   tolerance_ladder: [1e-4, 1e-8]
///   error_growth_factor: 2       # the gate: error may grow by at most this factor (1 … 10)
///   order_tolerance: 0.2         # the gate: |measured − nominal order| allowed (0.01 … 1)
/// entries:
///   - model: dualexp-peak
///     methods: [euler, classic_rk4, rk8pd]
///     t_end: 50                  # ms, optional
///   - spec: models/exp.yaml      # another simulator (see `engine`)
///     engine: scipy
///     command: [../.venv-engines/bin/python, ../engines/scipy_engine.py]
///     methods: [odeint, RK45]
///     record_step: 0.05          # ms: adaptive methods, a row every 0.05 ms, run over the
///     tolerance_ladder: [1e-4, 1e-8]  # tolerances (rtol = atol = eps), or `defaults`: once at
/// ```                            # the simulator's own defaults (rows "scipy:RK45@defaults")
///
/// Unknown keys, models and methods, and out-of-range values are errors that name the file, the
/// place in it and what is allowed; nothing is ignored silently.
public enum SuiteFile {
    public static let schemaVersion = 1

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// The file (as given) and the place in it, e.g. `entries[2].methods[1]`.
        public let file: String
        public let location: String
        public let message: String
        public var description: String { location.isEmpty ? "\(file): \(message)" : "\(file): \(location): \(message)" }
    }

    /// The repository's suite file, relative to the working directory.
    public static let repositorySuitePath = "data/suite.yaml"

    /// The suite a command runs without `--suite`: `data/suite.yaml` when the working directory
    /// has one (a checkout of SynVerify: the built-in suite plus the example specs), else the
    /// built-in suite.
    public static func defaultSuite() throws -> VerificationSuite {
        FileSystem.exists(repositorySuitePath) ? try read(repositorySuitePath) : VerificationSuite.builtIn
    }

    /// The suite in the file at `path`; its `spec:` entries are read relative to it.
    public static func read(_ path: String) throws -> VerificationSuite {
        try parse(FileSystem.readText(path), file: path, readSpec: { path in try FileSystem.readText(path) })
    }

    /// The one way a spec model becomes a suite entry: `settings` (ladders, allowances, methods)
    /// with the model's name and the model itself, found at `path` (as written in the suite).
    public static func entry(for model: SpecModel, path: String, settings: VerificationSuite.Entry)
        -> VerificationSuite.Entry
    {
        var entry = settings
        entry.model = model.name
        entry.custom = .init(path: path, model: model, endTime: model.endTime)
        return entry
    }

    /// A spec's own methods as a suite entry (`verify --report`): each listed method once, a
    /// step ladder halving down to the smallest fixed step listed (the default ladder when none
    /// is), rk8pd when none is listed. GSL steppers run adaptively (the tolerance study); a
    /// fixed-step GSL run has no study and is left out, with a note in `skipped`.
    public static func entry(for spec: SpecFile.Spec, model: SpecModel, path: String)
        -> (entry: VerificationSuite.Entry, skipped: [String])
    {
        var methods: [IntegrationMethod] = []
        var skipped: [String] = []
        for (method, step) in spec.methods where !methods.contains(method) {
            if case .gsl = method, let step {
                skipped.append(
                    "\(path): \(method)@\(step)ms is a fixed-step GSL run; the report studies GSL steppers adaptively "
                        + "and leaves it out")
                continue
            }
            methods.append(method)
        }
        var settings = VerificationSuite.Entry(
            model: model.name, methods: methods.isEmpty ? [.gsl(.rk8pd)] : methods, endTime: model.endTime)
        if let smallest = spec.methods.compactMap(\.fixedStep).min() {
            settings.stepLadder = [8, 4, 2, 1].map { $0 * smallest }
        }
        return (entry(for: model, path: path, settings: settings), skipped)
    }

    /// The suite's identity: the SHA-256 (hex) of every entry's model, spec path, methods, end
    /// time, ladders and allowances in order, so that shares of different suites are never merged.
    public static func identity(of suite: VerificationSuite) -> String {
        var text = "synverify suite 1\n"
        for e in suite.entries {
            let fields: [String] = [
                e.model, e.custom?.path ?? "-", e.methods.map(\.description).joined(separator: ","),
                e.engine.map { $0.name + " " + $0.source.identity } ?? "-", "\(e.engineSchedule)",
                e.endTime.map { "\($0)" } ?? "-", e.stepLadder.map { "\($0)" }.joined(separator: ","),
                e.toleranceLadder.map { "\($0)" }.joined(separator: ","), "\(e.errorGrowthFactor)",
                "\(e.orderTolerance)",
            ]
            text += fields.joined(separator: "|") + "\n"
        }
        return SHA256.hash(data: Array(text.utf8)).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    static let topKeys = ["schema_version", "defaults", "entries", "fi_engines"]
    static let settingKeys = ["step_ladder", "tolerance_ladder", "error_growth_factor", "order_tolerance"]
    static let entryKeys =
        ["model", "spec", "methods", "t_end", "engine", "command", "timeout", "batch", "record_step"] + settingKeys

    /// Parses `text`; `file` names it in errors. `readSpec` reads a spec file named by an
    /// entry's `spec:` (a path relative to the suite file's directory).
    public static func parse(
        _ text: String, file: String, readSpec: (String) throws -> String = { _ in throw SpecUnavailable() }
    ) throws(ParseError) -> VerificationSuite {
        func fail(_ location: String, _ message: String) -> ParseError {
            ParseError(file: file, location: location, message: message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "malformed YAML"
            throw fail("", "malformed YAML: \(first)")
        }
        guard let root, let top = root.mapping else {
            throw fail("", "expected a mapping with keys \(topKeys.joined(separator: ", "))")
        }
        try checkKeys(top, allowed: topKeys, at: "", fail)
        guard let version = top["schema_version"] else {
            throw fail("schema_version", "missing (this version reads \(schemaVersion))")
        }
        guard version.int == schemaVersion else {
            throw fail("schema_version", "'\(version.string ?? "?")' is not supported: allowed \(schemaVersion)")
        }
        var defaults = VerificationSuite.Entry(model: "", methods: [])
        if let node = top["defaults"] {
            guard let mapping = node.mapping else { throw fail("defaults", "expected a mapping") }
            try checkKeys(mapping, allowed: settingKeys, at: "defaults", fail)
            try readSettings(mapping, into: &defaults, at: "defaults", fail)
        }
        guard let entriesNode = top["entries"] else { throw fail("entries", "missing: list the models to run") }
        guard let list = entriesNode.sequence, !list.isEmpty else { throw fail("entries", "expected a non-empty list") }
        var entries: [VerificationSuite.Entry] = []
        // Where each row name comes from: rows of two sources with one name could not be told apart
        // (the baseline and merge key rows by name and method).
        var sources: [String: String] = [:]
        func claim(_ name: String, from source: String, at place: String) throws(ParseError) {
            if let other = sources[name], other != source {
                throw fail(place, "'\(name)' names both \(other) and \(source); give the spec a name of its own")
            }
            sources[name] = source
        }
        for (index, node) in list.enumerated() {
            let at = "entries[\(index)]"
            guard let mapping = node.mapping else {
                throw fail(at, "expected a mapping with keys \(entryKeys.joined(separator: ", "))")
            }
            try checkKeys(mapping, allowed: entryKeys, at: at, fail)
            var entry = defaults
            if let specPath = mapping["spec"]?.scalar?.string {
                guard mapping["model"] == nil else {
                    throw fail(at, "give either model (catalogue) or spec (a spec file), not both")
                }
                let directory = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) + "/" : ""
                let path = specPath.hasPrefix("/") ? specPath : directory + specPath
                let specText: String
                do {
                    specText = try readSpec(path)
                } catch {
                    let reason = (error as? FileSystem.Failure)?.reason ?? "\(error)"
                    throw fail("\(at).spec", "cannot read \(path): \(reason)")
                }
                let spec: SpecFile.Spec
                do { spec = try SpecFile.parse(specText, file: path) } catch {
                    throw fail("\(at).spec", error.description)
                }
                try claim(spec.model.name, from: "the spec \(path)", at: "\(at).spec")
                entry = Self.entry(for: spec.model.compiledNatively(), path: specPath, settings: entry)
                if mapping["engine"] != nil {
                    entry.engine = try engine(mapping, spec: spec, directory: directory, at: at, fail)
                    entry.engineSchedule = try engineSchedule(mapping, at: at, fail)
                }
            } else {
                if mapping["engine"] != nil { throw fail("\(at).engine", "an engine runs a spec: give spec: PATH") }
                if mapping["record_step"] != nil {
                    throw fail("\(at).record_step", "a record step is for an engine's adaptive methods (engine:)")
                }
                if mapping["batch"] != nil { throw fail("\(at).batch", "batch is for an engine's runs (engine:)") }
                guard let name = mapping["model"]?.scalar?.string else {
                    throw fail("\(at).model", "missing: a catalogue model name (or spec: a spec file)")
                }
                let model: ModelEntry
                do {
                    model = try ModelCatalog.entry(named: name)
                } catch {
                    throw fail("\(at).model", error.description)
                }
                try claim(model.name, from: "the catalogue model", at: "\(at).model")
                entry.model = model.name
            }
            guard let methodList = mapping["methods"]?.sequence, !methodList.isEmpty else {
                throw fail(
                    "\(at).methods",
                    "expected a non-empty list of methods (\(IntegrationMethod.allNames.joined(separator: ", ")))")
            }
            entry.methods = []
            for (k, methodNode) in methodList.enumerated() {
                let text = methodNode.scalar?.string ?? ""
                if let engine = entry.engine {
                    // The engine's own method names (Brian2's euler, rk2, rk4, …), checked when it runs.
                    let atDefaults = entry.engineSchedule.isDefaults
                    guard !text.isEmpty, !text.contains("@"),
                        !entry.methods.contains(engine.method(text, atDefaults: atDefaults))
                    else {
                        throw fail("\(at).methods[\(k)]", "expected a method name of \(engine.name), each once")
                    }
                    entry.methods.append(engine.method(text, atDefaults: atDefaults))
                    continue
                }
                guard let method = IntegrationMethod(name: text) else {
                    throw fail(
                        "\(at).methods[\(k)]",
                        "unknown method '\(text)'; known: \(IntegrationMethod.allNames.joined(separator: ", "))")
                }
                guard !entry.methods.contains(method) else {
                    throw fail("\(at).methods[\(k)]", "'\(text)' is listed twice")
                }
                entry.methods.append(method)
            }
            if let node = mapping["t_end"] {
                let value = try quantity(node, .time, at: "\(at).t_end", fail)
                guard value > 0 else { throw fail("\(at).t_end", "\(value) ms is out of range: allowed > 0 ms") }
                entry.endTime = value
            }
            try readSettings(mapping, into: &entry, at: at, defaultsAllowed: entry.engineSchedule.isDefaults, fail)
            entries.append(entry)
        }
        return VerificationSuite(entries: entries, fiEngines: try fiEngines(top["fi_engines"], file: file, fail))
    }

    /// `fi_engines`: simulators that run the seed's f–I experiment (SeedFIExperiment), each
    /// `{engine: NAME, command: [PROGRAM, ARGS...], timeout: SECONDS}` like an entry's engine.
    static func fiEngines(_ node: Node?, file: String, _ fail: (String, String) -> ParseError) throws(ParseError)
        -> [SeedFIExperiment.Engine]
    {
        guard let node else { return [] }
        guard let list = node.sequence else { throw fail("fi_engines", "expected a list of {engine, command}") }
        let directory = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) + "/" : ""
        var engines: [SeedFIExperiment.Engine] = []
        for (index, item) in list.enumerated() {
            let at = "fi_engines[\(index)]"
            guard let mapping = item.mapping else { throw fail(at, "expected a mapping with engine and command") }
            try checkKeys(mapping, allowed: ["engine", "command", "timeout"], at: at, fail)
            let (name, command, timeout) = try program(mapping, directory: directory, at: at, fail)
            engines.append(SeedFIExperiment.Engine(name: name, command: command, timeout: timeout))
        }
        return engines
    }

    /// An `engine:` entry's program: `command` (a list: the program, relative to the suite file's
    /// directory when it has a '/', then its arguments, of which only those starting with ./ or
    /// ../ are paths relative to that directory), `timeout` (seconds per run, default 300) and
    /// `batch` (true: every rung of a row in one process, `--jobs`), running the spec's problem.
    static func engine(
        _ mapping: Node.Mapping, spec: SpecFile.Spec, directory: String, at: String,
        _ fail: (String, String) -> ParseError
    ) throws(ParseError) -> Engine {
        let (name, resolved, timeout) = try program(mapping, directory: directory, at: at, fail)
        let problem: String
        do {
            problem = try ProblemFile.problem(spec).serialized(pretty: true) + "\n"
        } catch {
            throw fail("\(at).engine", "the spec cannot be written as a problem: \(error)")
        }
        var source = CommandEngine(command: resolved, problem: problem, timeout: timeout)
        if let node = mapping["batch"] {
            guard let value = node.scalar.flatMap({ Bool($0.string) }) else {
                throw fail("\(at).batch", "expected true or false")
            }
            source.batch = value
        }
        return Engine(name: name, source: source)
    }

    /// An engine's `engine` (its name), `command` (resolved) and `timeout` (s, default 300).
    static func program(_ mapping: Node.Mapping, directory: String, at: String, _ fail: (String, String) -> ParseError)
        throws(ParseError) -> (name: String, command: [String], timeout: Double)
    {
        guard let name = mapping["engine"]?.scalar?.string, !name.isEmpty,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else {
            throw fail("\(at).engine", "expected the engine's name, e.g. brian2")
        }
        guard let list = mapping["command"]?.sequence, !list.isEmpty,
            let command = Optional(list.compactMap { $0.scalar?.string }), command.count == list.count
        else {
            throw fail("\(at).command", "expected the program and its arguments as a list of strings")
        }
        // Relative to the suite file: the program when it names a path (has a '/'), and an argument
        // only when it is marked as one (starts with ./ or ../); other arguments pass as written
        // (`sh -c "exit $((4/2))"`).
        let resolved = command.enumerated().map { k, item in
            let isPath = k == 0 ? item.contains("/") : (item.hasPrefix("./") || item.hasPrefix("../"))
            return isPath && !item.hasPrefix("/") ? directory + item : item
        }
        var timeout = 300.0
        if let node = mapping["timeout"] {
            timeout = try number(node, at: "\(at).timeout", fail)
            guard timeout > 0 && timeout <= 86_400 else {
                throw fail("\(at).timeout", "\(timeout) s is out of range: allowed 0 < timeout ≤ 86400 s")
            }
        }
        return (name, resolved, timeout)
    }

    /// An engine entry's schedule: `record_step` (ms) makes its methods adaptive, run over the
    /// tolerance ladder, or once at the simulator's defaults with `tolerance_ladder: defaults`.
    static func engineSchedule(_ mapping: Node.Mapping, at: String, _ fail: (String, String) -> ParseError)
        throws(ParseError) -> EngineSchedule
    {
        let atDefaults = mapping["tolerance_ladder"]?.scalar?.string == "defaults"
        guard let node = mapping["record_step"] else {
            if atDefaults {
                throw fail("\(at).tolerance_ladder", "'defaults' needs record_step: the interval (ms) of the rows")
            }
            return .steps
        }
        let step = try quantity(node, .time, at: "\(at).record_step", fail)
        guard step > 0 else { throw fail("\(at).record_step", "\(step) ms is out of range: allowed > 0 ms") }
        if mapping["step_ladder"] != nil {
            throw fail("\(at).step_ladder", "an adaptive engine entry (record_step) runs over tolerance_ladder")
        }
        return atDefaults ? .defaults(recordStep: step) : .tolerances(recordStep: step)
    }

    static func checkKeys(
        _ mapping: Node.Mapping, allowed: [String], at location: String, _ fail: (String, String) -> ParseError
    ) throws(ParseError) {
        for key in mapping.keys {
            let name = key.scalar?.string ?? "?"
            guard allowed.contains(name) else {
                throw fail(location, "unknown key '\(name)'; allowed: \(allowed.joined(separator: ", "))")
            }
        }
    }

    static func readSettings(
        _ mapping: Node.Mapping, into entry: inout VerificationSuite.Entry, at location: String,
        defaultsAllowed: Bool = false, _ fail: (String, String) -> ParseError
    ) throws(ParseError) {
        let prefix = location.isEmpty ? "" : location + "."
        if let node = mapping["step_ladder"] {
            let ladder = try list(node, at: prefix + "step_ladder", fail) { (item, place) throws(ParseError) in
                let value = try quantity(item, .time, at: place, fail)
                guard value > 0 else { throw fail(place, "\(value) ms is out of range: allowed > 0 ms") }
                return value
            }
            entry.stepLadder = ladder
        }
        if let node = mapping["tolerance_ladder"], node.scalar?.string == "defaults" {
            guard defaultsAllowed else {
                throw fail(
                    prefix + "tolerance_ladder", "'defaults' is for an engine entry with record_step, not here")
            }
        } else if let node = mapping["tolerance_ladder"] {
            entry.toleranceLadder = try list(node, at: prefix + "tolerance_ladder", fail) {
                (item, place) throws(ParseError) in
                let value = try number(item, at: place, fail)
                guard value > 0 && value < 1 else { throw fail(place, "\(value) is out of range: allowed 0 < eps < 1") }
                return value
            }
        }
        if let node = mapping["error_growth_factor"] {
            let value = try number(node, at: prefix + "error_growth_factor", fail)
            let allowed = RegressionGate.errorGrowthFactors
            guard allowed.contains(value) else {
                throw fail(
                    prefix + "error_growth_factor",
                    "\(value) is out of range: allowed \(allowed.lowerBound) … \(allowed.upperBound)")
            }
            entry.errorGrowthFactor = value
        }
        if let node = mapping["order_tolerance"] {
            let value = try number(node, at: prefix + "order_tolerance", fail)
            let allowed = RegressionGate.orderTolerances
            guard allowed.contains(value) else {
                throw fail(
                    prefix + "order_tolerance",
                    "\(value) is out of range: allowed \(allowed.lowerBound) … \(allowed.upperBound)")
            }
            entry.orderTolerance = value
        }
    }

    /// A list of at least two values.
    static func list(
        _ node: Node, at location: String, _ fail: (String, String) -> ParseError,
        _ item: (Node, String) throws(ParseError) -> Double
    ) throws(ParseError) -> [Double] {
        guard let sequence = node.sequence, sequence.count >= 2 else {
            throw fail(location, "expected a list of at least two values")
        }
        var values: [Double] = []
        for (k, element) in sequence.enumerated() {
            values.append(try item(element, "\(location)[\(k)]"))
        }
        return values
    }

    /// A plain finite number (YAML's `1e-4` included, which YAML 1.1 would read as a string).
    static func number(_ node: Node, at location: String, _ fail: (String, String) -> ParseError) throws(ParseError)
        -> Double
    {
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
            throw fail(location, "expected a finite number, found '\(node.scalar?.string ?? "a list or mapping")'")
        }
        return value
    }

    /// A number in the internal unit of `dimension`, or with a unit suffix.
    static func quantity(
        _ node: Node, _ dimension: Dimension, at location: String, _ fail: (String, String) -> ParseError
    ) throws(ParseError) -> Double {
        guard let text = node.scalar?.string else { throw fail(location, "expected a value, found a list or mapping") }
        do {
            return try Quantity.parse(text, as: dimension, for: location)
        } catch {
            throw fail(location, error.description)
        }
    }
}

/// Thrown by the default spec reader: a suite parsed without file access cannot name specs.
public struct SpecUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "spec files cannot be read here" }
}

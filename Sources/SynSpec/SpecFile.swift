import SynIntegrators
import SynKernels
import SynModels
import SynSystem
import Yams

/// Reads a spec file (YAML) into a `SpecModel`:
///
/// ```yaml
/// name: my_dual_exp
/// description: Dual-exponential conductance, peak-normalised
/// equations: |
///   dg/dt = (k*x - g)/tau_1 : nS
///   dx/dt = -x/tau_2        : nS
/// parameters:
///   tau_1: 8 ms
///   tau_2: 60 ms
///   k: (tau_2/tau_1)**(tau_1/(tau_2 - tau_1))
///   w: 100 nS
/// on_spike: x += w
/// spikes: [0 ms, 100 ms]
/// closed_form:
///   g: w * k*tau_2/(tau_2 - tau_1) * (exp(-t/tau_2) - exp(-t/tau_1))
///   superpose: true
/// expect:
///   peak: {variable: g, time: tau_1*tau_2/(tau_2 - tau_1)*log(tau_2/tau_1), value: w}
/// t_end: 500 ms
/// methods: [rk8pd, rkf45, msbdf, rk4@0.1ms, euler@0.1ms]
/// ```
///
/// Parameters are a number with a unit name (`8 ms`; a bare number is dimensionless) or an
/// expression of other parameters. Every error names the file, line and column.
///
/// Optional keys: `initial` (state at t = 0, default 0); `input`, named inputs the equations may
/// read — `I: {step: 100 pA, from: 0 ms, to: 100 ms}` (`from` defaults to 0, `to` to never),
/// `T: {pulse: 0.5 mM, duration: 0.5 ms}` (after each presynaptic spike, restarted by a spike
/// inside a pulse), `I_s: {sine: 50 pA, frequency: 10 Hz, phase: 0, offset: 0 pA}` (phase in
/// radians); `threshold: u > u_th` with `reset: u = u_reset` and `refractory: 2 ms` (default 0);
/// `expect: {rate: …}`, the claimed steady firing rate (an expression of the parameters, a
/// frequency); `reference: numeric` in place of `closed_form`, to verify against a tight
/// reference solve (rk8pd at 1e-13, cross-checked); `pathways` in place of `spikes` and
/// `on_spike`: `{exc: {spikes: [10 ms], on_spike: g_e += w_e}, inh: {…}}`, each train with its
/// own statements (a superposed closed form sums the spikes of the pathways that change its
/// variable, or all spikes when none does).
public enum SpecFile {
    /// A spec ready to verify: the model, and the methods it lists with their fixed steps (ms).
    public struct Spec: Sendable {
        public let model: SpecModel
        public let description: String
        public let methods: [(method: IntegrationMethod, fixedStep: Double?)]
    }

    public struct SpecError: Error, Equatable, CustomStringConvertible {
        public let file: String
        public let location: SpecLocation?
        public let message: String
        public var description: String { location.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
    }

    /// The spec in the file at `path`.
    public static func read(_ path: String) throws -> Spec {
        try parse(FileSystem.readText(path), file: path)
    }

    /// Parses a spec's text; `file` names it in errors (`file:line:column: message`). Each
    /// section has its own parser in `SpecReader`, run in the order in which the sections build
    /// on each other.
    public static func parse(_ text: String, file: String) throws(SpecError) -> Spec {
        guard text.utf8.count <= 1 << 20 else {
            throw SpecError(file: file, location: nil, message: "larger than 1 MiB; a spec is a short text file")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "malformed YAML"
            let (location, message) = yamlLocation(first)
            throw SpecError(file: file, location: location, message: "malformed YAML: \(message)")
        }
        var reader = try SpecReader(root: root, text: text, file: file)
        return try reader.read()
    }

    /// Yams reports "LINE:COLUMN: error: what"; the place as a location, so that the error reads
    /// `file:line:column: malformed YAML: what` like every other error in a spec.
    static func yamlLocation(_ text: String) -> (SpecLocation?, String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) else { return (nil, text) }
        var rest = String(parts[2]).trimmingCharacters(in: " ")
        if rest.hasPrefix("error: ") { rest.removeFirst("error: ".count) }
        return (SpecLocation(line: line, column: column), rest)
    }

    /// "8 ms", "100 nS", "-65 mV", "0.98 1/(mM*ms)", "0.5": a number and an optional unit
    /// (`SpecUnit.parse`).
    static func quantity(_ text: String) -> (Double, SpecUnit)? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first, let value = Double(first), value.isFinite else { return nil }
        if parts.count == 1 { return (value, SpecUnit.named("1")!) }
        return SpecUnit.parse(parts[1].trimmingCharacters(in: " ")).map { (value, $0) }
    }

    /// A quantity written with or without a space before its unit (`0.1ms`, `1e-2 ms`, `50us`):
    /// the longest leading number, then the unit.
    static func compactQuantity(_ text: String) -> (Double, SpecUnit)? {
        let trimmed = text.trimmingCharacters(in: " ")
        var split = trimmed.startIndex
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            index = trimmed.index(after: index)
            if Double(trimmed[..<index]) != nil { split = index }
        }
        guard split > trimmed.startIndex else { return nil }
        let unit = String(trimmed[split...]).trimmingCharacters(in: " ")
        return quantity(unit.isEmpty ? String(trimmed[..<split]) : "\(trimmed[..<split]) \(unit)")
    }

    /// The unit text of "number unit" when that unit is unknown (nil for anything else,
    /// including expressions such as `2 * tau`).
    static func unknownUnit(_ text: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2, Double(parts[0]) != nil, (try? ExpressionParser.parse(text)) == nil else { return nil }
        let unit = parts[1].trimmingCharacters(in: " ")
        return SpecUnit.parse(unit) == nil ? unit : nil
    }
}

extension SpecExpression {
    /// Identifiers that appear directly as a divisor (`… / name`).
    var divisors: [String] {
        switch self {
        case .number, .identifier: return []
        case .negate(let a): return a.divisors
        case .binary(let op, let a, let b):
            var found = a.divisors + b.divisors
            if op == .divide, case .identifier(let name) = b { found.append(name) }
            return found
        case .call(_, let args): return args.flatMap(\.divisors)
        }
    }
}

import SynIntegrators
import SynKernels
import SynModels
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

    static let keys = ["name", "description", "equations", "parameters", "initial", "on_spike", "spikes", "closed_form", "expect",
                       "t_end", "methods", "known_wrong"]

    public static func parse(_ text: String, file: String) throws(SpecError) -> Spec {
        func fail(_ location: SpecLocation?, _ message: String) -> SpecError { SpecError(file: file, location: location, message: message) }
        func mark(_ node: Node) -> SpecLocation? { node.mark.map { SpecLocation(line: $0.line, column: $0.column) } }
        func wrap<T>(_ body: () throws(ExpressionError) -> T) throws(SpecError) -> T {
            do { return try body() } catch { throw fail(error.location, error.message) }
        }
        /// Where a scalar's text starts: plain scalars at their mark, quoted ones one later,
        /// block scalars (|) at the first non-blank line after the indicator.
        func start(_ node: Node) -> SpecLocation {
            guard let m = node.mark else { return SpecLocation(line: 1, column: 1) }
            switch node.scalar?.style {
            case .singleQuoted?, .doubleQuoted?: return SpecLocation(line: m.line, column: m.column + 1)
            case .literal?, .folded?:
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                var line = m.line  // 1-based; the indicator's line
                while line < lines.count {
                    let content = lines[line]
                    if let first = content.firstIndex(where: { $0 != " " }) {
                        return SpecLocation(line: line + 1, column: content.distance(from: content.startIndex, to: first) + 1)
                    }
                    line += 1
                }
                return SpecLocation(line: m.line, column: m.column)
            default: return SpecLocation(line: m.line, column: m.column)
            }
        }
        guard text.utf8.count <= 1 << 20 else { throw fail(nil, "larger than 1 MiB; a spec is a short text file") }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "malformed YAML"
            throw fail(nil, "malformed YAML: \(first)")
        }
        guard let root, let top = root.mapping else { throw fail(nil, "expected a mapping with keys \(keys.joined(separator: ", "))") }
        for key in top.keys where !keys.contains(key.string ?? "") {
            throw fail(mark(key), "unknown key '\(key.string ?? "?")'; allowed: \(keys.joined(separator: ", "))")
        }
        guard let name = top["name"]?.string, EquationSet.isIdentifier(name) || name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail(mark(root), "'name' is missing or not a name")
        }
        guard let equationsNode = top["equations"], let equationsText = equationsNode.string else {
            throw fail(mark(root), "'equations' is missing: give 'dX/dt = expression : unit' lines")
        }
        let equations = try wrap { () throws(ExpressionError) in try EquationSet.parse(equationsText, start: start(equationsNode)) }
        let states = equations.differentials.map(\.name)

        // Parameters: quantities first, then expressions in dependency order.
        var values: [String: Double] = [:], dimensions: [String: SpecDimension] = [:]
        var pending: [(String, SpecExpression, [String: SpecLocation], SpecLocation)] = []
        if let node = top["parameters"] {
            guard let mapping = node.mapping else { throw fail(mark(node), "'parameters' must be a mapping name: value") }
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, EquationSet.isIdentifier(key) else { throw fail(mark(keyNode), "parameter names must be identifiers") }
                guard !states.contains(key), key != "t" else { throw fail(mark(keyNode), "'\(key)' is a state variable or the time, not a parameter") }
                guard let text = valueNode.string else { throw fail(mark(valueNode), "parameter '\(key)': expected a value") }
                let words = text.split(separator: " ")
                if words.count == 2, Double(words[0]) != nil, SpecUnit.named(String(words[1])) == nil {
                    throw fail(start(valueNode), "parameter '\(key)': unknown unit '\(words[1])'; known: \(SpecUnit.named.map(\.0).joined(separator: ", "))")
                }
                if let (value, unit) = quantity(text) {
                    values[key] = value * unit.scale
                    dimensions[key] = unit.dimension
                } else {
                    let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: start(valueNode)) }
                    pending.append((key, parsed.expression, parsed.identifierLocations, start(valueNode)))
                }
            }
        }
        var progress = true
        while !pending.isEmpty && progress {
            progress = false
            for (k, item) in pending.enumerated().reversed() where item.1.identifiers.allSatisfy({ values[$0] != nil }) {
                switch item.1.dimension({ dimensions[$0] }) {
                case let .failure(mismatch): throw fail(item.3, "parameter '\(item.0)': \(mismatch.message)")
                case let .success(d): dimensions[item.0] = d
                }
                let value = item.1.evaluate { values[$0] } ?? .nan
                guard value.isFinite else { throw fail(item.3, "parameter '\(item.0)' = \(item.1) is not finite (\(value))") }
                values[item.0] = value
                pending.remove(at: k)
                progress = true
            }
        }
        if let (key, expression, locations, location) = pending.first {
            let unknown = expression.identifiers.first { values[$0] == nil && !pending.map(\.0).contains($0) }
            if let unknown {
                let suggestion = EquationSet.closest(to: unknown, in: Array(values.keys) + pending.map(\.0)).map { " (did you mean '\($0)'?)" } ?? ""
                throw fail(locations[unknown] ?? location, "unknown identifier '\(unknown)'\(suggestion)")
            }
            throw fail(location, "parameter '\(key)' depends on itself through \(pending.map(\.0).sorted().joined(separator: ", "))")
        }
        try wrap { () throws(ExpressionError) in try equations.checkDimensions(parameters: dimensions) }
        // Divisions by a parameter that is zero.
        for e in equations.differentials + equations.subexpressions {
            if let zero = e.expression.divisors.first(where: { values[$0] == 0 }) {
                throw fail(e.identifierLocations[zero] ?? e.location, "division by parameter '\(zero)', which is 0")
            }
        }
        var known = dimensions
        known["t"] = .time
        for e in equations.differentials + equations.subexpressions { known[e.name] = e.unit.dimension }

        // Initial state (default 0), spikes, end time.
        var initial = [Double](repeating: 0, count: states.count)
        if let node = top["initial"] {
            guard let mapping = node.mapping else { throw fail(mark(node), "'initial' must be a mapping variable: value") }
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, let i = states.firstIndex(of: key) else { throw fail(mark(keyNode), "'initial': '\(keyNode.string ?? "?")' is not a state variable (\(states.joined(separator: ", ")))") }
                guard let text = valueNode.string, let (value, unit) = quantity(text), unit.dimension == equations.differentials[i].unit.dimension else {
                    throw fail(mark(valueNode), "initial \(key): expected a value in \(equations.differentials[i].unitName)")
                }
                initial[i] = value * unit.scale
            }
        }
        var spikes: [Double] = []
        if let node = top["spikes"] {
            guard let list = node.sequence else { throw fail(mark(node), "'spikes' must be a list of times, e.g. [0 ms, 100 ms]") }
            for item in list {
                guard let text = item.string, let (value, unit) = quantity(text), unit.dimension == .time, value * unit.scale >= 0 else {
                    throw fail(mark(item), "spike time '\(item.string ?? "?")': expected a time ≥ 0 with its unit, e.g. 10 ms")
                }
                spikes.append(value * unit.scale)
            }
            guard spikes == spikes.sorted() else { throw fail(mark(node), "spike times must be in increasing order") }
        }
        var endTime = 100.0
        if let node = top["t_end"] {
            guard let text = node.string, let (value, unit) = quantity(text), unit.dimension == .time, value > 0 else {
                throw fail(mark(node), "'t_end': expected a time > 0 with its unit, e.g. 500 ms")
            }
            endTime = value * unit.scale
        }

        // on_spike statements: "x += w; y = 0" or one per line.
        var onSpike: [(target: String, expression: SpecExpression)] = []
        if let node = top["on_spike"] {
            guard let text = node.string else { throw fail(mark(node), "'on_spike' must be statements like 'x += w'") }
            let origin = start(node)
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for statement in line.split(separator: ";") where !statement.allSatisfy({ $0 == " " }) {
                    let at = SpecLocation(line: origin.line + offset, column: offset == 0 ? origin.column : 1)
                    let s = String(statement)
                    let isIncrement = s.contains("+=")
                    let parts = s.components(separatedBy: isIncrement ? "+=" : "=")
                    guard parts.count == 2 else { throw fail(at, "'\(s)': expected 'x += expression' or 'x = expression'") }
                    let target = parts[0].trimmingCharacters(in: " ")
                    guard let i = states.firstIndex(of: target) else { throw fail(at, "on_spike: '\(target)' is not a state variable (\(states.joined(separator: ", ")))") }
                    let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(parts[1], at: at) }
                    let expected = equations.differentials[i].unit.dimension
                    switch parsed.expression.dimension({ known[$0] }) {
                    case let .failure(m): throw fail(at, "on_spike '\(s)': \(m.message)")
                    case let .success(d) where d != expected:
                        throw fail(at, "on_spike '\(s)': the value has dimension \(d), but \(target) is in \(equations.differentials[i].unitName)")
                    default: break
                    }
                    onSpike.append((target, isIncrement ? .binary(.add, .identifier(target), parsed.expression) : parsed.expression))
                }
            }
        }

        // Closed forms and expectations: expressions of t and the parameters.
        var closedForms: [String: SpecExpression] = [:]
        var superpose = false
        var parameterDimensions = dimensions
        parameterDimensions["t"] = .time
        func timeExpression(_ node: Node, _ what: String, dimension expected: SpecDimension) throws(SpecError) -> SpecExpression {
            guard let text = node.string else { throw fail(mark(node), "\(what): expected an expression") }
            let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: start(node)) }
            switch parsed.expression.dimension({ parameterDimensions[$0] }) {
            case let .failure(m):
                if let unknown = parsed.expression.identifiers.first(where: { parameterDimensions[$0] == nil }) {
                    let suggestion = EquationSet.closest(to: unknown, in: Array(parameterDimensions.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail(parsed.identifierLocations[unknown], "\(what): unknown identifier '\(unknown)'\(suggestion) (closed forms use t and the parameters)")
                }
                throw fail(start(node), "\(what): \(m.message)")
            case let .success(d) where d != expected:
                throw fail(start(node), "\(what) has dimension \(d), expected \(expected)")
            default: return parsed.expression
            }
        }
        if let node = top["closed_form"] {
            guard let mapping = node.mapping else { throw fail(mark(node), "'closed_form' must map variables to expressions of t") }
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? "?"
                if key == "superpose" {
                    guard let flag = valueNode.bool else { throw fail(mark(valueNode), "superpose: expected true or false") }
                    superpose = flag
                    continue
                }
                guard let i = states.firstIndex(of: key) else { throw fail(mark(keyNode), "closed_form: '\(key)' is not a state variable (\(states.joined(separator: ", ")))") }
                closedForms[key] = try timeExpression(valueNode, "closed form of \(key)", dimension: equations.differentials[i].unit.dimension)
            }
        }
        var peak: Peak?
        if let node = top["expect"] {
            guard let mapping = node.mapping, let p = mapping["peak"], let pm = p.mapping,
                  let variable = pm["variable"]?.string, let timeNode = pm["time"], let valueNode = pm["value"] else {
                throw fail(mark(node), "expect: give peak: {variable: …, time: …, value: …}")
            }
            guard let i = states.firstIndex(of: variable), i == 0 else {
                throw fail(mark(p), "expect.peak.variable must be the first state variable (\(states.first ?? ""))")
            }
            let time = try timeExpression(timeNode, "expected peak time", dimension: .time).evaluate { values[$0] } ?? .nan
            let value = try timeExpression(valueNode, "expected peak value", dimension: equations.differentials[i].unit.dimension).evaluate { values[$0] } ?? .nan
            guard time.isFinite, value.isFinite else { throw fail(mark(p), "expected peak time or value is not finite") }
            peak = Peak(time: time, value: value)
        }
        var knownWrong: KnownWrongClaim?
        if let node = top["known_wrong"] {
            guard let claim = node["claim"]?.string, let correction = node["correction"]?.string else {
                throw fail(mark(node), "known_wrong: give claim and correction")
            }
            knownWrong = KnownWrongClaim(claim: claim, correction: correction, correctModel: node["correct_model"]?.string ?? "")
        }

        var methods: [(IntegrationMethod, Double?)] = []
        if let node = top["methods"] {
            guard let list = node.sequence, !list.isEmpty else { throw fail(mark(node), "'methods' must be a non-empty list") }
            for item in list {
                let text = item.string ?? ""
                let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
                guard let method = IntegrationMethod(name: parts.first ?? "") else {
                    throw fail(mark(item), "unknown method '\(parts.first ?? "")'; known: \(IntegrationMethod.allNames.joined(separator: ", "))")
                }
                var step: Double?
                if parts.count == 2 {
                    guard let (value, unit) = quantity(parts[1].replacingOccurrences(of: "ms", with: " ms").replacingOccurrences(of: "us", with: " us")),
                          unit.dimension == .time, value > 0 else {
                        throw fail(mark(item), "'\(text)': the step after @ must be a time > 0, e.g. rk4@0.1ms")
                    }
                    step = value * unit.scale
                } else if case .simulator = method {
                    throw fail(mark(item), "'\(text)': a simulator method needs its step, e.g. \(text)@0.1ms")
                }
                methods.append((method, step))
            }
        }
        let model = SpecModel(name: name, equations: equations, constants: values, initialState: initial, spikeTimes: spikes, endTime: endTime,
                              onSpike: onSpike, closedForms: closedForms, superpose: superpose, peak: peak, knownWrong: knownWrong)
        return Spec(model: model, description: top["description"]?.string ?? "", methods: methods)
    }

    /// "8 ms", "100 nS", "-65 mV", "0.5": a number and an optional unit name.
    static func quantity(_ text: String) -> (Double, SpecUnit)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if parts.count == 1, let value = Double(parts[0]), value.isFinite { return (value, SpecUnit.named("1")!) }
        if parts.count == 2, let value = Double(parts[0]), value.isFinite, let unit = SpecUnit.named(parts[1]) { return (value, unit) }
        return nil
    }
}

extension SpecExpression {
    /// Identifiers that appear directly as a divisor (`… / name`).
    var divisors: [String] {
        switch self {
        case .number, .identifier: return []
        case let .negate(a): return a.divisors
        case let .binary(op, a, b):
            var found = a.divisors + b.divisors
            if op == .divide, case let .identifier(name) = b { found.append(name) }
            return found
        case let .call(_, args): return args.flatMap(\.divisors)
        }
    }
}

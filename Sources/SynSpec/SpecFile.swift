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
/// reference solve (rk8pd at 1e-13, cross-checked).
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

    static let keys = [
        "name", "description", "equations", "parameters", "initial", "input", "on_spike", "spikes", "threshold",
        "reset",
        "refractory", "closed_form", "reference", "expect", "t_end", "methods", "known_wrong",
    ]

    /// The spec in the file at `path`.
    public static func read(_ path: String) throws -> Spec {
        try parse(FileSystem.readText(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws(SpecError) -> Spec {
        func fail(_ location: SpecLocation?, _ message: String) -> SpecError {
            SpecError(file: file, location: location, message: message)
        }
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
                        return SpecLocation(
                            line: line + 1, column: content.distance(from: content.startIndex, to: first) + 1)
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
        guard let root, let top = root.mapping else {
            throw fail(nil, "expected a mapping with keys \(keys.joined(separator: ", "))")
        }
        for key in top.keys where !keys.contains(key.string ?? "") {
            throw fail(mark(key), "unknown key '\(key.string ?? "?")'; allowed: \(keys.joined(separator: ", "))")
        }
        guard let name = top["name"]?.string,
            EquationSet.isIdentifier(name) || name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw fail(mark(root), "'name' is missing or not a name")
        }
        guard let equationsNode = top["equations"], let equationsText = equationsNode.string else {
            throw fail(mark(root), "'equations' is missing: give 'dX/dt = expression : unit' lines")
        }
        let equations = try wrap { () throws(ExpressionError) in
            try EquationSet.parse(equationsText, start: start(equationsNode))
        }
        let states = equations.differentials.map(\.name)

        // Parameters: quantities first, then expressions in dependency order.
        var values: [String: Double] = [:]
        var dimensions: [String: SpecDimension] = [:]
        var pending: [(String, SpecExpression, [String: SpecLocation], SpecLocation)] = []
        if let node = top["parameters"] {
            guard let mapping = node.mapping else {
                throw fail(mark(node), "'parameters' must be a mapping name: value")
            }
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, EquationSet.isIdentifier(key) else {
                    throw fail(mark(keyNode), "parameter names must be identifiers")
                }
                guard !states.contains(key), key != "t" else {
                    throw fail(mark(keyNode), "'\(key)' is a state variable or the time, not a parameter")
                }
                guard let text = valueNode.string else {
                    throw fail(mark(valueNode), "parameter '\(key)': expected a value")
                }
                if let unit = unknownUnit(text) {
                    throw fail(
                        start(valueNode), "parameter '\(key)': unknown unit '\(unit)'; known: \(SpecUnit.knownUnits)")
                }
                if let (value, unit) = quantity(text) {
                    values[key] = value * unit.scale
                    dimensions[key] = unit.dimension
                } else {
                    let parsed = try wrap { () throws(ExpressionError) in
                        try ExpressionParser.parse(text, at: start(valueNode))
                    }
                    pending.append((key, parsed.expression, parsed.identifierLocations, start(valueNode)))
                }
            }
        }
        var progress = true
        while !pending.isEmpty && progress {
            progress = false
            for (k, item) in pending.enumerated().reversed() where item.1.identifiers.allSatisfy({ values[$0] != nil })
            {
                switch item.1.dimension({ dimensions[$0] }) {
                case .failure(let mismatch): throw fail(item.3, "parameter '\(item.0)': \(mismatch.message)")
                case .success(let d): dimensions[item.0] = d
                }
                let value = item.1.evaluate { values[$0] } ?? .nan
                guard value.isFinite else {
                    throw fail(item.3, "parameter '\(item.0)' = \(item.1) is not finite (\(value))")
                }
                values[item.0] = value
                pending.remove(at: k)
                progress = true
            }
        }
        if let (key, expression, locations, location) = pending.first {
            let unknown = expression.identifiers.first { values[$0] == nil && !pending.map(\.0).contains($0) }
            if let unknown {
                let suggestion =
                    EquationSet.closest(to: unknown, in: Array(values.keys) + pending.map(\.0)).map {
                        " (did you mean '\($0)'?)"
                    } ?? ""
                throw fail(locations[unknown] ?? location, "unknown identifier '\(unknown)'\(suggestion)")
            }
            throw fail(
                location,
                "parameter '\(key)' depends on itself through \(pending.map(\.0).sorted().joined(separator: ", "))")
        }
        var spikes: [Double] = []
        if let node = top["spikes"] {
            guard let list = node.sequence else {
                throw fail(mark(node), "'spikes' must be a list of times, e.g. [0 ms, 100 ms]")
            }
            for item in list {
                guard let text = item.string, let (value, unit) = quantity(text), unit.dimension == .time,
                    value * unit.scale >= 0
                else {
                    throw fail(
                        mark(item), "spike time '\(item.string ?? "?")': expected a time ≥ 0 with its unit, e.g. 10 ms")
                }
                spikes.append(value * unit.scale)
            }
            guard spikes == spikes.sorted() else { throw fail(mark(node), "spike times must be in increasing order") }
        }

        /// A value fixed before the solve: a quantity (`100 pA`) or an expression of the
        /// parameters, with its dimension (checked against `expected` when given).
        func constant(_ text: String, at location: SpecLocation, _ what: String, _ expected: SpecDimension? = nil)
            throws(SpecError) -> (Double, SpecDimension)
        {
            if let unit = unknownUnit(text) {
                throw fail(location, "\(what): unknown unit '\(unit)'; known: \(SpecUnit.knownUnits)")
            }
            var result: (Double, SpecDimension)
            if let (value, unit) = quantity(text) {
                result = (value * unit.scale, unit.dimension)
            } else {
                let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: location) }
                if let unknown = parsed.expression.identifiers.first(where: { values[$0] == nil }) {
                    let suggestion =
                        EquationSet.closest(to: unknown, in: Array(values.keys)).map { " (did you mean '\($0)'?)" }
                        ?? ""
                    throw fail(
                        parsed.identifierLocations[unknown] ?? location,
                        "\(what): unknown identifier '\(unknown)'\(suggestion) (use numbers with units and parameters)")
                }
                switch parsed.expression.dimension({ dimensions[$0] }) {
                case .failure(let m): throw fail(location, "\(what): \(m.message)")
                case .success(let d): result = (parsed.expression.evaluate { values[$0] } ?? .nan, d)
                }
            }
            if let expected, result.1 != expected {
                throw fail(location, "\(what) has dimension \(result.1), expected \(expected)")
            }
            guard result.0.isFinite else { throw fail(location, "\(what) is not finite (\(result.0))") }
            return result
        }
        func constant(_ node: Node, _ what: String, _ expected: SpecDimension? = nil) throws(SpecError) -> (
            Double, SpecDimension
        ) {
            guard let text = node.string else { throw fail(mark(node), "\(what): expected a value") }
            return try constant(text, at: start(node), what, expected)
        }

        // Inputs: piecewise-constant signals and sines, named like parameters.
        var extras = SpecModel.Extras()
        extras.documentation.summary = top["description"]?.string ?? ""
        extras.documentation.equations = equationsText.split(separator: "\n").map {
            String($0).trimmingCharacters(in: " \t\r")
        }.filter { !$0.isEmpty }
        for (keyNode, valueNode) in top["parameters"]?.mapping ?? [:] {
            guard let key = keyNode.string, let value = values[key] else { continue }
            extras.documentation.parameters.append(
                (key, value, dimensions[key]?.description ?? "1", valueNode.string ?? ""))
        }
        var inputDimensions: [String: SpecDimension] = [:]
        if let node = top["input"] {
            guard let mapping = node.mapping else {
                throw fail(mark(node), "'input' must map names to {step: …}, {pulse: …} or {sine: …}")
            }
            let allowed = ["step": ["from", "to"], "pulse": ["duration"], "sine": ["frequency", "phase", "offset"]]
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, EquationSet.isIdentifier(key) else {
                    throw fail(mark(keyNode), "input names must be identifiers")
                }
                guard !states.contains(key), key != "t", values[key] == nil, inputDimensions[key] == nil else {
                    throw fail(
                        mark(keyNode), "input '\(key)' is already a state variable, parameter, input or the time")
                }
                let fields = valueNode.mapping.map { Array($0.keys.compactMap(\.string)) } ?? []
                let kinds = fields.filter { allowed[$0] != nil }
                guard let fieldMap = valueNode.mapping, kinds.count == 1, let kind = kinds.first else {
                    throw fail(
                        mark(valueNode),
                        "input '\(key)': give exactly one of step, pulse, sine, e.g. {step: 100 pA, from: 0 ms, to: "
                            + "100 ms}"
                    )
                }
                for field in fields where field != kind && !(allowed[kind] ?? []).contains(field) {
                    throw fail(
                        mark(valueNode),
                        "input '\(key)': unknown field '\(field)' for a \(kind); allowed: "
                            + "\((allowed[kind] ?? []).joined(separator: ", "))"
                    )
                }
                let (amplitude, dimension) = try constant(fieldMap[kind]!, "input \(key): \(kind)")
                func field(_ name: String, _ d: SpecDimension, default value: Double?) throws(SpecError) -> Double {
                    guard let n = fieldMap[name] else {
                        guard let value else {
                            throw fail(mark(valueNode), "input '\(key)': a \(kind) needs '\(name)'")
                        }
                        return value
                    }
                    return try constant(n, "input \(key): \(name)", d).0
                }
                switch kind {
                case "step":
                    let from = try field("from", .time, default: 0)
                    let to = try field("to", .time, default: .infinity)
                    guard from >= 0, to > from else {
                        throw fail(
                            mark(valueNode), "input '\(key)': a step needs 0 ≤ from < to (from \(from) ms, to \(to) ms)"
                        )
                    }
                    extras.signals.append((key, .step(amplitude, from: from, to: to)))
                case "pulse":
                    let duration = try field("duration", .time, default: nil)
                    guard duration > 0 else {
                        throw fail(
                            mark(valueNode), "input '\(key)': the pulse duration must be > 0 ms (got \(duration))")
                    }
                    extras.signals.append((key, .pulses(amplitude, duration: duration, after: spikes)))
                default:
                    let frequency = try field("frequency", .frequency, default: nil)
                    let phase = try field("phase", .dimensionless, default: 0)
                    let offset = try field("offset", dimension, default: 0)
                    // offset + amplitude·sin(2π·f·t + phase), f in 1/ms.
                    let angle = SpecExpression.binary(
                        .add, .binary(.multiply, .number(2 * Double.pi * frequency), .identifier("t")), .number(phase))
                    extras.smoothInputs[key] = .binary(
                        .add, .number(offset), .binary(.multiply, .number(amplitude), .call(.sin, [angle])))
                }
                inputDimensions[key] = dimension
            }
        }
        try wrap { () throws(ExpressionError) in
            try equations.checkDimensions(parameters: dimensions.merging(inputDimensions) { a, _ in a })
        }
        // Divisions by a parameter that is zero.
        for e in equations.differentials + equations.subexpressions {
            if let zero = e.expression.divisors.first(where: { values[$0] == 0 }) {
                throw fail(e.identifierLocations[zero] ?? e.location, "division by parameter '\(zero)', which is 0")
            }
        }
        var known = dimensions.merging(inputDimensions) { a, _ in a }
        known["t"] = .time
        for e in equations.differentials + equations.subexpressions { known[e.name] = e.unit.dimension }

        // Initial state (default 0), spikes, end time.
        var initial = [Double](repeating: 0, count: states.count)
        if let node = top["initial"] {
            guard let mapping = node.mapping else {
                throw fail(mark(node), "'initial' must be a mapping variable: value")
            }
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.string, let i = states.firstIndex(of: key) else {
                    throw fail(
                        mark(keyNode),
                        "'initial': '\(keyNode.string ?? "?")' is not a state variable "
                            + "(\(states.joined(separator: ", ")))"
                    )
                }
                initial[i] = try constant(
                    valueNode, "initial \(key) (in \(equations.differentials[i].unitName))",
                    equations.differentials[i].unit.dimension
                ).0
            }
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
                    guard parts.count == 2 else {
                        throw fail(at, "'\(s)': expected 'x += expression' or 'x = expression'")
                    }
                    let target = parts[0].trimmingCharacters(in: " ")
                    guard let i = states.firstIndex(of: target) else {
                        throw fail(
                            at, "on_spike: '\(target)' is not a state variable (\(states.joined(separator: ", ")))")
                    }
                    let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(parts[1], at: at) }
                    let expected = equations.differentials[i].unit.dimension
                    switch parsed.expression.dimension({ known[$0] }) {
                    case .failure(let m): throw fail(at, "on_spike '\(s)': \(m.message)")
                    case .success(let d) where d != expected:
                        throw fail(
                            at,
                            "on_spike '\(s)': the value has dimension \(d), but \(target) "
                                + "is in \(equations.differentials[i].unitName)"
                        )
                    default: break
                    }
                    onSpike.append(
                        (
                            target,
                            isIncrement ? .binary(.add, .identifier(target), parsed.expression) : parsed.expression
                        ))
                }
            }
        }

        // Closed forms and expectations: expressions of t and the parameters.
        var closedForms: [String: SpecExpression] = [:]
        var superpose = false
        var parameterDimensions = dimensions
        parameterDimensions["t"] = .time
        func timeExpression(_ node: Node, _ what: String, dimension expected: SpecDimension) throws(SpecError)
            -> SpecExpression
        {
            guard let text = node.string else { throw fail(mark(node), "\(what): expected an expression") }
            let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: start(node)) }
            switch parsed.expression.dimension({ parameterDimensions[$0] }) {
            case .failure(let m):
                if let unknown = parsed.expression.identifiers.first(where: { parameterDimensions[$0] == nil }) {
                    let suggestion =
                        EquationSet.closest(to: unknown, in: Array(parameterDimensions.keys)).map {
                            " (did you mean '\($0)'?)"
                        } ?? ""
                    throw fail(
                        parsed.identifierLocations[unknown],
                        "\(what): unknown identifier '\(unknown)'\(suggestion) (closed forms use t and the parameters)")
                }
                throw fail(start(node), "\(what): \(m.message)")
            case .success(let d) where d != expected:
                throw fail(start(node), "\(what) has dimension \(d), expected \(expected)")
            default: return parsed.expression
            }
        }
        if let node = top["closed_form"] {
            guard let mapping = node.mapping else {
                throw fail(mark(node), "'closed_form' must map variables to expressions of t")
            }
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? "?"
                if key == "superpose" {
                    guard let flag = valueNode.bool else {
                        throw fail(mark(valueNode), "superpose: expected true or false")
                    }
                    superpose = flag
                    continue
                }
                guard let i = states.firstIndex(of: key) else {
                    throw fail(
                        mark(keyNode),
                        "closed_form: '\(key)' is not a state variable (\(states.joined(separator: ", ")))")
                }
                closedForms[key] = try timeExpression(
                    valueNode, "closed form of \(key)", dimension: equations.differentials[i].unit.dimension)
            }
        }
        if let node = top["reference"] {
            guard node.string == "numeric" else {
                throw fail(mark(node), "'reference': the only reference besides closed_form is 'numeric'")
            }
            guard closedForms.isEmpty else {
                throw fail(mark(node), "give closed_form or reference: numeric, not both")
            }
            extras.numericReference = true
        }

        // Threshold, reset, refractory period.
        if let node = top["threshold"] {
            guard let text = node.string, let sign = text.firstIndex(of: ">") else {
                throw fail(mark(node), "'threshold': expected 'variable > value', e.g. u > u_th")
            }
            let variable = String(text[..<sign]).trimmingCharacters(in: " ")
            var rest = text[text.index(after: sign)...]
            if rest.first == "=" { rest = rest.dropFirst() }
            guard let i = states.firstIndex(of: variable) else {
                throw fail(
                    start(node), "threshold: '\(variable)' is not a state variable (\(states.joined(separator: ", ")))")
            }
            let origin = start(node)
            let column = origin.column + text.distance(from: text.startIndex, to: rest.startIndex)
            let unit = equations.differentials[i].unit.dimension
            let level = try constant(
                String(rest), at: SpecLocation(line: origin.line, column: column), "threshold of \(variable)", unit
            ).0
            guard let resetNode = top["reset"], let resetText = resetNode.string,
                let equals = resetText.firstIndex(of: "="),
                String(resetText[..<equals]).trimmingCharacters(in: " ") == variable
            else {
                throw fail(
                    mark(top["reset"] ?? node),
                    "a threshold needs 'reset: \(variable) = value' (the reset sets the threshold variable)")
            }
            let resetColumn =
                start(resetNode).column
                + resetText.distance(from: resetText.startIndex, to: resetText.index(after: equals))
            let reset = try constant(
                String(resetText[resetText.index(after: equals)...]),
                at: SpecLocation(line: start(resetNode).line, column: resetColumn),
                "reset of \(variable)", unit
            ).0
            guard reset < level else {
                throw fail(
                    start(resetNode),
                    "the reset (\(reset)) must lie below the threshold (\(level)) "
                        + "in \(equations.differentials[i].unitName)"
                )
            }
            guard initial[i] < level else {
                throw fail(
                    start(node), "the initial \(variable) (\(initial[i])) must lie below the threshold (\(level))")
            }
            let refractory =
                try top["refractory"].map { n throws(SpecError) in try constant(n, "refractory", .time).0 } ?? 0
            guard refractory >= 0 else {
                throw fail(mark(top["refractory"]!), "refractory must be ≥ 0 ms (got \(refractory))")
            }
            extras.threshold = ThresholdRule(variable: i, threshold: level, reset: reset, refractory: refractory)
        } else if let node = top["reset"] ?? top["refractory"] {
            throw fail(mark(node), "reset and refractory need a threshold, e.g. 'threshold: u > u_th'")
        }

        var peak: Peak?
        if let node = top["expect"] {
            guard let mapping = node.mapping, mapping["peak"] != nil || mapping["rate"] != nil,
                mapping.keys.allSatisfy({ ["peak", "rate"].contains($0.string ?? "") })
            else {
                throw fail(mark(node), "expect: give peak: {variable: …, time: …, value: …} and/or rate: …")
            }
            if let p = mapping["peak"] {
                guard let pm = p.mapping, let variable = pm["variable"]?.string, let timeNode = pm["time"],
                    let valueNode = pm["value"]
                else {
                    throw fail(mark(p), "expect: give peak: {variable: …, time: …, value: …}")
                }
                guard let i = states.firstIndex(of: variable), i == 0 else {
                    throw fail(mark(p), "expect.peak.variable must be the first state variable (\(states.first ?? ""))")
                }
                let time =
                    try timeExpression(timeNode, "expected peak time", dimension: .time).evaluate { values[$0] } ?? .nan
                let value =
                    try timeExpression(
                        valueNode, "expected peak value", dimension: equations.differentials[i].unit.dimension
                    ).evaluate { values[$0] } ?? .nan
                guard time.isFinite, value.isFinite else {
                    throw fail(mark(p), "expected peak time or value is not finite")
                }
                peak = Peak(time: time, value: value)
            }
            if let r = mapping["rate"] {
                guard extras.threshold != nil else { throw fail(mark(r), "expect.rate needs a threshold") }
                let rate = try constant(r, "expected rate", .frequency).0 * 1000  // 1/ms → Hz
                guard rate >= 0 else { throw fail(start(r), "expected rate is negative (\(rate) Hz)") }
                extras.rate = rate
            }
        }
        var knownWrong: KnownWrongClaim?
        if let node = top["known_wrong"] {
            guard let claim = node["claim"]?.string, let correction = node["correction"]?.string else {
                throw fail(mark(node), "known_wrong: give claim and correction")
            }
            knownWrong = KnownWrongClaim(
                claim: claim, correction: correction, correctModel: node["correct_model"]?.string ?? "")
        }

        var methods: [(IntegrationMethod, Double?)] = []
        if let node = top["methods"] {
            guard let list = node.sequence, !list.isEmpty else {
                throw fail(mark(node), "'methods' must be a non-empty list")
            }
            for item in list {
                let text = item.string ?? ""
                let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
                guard let method = IntegrationMethod(name: parts.first ?? "") else {
                    throw fail(
                        mark(item),
                        "unknown method '\(parts.first ?? "")'; known: "
                            + "\(IntegrationMethod.allNames.joined(separator: ", "))"
                    )
                }
                var step: Double?
                if parts.count == 2 {
                    guard
                        let (value, unit) = quantity(
                            parts[1].replacingOccurrences(of: "ms", with: " ms").replacingOccurrences(
                                of: "us", with: " us")),
                        unit.dimension == .time, value > 0
                    else {
                        throw fail(mark(item), "'\(text)': the step after @ must be a time > 0, e.g. rk4@0.1ms")
                    }
                    step = value * unit.scale
                } else if case .simulator = method {
                    throw fail(mark(item), "'\(text)': a simulator method needs its step, e.g. \(text)@0.1ms")
                }
                methods.append((method, step))
            }
        }
        let model = SpecModel(
            name: name, equations: equations, constants: values, initialState: initial, spikeTimes: spikes,
            endTime: endTime,
            onSpike: onSpike, closedForms: closedForms, superpose: superpose, peak: peak, knownWrong: knownWrong,
            extras: extras)
        return Spec(model: model, description: top["description"]?.string ?? "", methods: methods)
    }

    /// "8 ms", "100 nS", "-65 mV", "0.98 1/(mM*ms)", "0.5": a number and an optional unit
    /// (`SpecUnit.parse`).
    static func quantity(_ text: String) -> (Double, SpecUnit)? {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first, let value = Double(first), value.isFinite else { return nil }
        if parts.count == 1 { return (value, SpecUnit.named("1")!) }
        return SpecUnit.parse(parts[1].trimmingCharacters(in: " ")).map { (value, $0) }
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

import SynIntegrators
import SynModels
import Yams

/// The spec sections that drive the model beyond its equations: inputs and the threshold.
extension SpecReader {
    /// The fields each kind of input takes besides its amplitude.
    static let inputFields = [
        "step": ["from", "to"], "pulse": ["duration"], "sine": ["frequency", "phase", "offset"],
    ]

    /// `input`: piecewise-constant signals (steps, pulses after each spike) and sines, named like
    /// parameters.
    mutating func readInputs() throws(SpecFile.SpecError) {
        guard let node = top["input"] else { return }
        guard let mapping = node.mapping else {
            throw fail(mark(node), "'input' must map names to {step: …}, {pulse: …} or {sine: …}")
        }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string, EquationSet.isIdentifier(key) else {
                throw fail(mark(keyNode), "input names must be identifiers")
            }
            guard !states.contains(key), key != "t", values[key] == nil, inputDimensions[key] == nil else {
                throw fail(mark(keyNode), "input '\(key)' is already a state variable, parameter, input or the time")
            }
            inputDimensions[key] = try readInput(key, valueNode)
        }
    }

    /// One input: its signal recorded in `extras`, its dimension returned.
    private mutating func readInput(_ key: String, _ valueNode: Node) throws(SpecFile.SpecError) -> SpecDimension {
        let allowed = Self.inputFields
        let fields = valueNode.mapping.map { Array($0.keys.compactMap(\.string)) } ?? []
        let kinds = fields.filter { allowed[$0] != nil }
        guard let fieldMap = valueNode.mapping, kinds.count == 1, let kind = kinds.first else {
            throw fail(
                mark(valueNode),
                "input '\(key)': give exactly one of step, pulse, sine, e.g. {step: 100 pA, from: 0 ms, to: 100 ms}")
        }
        for field in fields where field != kind && !(allowed[kind] ?? []).contains(field) {
            throw fail(
                mark(valueNode),
                "input '\(key)': unknown field '\(field)' for a \(kind); allowed: "
                    + "\((allowed[kind] ?? []).joined(separator: ", "))")
        }
        let (amplitude, dimension) = try constant(fieldMap[kind]!, "input \(key): \(kind)")
        func field(_ name: String, _ d: SpecDimension, default value: Double?) throws(SpecFile.SpecError) -> Double {
            guard let n = fieldMap[name] else {
                guard let value else { throw fail(mark(valueNode), "input '\(key)': a \(kind) needs '\(name)'") }
                return value
            }
            return try constant(n, "input \(key): \(name)", d).value
        }
        switch kind {
        case "step":
            let from = try field("from", .time, default: 0)
            let to = try field("to", .time, default: .infinity)
            guard from >= 0, to > from else {
                throw fail(
                    mark(valueNode),
                    "input '\(key)': a step needs 0 ≤ from < to (from \(from) ms, to \(to) "
                        + "ms)")
            }
            extras.signals.append((key, .step(amplitude, from: from, to: to)))
        case "pulse":
            let duration = try field("duration", .time, default: nil)
            guard duration > 0 else {
                throw fail(mark(valueNode), "input '\(key)': the pulse duration must be > 0 ms (got \(duration))")
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
            extras.documentation.sines.append(
                .init(
                    name: key, dimension: dimension, amplitude: amplitude, offset: offset, frequency: frequency,
                    phase: phase))
        }
        return dimension
    }

    /// `threshold: u > u_th` with `reset: u = u_reset` and `refractory` (default 0 ms).
    mutating func readThreshold() throws(SpecFile.SpecError) {
        guard let node = top["threshold"] else {
            if let node = top["reset"] ?? top["refractory"] {
                throw fail(mark(node), "reset and refractory need a threshold, e.g. 'threshold: u > u_th'")
            }
            return
        }
        guard let text = node.string, let sign = text.firstIndex(of: ">") else {
            throw fail(mark(node), "'threshold': expected 'variable > value', e.g. u > u_th")
        }
        let variable = String(text[..<sign]).trimmingCharacters(in: " ")
        var rest = text[text.index(after: sign)...]
        if rest.first == "=" {
            rest = rest.dropFirst()
            extras.documentation.thresholdOperator = ">="
        }
        let i = try stateIndex(variable, at: start(node), "threshold")
        let origin = start(node)
        let column = origin.column + text.distance(from: text.startIndex, to: rest.startIndex)
        let unit = equations.differentials[i].unit.dimension
        let level = try constant(
            String(rest), at: SpecLocation(line: origin.line, column: column), "threshold of \(variable)", unit
        ).value
        let reset = try readReset(of: variable, unit, thresholdNode: node)
        guard reset < level else {
            throw fail(
                top["reset"].map(start),
                "the reset (\(reset)) must lie below the threshold (\(level)) in \(equations.differentials[i].unitName)"
            )
        }
        guard initial[i] < level else {
            throw fail(start(node), "the initial \(variable) (\(initial[i])) must lie below the threshold (\(level))")
        }
        let refractory =
            try top["refractory"].map { n throws(SpecFile.SpecError) in try constant(n, "refractory", .time).value }
            ?? 0
        guard refractory >= 0 else {
            throw fail(mark(top["refractory"]!), "refractory must be ≥ 0 ms (got \(refractory))")
        }
        extras.threshold = ThresholdRule(variable: i, threshold: level, reset: reset, refractory: refractory)
    }

    /// `reset`: a Brian2 statement block (`v = V_r; w += b`) that must set the threshold variable
    /// to a constant (the engine's reset value and refractory clamp); its other statements run
    /// with it at every crossing.
    private mutating func readReset(of variable: String, _ unit: SpecDimension, thresholdNode: Node)
        throws(SpecFile.SpecError) -> Double
    {
        guard let resetNode = top["reset"], resetNode.string != nil else {
            throw fail(
                mark(top["reset"] ?? thresholdNode),
                "a threshold needs 'reset: \(variable) = value' (the reset sets the threshold variable)")
        }
        let statements = try readStatements(resetNode, "reset")
        guard let own = statements.first(where: { $0.target == variable }) else {
            throw fail(
                start(resetNode),
                "a threshold needs 'reset: \(variable) = value' (the reset sets the threshold variable)")
        }
        guard own.expression.identifiers.allSatisfy({ values[$0] != nil }),
            let value = own.expression.evaluate({ values[$0] }), value.isFinite
        else {
            throw fail(
                start(resetNode),
                "reset: \(variable) must be set to a constant (a value or parameters), not '\(own.expression)'")
        }
        extras.resetStatements = statements
        return value
    }
}

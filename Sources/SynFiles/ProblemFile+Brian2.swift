import SynIntegrators
import SynReports
import SynSpec

/// The `brian2` section of a problem: the model as Brian2 2.9 accepts it.
extension ProblemFile {
    static func brian2(_ model: SpecModel, dimensions: [SpecDimension]) throws -> JSONValue {
        let doc = model.documentation
        var lines: [String] = []
        for (i, e) in doc.equationSet.differentials.enumerated() {
            let refractory = model.threshold.map { $0.variable == i && $0.refractory > 0 } ?? false
            lines.append(
                "d\(e.name)/dt = \(try brian2Text(e.expression)) : \(siUnit(dimensions[i]))"
                    + (refractory ? " (unless refractory)" : ""))
        }
        for e in doc.equationSet.subexpressions {
            lines.append("\(e.name) = \(try brian2Text(e.expression)) : \(siUnit(e.unit.dimension))")
        }
        for (name, dimension, signal) in doc.signals {
            guard signal.starts.count <= 100 else {
                throw Unsupported(description: "input '\(name)' switches more than 200 times: too long to write out")
            }
            let windows = zip(signal.starts, signal.ends).map { start, end in
                "int(t >= \(start * 1e-3)*second" + (end.isFinite ? " and t < \(end * 1e-3)*second)" : ")")
            }
            let unit = siUnit(dimension)
            lines.append(
                "\(name) = \(signal.amplitude * siFactor(dimension))*\(unit == "1" ? "1" : unit)*("
                    + "\(windows.isEmpty ? "0" : windows.joined(separator: " + "))) : \(unit)")
        }
        for sine in doc.sines {
            // offset + amplitude·sin(ω·t + phase), ω = 2π·f in rad/s (f in 1/ms × 1000).
            let unit = siUnit(sine.dimension)
            let factor = siFactor(sine.dimension)
            let omega = 2 * Double.pi * (sine.frequency * 1e3)
            let wave = "\(sine.amplitude * factor)*\(unit)*sin(\(omega)*hertz*t + \(sine.phase))"
            lines.append("\(sine.name) = \(sine.offset * factor)*\(unit) + \(wave) : \(unit)")
        }
        let namespace: [(String, JSONValue)] = doc.parameters.map { p in
            let d = p.dimension
            return (p.name, .object([("value", .number(p.value * siFactor(d))), ("unit", .string(siUnit(d)))]))
        }
        let initial: [(String, JSONValue)] = zip(model.variables.indices, model.initialState).map { i, y in
            (
                model.variables[i].name,
                .object([("value", .number(y * siFactor(dimensions[i]))), ("unit", .string(siUnit(dimensions[i])))])
            )
        }
        var threshold: JSONValue = .null
        var reset: JSONValue = .null
        var refractory: JSONValue = .null
        if let rule = model.threshold {
            let name = model.variables[rule.variable].name
            let d = dimensions[rule.variable]
            threshold = .string("\(name) \(doc.thresholdOperator) \(rule.threshold * siFactor(d))*\(siUnit(d))")
            reset = .string(
                doc.reset.isEmpty
                    ? "\(name) = \(rule.reset * siFactor(d))*\(siUnit(d))" : try statements(doc.reset))
            refractory = .number(rule.refractory * 1e-3)
        }
        // A pathway whose spikes only start transmitter pulses (an input of t) has no statements:
        // its spikes are in the input's windows, and Brian2 refuses a Synapses with nothing on_pre.
        let pathways: [JSONValue] = try doc.pathways.filter { !$0.spikes.isEmpty && !$0.statements.isEmpty }.map { p in
            .object([
                ("name", .string(p.name)), ("spikes_s", .array(p.spikes.map { .number($0 * 1e-3) })),
                ("on_pre", .string(try statements(p.statements))),
            ])
        }
        return .object([
            ("equations", .string(lines.joined(separator: "\n"))), ("namespace", .object(namespace)),
            ("initial", .object(initial)), ("threshold", threshold), ("reset", reset),
            ("refractory_s", refractory), ("pathways", .array(pathways)),
        ])
    }

    /// A statement block as Brian2 code: each value into a temporary first, then assigned, so
    /// that Brian2's sequential execution gives the block's simultaneous assignments.
    static func statements(_ list: [(target: String, expression: SpecExpression)]) throws -> String {
        // In order, each statement sees only the targets before it: when none reads an earlier
        // target, sequential execution is simultaneous already (and Brian2 can vectorise it).
        let targets = list.map(\.target)
        let independent = list.enumerated().allSatisfy { k, s in
            Set(s.expression.identifiers).isDisjoint(with: targets[..<k])
        }
        if independent {
            return try list.map { "\($0.target) = \(try brian2Text($0.expression))" }.joined(separator: "\n")
        }
        let values = try list.enumerated().map { k, s in "synverify_new_\(k) = \(try brian2Text(s.expression))" }
        let assignments = list.enumerated().map { k, s in "\(s.target) = synverify_new_\(k)" }
        return (values + assignments).joined(separator: "\n")
    }

    /// An expression in Brian2's syntax: SpecExpression's text (Python's operators, Brian2's
    /// function names) with min(max(x, a), b) written back as clip(x, a, b); other min/max and
    /// lambertw, which Brian2 lacks, are refused.
    static func brian2Text(_ e: SpecExpression) throws -> String {
        switch e {
        case .number, .identifier: return e.description
        case .negate(let a): return "(-\(try brian2Text(a)))"
        case .binary(let op, let a, let b): return "(\(try brian2Text(a)) \(op.rawValue) \(try brian2Text(b)))"
        case .call(.min, let args):
            guard case .call(.max, let inner) = args[0] else {
                throw Unsupported(description: "Brian2 has no function 'min' (in \(e)); write it with clip")
            }
            return "clip(\(try brian2Text(inner[0])), \(try brian2Text(inner[1])), \(try brian2Text(args[1])))"
        case .call(let f, _) where f == .max || f == .lambertw:
            throw Unsupported(description: "Brian2 has no function '\(f.rawValue)' (in \(e))")
        case .call(let f, let args) where f.isInfix:
            return "(\(try brian2Text(args[0])) \(f.rawValue) \(try brian2Text(args[1])))"
        case .call(.not, let args): return "(not \(try brian2Text(args[0])))"
        case .call(let f, let args):
            return "\(f.rawValue)(\(try args.map(brian2Text).joined(separator: ", ")))"
        }
    }
}

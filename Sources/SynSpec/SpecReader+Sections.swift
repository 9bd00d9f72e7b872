import SynIntegrators
import SynModels
import Yams

/// The section parsers of a spec file, one per top-level key, in reading order.
extension SpecReader {
    func readName() throws(SpecFile.SpecError) -> String {
        guard let name = top["name"]?.string,
            EquationSet.isIdentifier(name) || name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw fail(mark(root), "'name' is missing or not a name")
        }
        return name
    }

    /// `equations`: `dX/dt = expression : unit` lines and subexpressions.
    mutating func readEquations() throws(SpecFile.SpecError) {
        guard let node = top["equations"], let text = node.string else {
            throw fail(mark(root), "'equations' is missing: give 'dX/dt = expression : unit' lines")
        }
        equationsText = text
        equations = try wrap { () throws(ExpressionError) in try EquationSet.parse(text, start: start(node)) }
        initial = [Double](repeating: 0, count: equations.differentials.count)
        extras.documentation.summary = top["description"]?.string ?? ""
        extras.documentation.equations = text.split(separator: "\n").map {
            String($0).trimmingCharacters(in: " \t\r")
        }.filter { !$0.isEmpty }
    }

    /// `parameters`: quantities first, then expressions of them in dependency order.
    mutating func readParameters() throws(SpecFile.SpecError) {
        var pending: [PendingParameter] = []
        guard let node = top["parameters"] else { return try applyDeclarations() }
        guard let mapping = node.mapping else { throw fail(mark(node), "'parameters' must be a mapping name: value") }
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
            if let unit = SpecFile.unknownUnit(text) {
                throw fail(
                    start(valueNode), "parameter '\(key)': \(SpecUnit.unknownUnitMessage(unit))")
            }
            if let (value, unit) = SpecFile.quantity(text) {
                values[key] = value * unit.scale
                dimensions[key] = unit.dimension
            } else {
                let parsed = try wrap { () throws(ExpressionError) in
                    try ExpressionParser.parse(text, at: start(valueNode))
                }
                pending.append(
                    PendingParameter(
                        name: key, expression: parsed.expression, identifierLocations: parsed.identifierLocations,
                        location: start(valueNode)))
            }
        }
        try resolve(pending)
        try applyDeclarations()
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string, let value = values[key] else { continue }
            extras.documentation.parameters.append(
                (
                    key, value, dimensions[key]?.description ?? "1", dimensions[key] ?? .dimensionless,
                    valueNode.string ?? ""
                ))
        }
    }

    /// Parameters declared in the equations (`g_syn : siemens`): 0 in their unit unless given
    /// under `parameters:`, where the value must have the declared dimension.
    mutating func applyDeclarations() throws(SpecFile.SpecError) {
        for declaration in equations.declarations {
            guard let dimension = dimensions[declaration.name] else {
                values[declaration.name] = 0
                dimensions[declaration.name] = declaration.unit.dimension
                continue
            }
            guard dimension == declaration.unit.dimension else {
                throw fail(
                    declaration.location,
                    "'\(declaration.name)' is declared in \(declaration.unitName) but its value under 'parameters' "
                        + "has dimension \(dimension)")
            }
        }
    }

    /// Evaluates the parameters given as expressions, each once everything it names is known;
    /// what remains names an unknown identifier or a cycle.
    private mutating func resolve(_ pending: [PendingParameter]) throws(SpecFile.SpecError) {
        var pending = pending
        var progress = true
        while !pending.isEmpty && progress {
            progress = false
            for (k, item) in pending.enumerated().reversed()
            where item.expression.identifiers.allSatisfy({ values[$0] != nil }) {
                switch item.expression.dimension({ dimensions[$0] }) {
                case .failure(let mismatch): throw fail(item.location, "parameter '\(item.name)': \(mismatch.message)")
                case .success(let d): dimensions[item.name] = d
                }
                let value = item.expression.evaluate { values[$0] } ?? .nan
                guard value.isFinite else {
                    throw fail(item.location, "parameter '\(item.name)' = \(item.expression) is not finite (\(value))")
                }
                values[item.name] = value
                pending.remove(at: k)
                progress = true
            }
        }
        guard let first = pending.first else { return }
        let names = pending.map(\.name)
        if let unknown = first.expression.identifiers.first(where: { values[$0] == nil && !names.contains($0) }) {
            throw fail(
                first.identifierLocations[unknown] ?? first.location,
                "unknown identifier '\(unknown)'\(suggestion(for: unknown, in: Array(values.keys) + names))")
        }
        throw fail(
            first.location,
            "parameter '\(first.name)' depends on itself through \(names.sorted().joined(separator: ", "))")
    }

    /// `spikes`: presynaptic spike times, increasing; or `pathways`, each with its own `spikes`
    /// and `on_spike`, merged into one train in time order (ties in the order written).
    mutating func readSpikes() throws(SpecFile.SpecError) {
        guard let node = top["pathways"] else {
            if let node = top["spikes"] { spikes = try readSpikeList(node, "spikes") }
            return
        }
        for key in ["spikes", "on_spike"] {
            if let other = top.first(where: { $0.key.string == key })?.key {
                throw fail(mark(other), "give '\(key)' inside each pathway, not beside 'pathways'")
            }
        }
        guard let mapping = node.mapping, !mapping.isEmpty else {
            throw fail(mark(node), "'pathways' must map names to {spikes: [...], on_spike: ...}")
        }
        var merged: [(time: Double, pathway: Int)] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string, EquationSet.isIdentifier(name) else {
                throw fail(mark(keyNode), "pathway names must be identifiers")
            }
            guard let fields = valueNode.mapping, let list = fields["spikes"], fields["on_spike"] != nil else {
                throw fail(
                    mark(valueNode),
                    "pathway '\(name)' needs spikes and on_spike, e.g. {spikes: [10 ms], on_spike: g += w}")
            }
            for field in fields.keys where !["spikes", "on_spike"].contains(field.string ?? "") {
                throw fail(
                    mark(field), "pathway '\(name)': unknown key '\(field.string ?? "?")'; allowed: spikes, on_spike")
            }
            let times = try readSpikeList(list, "pathway '\(name)': spikes")
            merged += times.map { ($0, pathwayNames.count) }
            pathwayNames.append(name)
            pathwayNodes.append(fields["on_spike"]!)
        }
        merged = merged.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
            \.element)
        spikes = merged.map(\.time)
        spikePathways = merged.map(\.pathway)
    }

    /// A list of spike times ≥ 0 in increasing order.
    private func readSpikeList(_ node: Node, _ what: String) throws(SpecFile.SpecError) -> [Double] {
        guard let list = node.sequence else {
            throw fail(mark(node), "'\(what)' must be a list of times, e.g. [0 ms, 100 ms]")
        }
        var times: [Double] = []
        for item in list {
            // A time with its unit (`10 ms`) or an expression of the parameters (`10*ms`, `t_on`).
            guard let time = try? constant(item, "spike time", .time).value, time >= 0 else {
                throw fail(
                    mark(item), "spike time '\(item.string ?? "?")': expected a time ≥ 0 with its unit, e.g. 10 ms")
            }
            times.append(time)
        }
        guard times == times.sorted() else { throw fail(mark(node), "\(what): times must be in increasing order") }
        return times
    }

    /// The most operations a right-hand side may have once its subexpressions are written out
    /// (each is expanded where it is used; chained ones can double at every link).
    static let maximumExpandedOperations = 100_000.0

    /// The equations' units against the parameters and inputs, no division by a parameter that
    /// is zero, and right-hand sides of bounded size once subexpressions are expanded.
    func checkEquations() throws(SpecFile.SpecError) {
        var sizes: [String: Double] = [:]
        for e in equations.subexpressions { sizes[e.name] = e.expression.expandedSize(sizes) }
        for e in equations.differentials {
            let size = e.expression.expandedSize(sizes)
            guard size <= Self.maximumExpandedOperations else {
                throw fail(
                    e.location,
                    "d\(e.name)/dt expands to about \(Int(min(size, 1e18))) operations through its "
                        + "subexpressions (at most \(Int(Self.maximumExpandedOperations))); "
                        + "make the repeated one a state variable or simplify")
            }
        }
        try wrap { () throws(ExpressionError) in
            try equations.checkDimensions(parameters: dimensions.merging(inputDimensions) { a, _ in a })
        }
        for e in equations.differentials + equations.subexpressions {
            if let zero = e.expression.divisors.first(where: { values[$0] == 0 }) {
                throw fail(e.identifierLocations[zero] ?? e.location, "division by parameter '\(zero)', which is 0")
            }
        }
        try checkTimeSwitches()
    }

    /// Every comparison of t with constants must switch at one time (TimeSwitches.swift): the
    /// solvers stop there, so none can step over a pulse written as a boolean of t.
    func checkTimeSwitches() throws(SpecFile.SpecError) {
        var definitions = extras.smoothInputs
        for e in equations.subexpressions { definitions[e.name] = e.expression.substituting(definitions) }
        for e in equations.differentials {
            let expanded = e.expression.substituting(definitions)
            if let (comparison, _) = expanded.timeComparisons(constants: values).first(where: { $0.time == nil }) {
                throw fail(
                    e.location,
                    "d\(e.name)/dt: '\(comparison)' compares t with no single switch time; compare an expression "
                        + "a*t + b with constants (t > 30*ms, t - t0 <= 5*ms) or write the input under input:")
            }
        }
    }

    /// `initial`: the state at t = 0 (default 0).
    mutating func readInitial() throws(SpecFile.SpecError) {
        guard let node = top["initial"] else { return }
        guard let mapping = node.mapping else { throw fail(mark(node), "'initial' must be a mapping variable: value") }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string, let i = states.firstIndex(of: key) else {
                throw fail(
                    mark(keyNode),
                    "'initial': '\(keyNode.string ?? "?")' is not a state variable (\(states.joined(separator: ", ")))")
            }
            let equation = equations.differentials[i]
            initial[i] = try constant(valueNode, "initial \(key) (in \(equation.unitName))", equation.unit.dimension)
                .value
        }
    }

    /// `t_end` (ms; default 100 ms).
    func readEndTime() throws(SpecFile.SpecError) -> Double {
        guard let node = top["t_end"] else { return 100 }
        guard let time = try? constant(node, "t_end", .time).value, time > 0 else {
            throw fail(mark(node), "'t_end': expected a time > 0 with its unit, e.g. 500 ms")
        }
        return time
    }

    /// `on_spike`: Brian2 statements, separated by ';' or new lines, run in order: `x = e`,
    /// `x += e`, `x -= e`, `x *= e`, `x /= e` on state variables, and temporaries (`r = u*x`,
    /// any other name) for the statements after them. Returned as one assignment per state
    /// variable, each in terms of the state before the spike.
    /// One block per pathway (one block for `on_spike` alone).
    func readOnSpike() throws(SpecFile.SpecError) -> [[(target: String, expression: SpecExpression)]] {
        guard !pathwayNodes.isEmpty else {
            guard let node = top["on_spike"] else { return [[]] }
            return [try readStatements(node, "on_spike")]
        }
        var blocks: [[(target: String, expression: SpecExpression)]] = []
        for (name, node) in zip(pathwayNames, pathwayNodes) {
            blocks.append(try readStatements(node, "pathway '\(name)': on_spike"))
        }
        return blocks
    }

    /// A Brian2 statement block (`on_spike`, `reset`): one assignment per state variable it
    /// changes, each in terms of the state before the block, in first-assignment order.
    func readStatements(_ node: Node, _ what: String) throws(SpecFile.SpecError)
        -> [(target: String, expression: SpecExpression)]
    {
        guard let text = node.string else { throw fail(mark(node), "'\(what)' must be statements like 'x += w'") }
        var known = dimensions.merging(inputDimensions) { a, _ in a }
        known["t"] = .time
        for e in equations.differentials + equations.subexpressions { known[e.name] = e.unit.dimension }
        // What each name stands for now, in terms of the state before the spike.
        var current: [String: SpecExpression] = [:]
        var assigned: [String] = []
        let origin = start(node)
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for statement in line.split(separator: ";") where !statement.allSatisfy({ $0 == " " }) {
                let at = SpecLocation(line: origin.line + offset, column: offset == 0 ? origin.column : 1)
                let (target, op, right) = try Self.splitStatement(String(statement), at: at, fail)
                let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(right, at: at) }
                let value = parsed.expression.substituting(current)
                let dimension: SpecDimension
                switch value.dimension({ known[$0] }) {
                case .failure(let m): throw fail(at, "\(what) '\(statement)': \(m.message)")
                case .success(let d): dimension = d
                }
                guard let i = states.firstIndex(of: target) else {
                    guard op == "=", EquationSet.isIdentifier(target), values[target] == nil,
                        known[target] == nil
                            || current[target] != nil
                    else {
                        throw fail(
                            at,
                            "\(what): '\(target)' is not a state variable (\(states.joined(separator: ", "))) "
                                + "and cannot be a temporary")
                    }
                    current[target] = value  // a temporary
                    known[target] = dimension
                    continue
                }
                let unit = equations.differentials[i].unit.dimension
                let expected = op == "*=" || op == "/=" ? SpecDimension.dimensionless : unit
                guard dimension == expected else {
                    let needs =
                        expected == unit
                        ? "\(target) is in \(equations.differentials[i].unitName)"
                        : "\(op) needs a dimensionless value"
                    throw fail(at, "\(what) '\(statement)': the value has dimension \(dimension), but \(needs)")
                }
                let old = current[target] ?? .identifier(target)
                let operation: [String: SpecExpression.BinaryOperator] = [
                    "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide,
                ]
                current[target] = operation[op].map { .binary($0, old, value) } ?? value
                if !assigned.contains(target) { assigned.append(target) }
            }
        }
        return assigned.map { ($0, current[$0]!) }
    }

    /// `x op expression` with op one of `=`, `+=`, `-=`, `*=`, `/=` (not `==`, `<=`, `>=`, `!=`).
    static func splitStatement(
        _ statement: String, at location: SpecLocation, _ fail: (SpecLocation?, String) -> SpecFile.SpecError
    ) throws(SpecFile.SpecError) -> (target: String, op: String, right: String) {
        let chars = Array(statement)
        for (k, c) in chars.enumerated() where c == "=" {
            let before = k > 0 ? chars[k - 1] : " "
            let after = k + 1 < chars.count ? chars[k + 1] : " "
            if after == "=" || "<>!=".contains(before) && !"+-*/".contains(before) { continue }
            let compound = "+-*/".contains(before)
            let op = compound ? String(before) + "=" : "="
            let left = String(chars[..<(compound ? k - 1 : k)]).trimmingCharacters(in: " \t")
            let right = String(chars[(k + 1)...])
            guard EquationSet.isIdentifier(left) else { break }
            return (left, op, right)
        }
        throw fail(location, "'\(statement)': expected 'x = e', 'x += e', 'x -= e', 'x *= e' or 'x /= e'")
    }
}

/// The `equations:` block of a spec, in Brian2's syntax, one per line:
///
///     dg/dt = (k*x - g)/tau_1 : nS     # a differential equation for the state variable g
///     I_syn = g*(E - u)       : pA     # a subexpression, usable in the others
///
/// Blank lines and `#` comments are skipped. Subexpressions come out in an order where each only
/// uses those before it (a cycle is an error naming it).
public struct EquationSet: Sendable {
    public struct Equation: Sendable, Equatable {
        /// The state variable (differential) or the subexpression's name.
        public let name: String
        public let expression: SpecExpression
        public let unitName: String
        public let unit: SpecUnit
        /// Where the right-hand side starts, and where each identifier first appears.
        public let location: SpecLocation
        public let identifierLocations: [String: SpecLocation]
    }

    /// Differential equations in declared order (the state vector's order).
    public let differentials: [Equation]
    /// Subexpressions, dependencies first.
    public let subexpressions: [Equation]

    /// A parameter declared in the equations (Brian2's `g_syn : siemens`): its value comes from
    /// `parameters:` (0 in its unit when not given there, as Brian2 initialises it).
    public struct Declaration: Sendable, Equatable {
        public let name: String
        public let unitName: String
        public let unit: SpecUnit
        public let location: SpecLocation
    }

    /// Parameters declared without an equation, in declared order.
    public var declarations: [Declaration] = []

    /// Flags SynVerify accepts after an equation's unit, and what they mean here:
    /// `clock-driven` (integrated every step: the default), `event-driven` (Brian2 updates the
    /// variable only at events, from the exact solution of its linear equation; the
    /// continuous solution here takes the same values at every event), `unless refractory`
    /// (held during the refractory period: the threshold variable only), `constant` and `shared`
    /// (one value for the whole run).
    static let acceptedFlags = ["clock-driven", "event-driven", "unless refractory", "constant", "shared"]

    /// One equation as written, possibly over several lines: Brian2 continues an expression on
    /// the next line until a line holds the ':' before the unit. Its text, joined by spaces, and
    /// where each of its characters stands in the file.
    struct LogicalLine {
        var scalars: [Unicode.Scalar] = []
        var places: [SpecLocation] = []

        mutating func append(_ line: Substring, at location: SpecLocation) {
            if !scalars.isEmpty {
                scalars.append(" ")
                places.append(places.last ?? location)
            }
            for (k, c) in line.unicodeScalars.enumerated() {
                scalars.append(c)
                places.append(SpecLocation(line: location.line, column: location.column + k))
            }
        }

        func at(_ i: Int) -> SpecLocation {
            places.isEmpty ? SpecLocation(line: 1, column: 1) : places[min(max(i, 0), places.count - 1)]
        }
    }

    /// The block's lines joined into equations (comments and blank lines dropped).
    static func logicalLines(_ text: String, start: SpecLocation) -> [LogicalLine] {
        var lines: [LogicalLine] = []
        var open: LogicalLine?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
            // A block scalar's lines share its indentation.
            var current = open ?? LogicalLine()
            current.append(line, at: SpecLocation(line: start.line + offset, column: start.column))
            if line.contains(":") {
                lines.append(current)
                open = nil
            } else {
                open = current
            }
        }
        if let open { lines.append(open) }
        return lines
    }

    /// - Parameter start: where the block's first line is in the file.
    public static func parse(_ text: String, start: SpecLocation) throws(ExpressionError) -> EquationSet {
        var differentials: [Equation] = []
        var subexpressions: [Equation] = []
        var declarations: [Declaration] = []
        var names: Set<String> = []
        for line in logicalLines(text, start: start) {
            let scalars = line.scalars
            func at(_ i: Int) -> SpecLocation { line.at(i) }
            guard let colon = scalars.lastIndex(of: ":") else {
                throw ExpressionError(at(scalars.count), "expected ': unit' after the expression")
            }
            let (unitName, flags) = try unitAndFlags(scalars, after: colon, at)
            guard let unit = SpecUnit.parse(unitName) else {
                throw ExpressionError(at(colon + 1), SpecUnit.unknownUnitMessage(unitName))
            }
            guard let equals = scalars[..<colon].firstIndex(of: "=") else {
                // Brian2's parameter declaration: `name : unit (flags)`.
                let name = String(String.UnicodeScalarView(scalars[..<colon])).trimmingCharacters(in: " \t")
                guard isIdentifier(name) else {
                    throw ExpressionError(
                        at(0), "expected 'dX/dt = expression : unit', 'name = expression : unit' or 'name : unit'")
                }
                guard names.insert(name).inserted else { throw ExpressionError(at(0), "'\(name)' is defined twice") }
                declarations.append(Declaration(name: name, unitName: unitName, unit: unit, location: at(0)))
                continue
            }
            let left = String(String.UnicodeScalarView(scalars[..<equals])).trimmingCharacters(in: " \t")
            var bodyStart = equals + 1
            while bodyStart < colon, scalars[bodyStart] == " " || scalars[bodyStart] == "\t" { bodyStart += 1 }
            let body = String(String.UnicodeScalarView(scalars[bodyStart..<colon]))
            let parsed = try parseBody(body, line: line, from: bodyStart)
            let name: String
            let isDifferential: Bool
            if left.hasPrefix("d"), left.hasSuffix("/dt"), left.count > 4 {
                name = String(left.dropFirst().dropLast(3)).trimmingCharacters(in: " \t")
                isDifferential = true
            } else {
                name = left
                isDifferential = false
            }
            guard isIdentifier(name) else { throw ExpressionError(at(0), "'\(left)' is not 'dX/dt' or a name") }
            guard name != "t" else { throw ExpressionError(at(0), "'t' is the time and cannot be defined") }
            guard names.insert(name).inserted else { throw ExpressionError(at(0), "'\(name)' is defined twice") }
            if flags.contains("unless refractory") && !isDifferential {
                throw ExpressionError(at(colon), "'unless refractory' applies to differential equations")
            }
            let equation = Equation(
                name: name, expression: parsed.expression, unitName: unitName, unit: unit, location: at(bodyStart),
                identifierLocations: parsed.identifierLocations)
            if isDifferential { differentials.append(equation) } else { subexpressions.append(equation) }
        }
        guard !differentials.isEmpty else {
            throw ExpressionError(start, "no differential equation 'dX/dt = … : unit'")
        }
        return EquationSet(
            differentials: differentials, subexpressions: try ordered(subexpressions), declarations: declarations)
    }

    /// The unit after the colon, and the flags in parentheses after it (`: volt (unless refractory)`);
    /// a flag SynVerify does not accept is an error saying why.
    static func unitAndFlags(_ scalars: [Unicode.Scalar], after colon: Int, _ at: (Int) -> SpecLocation)
        throws(ExpressionError) -> (unit: String, flags: [String])
    {
        let rest = String(String.UnicodeScalarView(scalars[(colon + 1)...]))
        guard let open = rest.firstIndex(of: "(") else { return (rest.trimmingCharacters(in: " \t\r"), []) }
        let unit = String(rest[..<open]).trimmingCharacters(in: " \t\r")
        guard let close = rest.lastIndex(of: ")"), close > open,
            String(rest[rest.index(after: close)...]).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" })
        else {
            throw ExpressionError(at(colon + 1), "flags after the unit go in parentheses: ': volt (unless refractory)'")
        }
        let flags = rest[rest.index(after: open)..<close].split(separator: ",").map {
            String($0).trimmingCharacters(in: " \t")
        }
        for flag in flags where !acceptedFlags.contains(flag) {
            let why =
                flag == "summed" || flag == "linked"
                ? "it links a synapse's variable to a neuron's; write the neuron's model with the synaptic variable "
                    + "in it"
                : "SynVerify accepts \(acceptedFlags.joined(separator: ", "))"
            throw ExpressionError(at(colon + 1), "flag '\(flag)' is not supported here: \(why)")
        }
        return (unit, flags)
    }

    /// The expression of one equation, with locations mapped back onto the lines it spans.
    static func parseBody(_ body: String, line: LogicalLine, from start: Int) throws(ExpressionError)
        -> ExpressionParser.Result
    {
        let origin = SpecLocation(line: 0, column: 0)
        func place(_ location: SpecLocation) -> SpecLocation {
            line.at(start + location.column)
        }
        do {
            let parsed = try ExpressionParser.parse(body, at: origin)
            return ExpressionParser.Result(
                expression: parsed.expression,
                identifierLocations: parsed.identifierLocations.mapValues { place($0) })
        } catch {
            throw ExpressionError(place(error.location), error.message)
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil)
        }
    }

    /// Dependencies first; a cycle is an error listing it.
    static func ordered(_ subexpressions: [Equation]) throws(ExpressionError) -> [Equation] {
        let byName = Dictionary(uniqueKeysWithValues: subexpressions.map { ($0.name, $0) })
        var done: [Equation] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ e: Equation, _ path: [String]) throws(ExpressionError) {
            if state[e.name] == 2 { return }
            if state[e.name] == 1 {
                let cycle = path.drop { $0 != e.name } + [e.name]
                throw ExpressionError(e.location, "cyclic subexpressions: \(cycle.joined(separator: " → "))")
            }
            state[e.name] = 1
            for id in e.expression.identifiers { if let d = byName[id] { try visit(d, path + [e.name]) } }
            state[e.name] = 2
            done.append(e)
        }
        for e in subexpressions { try visit(e, []) }
        return done
    }

    /// Checks every equation's dimensions: dX/dt must have X's unit per time, a subexpression
    /// its own unit. `parameters` gives the parameters' dimensions.
    public func checkDimensions(parameters: [String: SpecDimension]) throws(ExpressionError) {
        var known = parameters
        known["t"] = .time
        for e in differentials { known[e.name] = e.unit.dimension }
        for e in subexpressions { known[e.name] = e.unit.dimension }
        for e in subexpressions + differentials {
            let isDifferential = differentials.contains(e)
            let expected = isDifferential ? e.unit.dimension / .time : e.unit.dimension
            // A literal 0 has every dimension (dv/dt = 0 : mV), as in Brian2.
            if case .number(0) = e.expression { continue }
            switch e.expression.dimension({ known[$0] }) {
            case .failure(let mismatch):
                var location = e.location
                if let unknown = e.expression.identifiers.first(where: { known[$0] == nil }) {
                    location = e.identifierLocations[unknown] ?? e.location
                    if let side = ["_post", "_pre"].first(where: { unknown.hasSuffix($0) && unknown.count > $0.count })
                    {
                        throw ExpressionError(
                            location,
                            "'\(unknown)' is a Brian2 Synapses reference to the \(side == "_pre" ? "pre" : "post")"
                                + "synaptic neuron, which a spec does not have: write the synapse's effect into the "
                                + "neuron's equations (one model per spec) or give it as an input")
                    }
                    let suggestion =
                        Self.closest(to: unknown, in: Array(known.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw ExpressionError(location, "unknown identifier '\(unknown)'\(suggestion)")
                }
                throw ExpressionError(location, "\(isDifferential ? "d\(e.name)/dt" : e.name): \(mismatch.message)")
            case .success(let found):
                guard found == expected else {
                    let what = isDifferential ? "d\(e.name)/dt" : e.name
                    throw ExpressionError(
                        e.location,
                        "\(what) has dimension \(found), but \(e.unitName)\(isDifferential ? "/ms" : "") "
                            + "(\(expected)) was declared"
                    )
                }
            }
        }
    }

    /// The known name nearest to `name` by edit distance, if it is close (≤ 2 edits).
    static func closest(to name: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let scored = candidates.sorted().map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        var s = Substring(self)
        while let f = s.first, drop.contains(f) { s = s.dropFirst() }
        while let l = s.last, drop.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

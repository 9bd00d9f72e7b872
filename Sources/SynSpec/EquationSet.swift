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

    /// - Parameter start: where the block's first line is in the file.
    public static func parse(_ text: String, start: SpecLocation) throws(ExpressionError) -> EquationSet {
        var differentials: [Equation] = []
        var subexpressions: [Equation] = []
        var names: Set<String> = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = start.line + offset
            let column0 = start.column  // a block scalar's lines share its indentation
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
            let scalars = Array(line.unicodeScalars)
            func at(_ i: Int) -> SpecLocation { SpecLocation(line: lineNumber, column: column0 + i) }
            guard let equals = scalars.firstIndex(of: "=") else {
                throw ExpressionError(at(0), "expected 'dX/dt = expression : unit' or 'name = expression : unit'")
            }
            guard let colon = scalars.lastIndex(of: ":"), colon > equals else {
                throw ExpressionError(at(scalars.count), "expected ': unit' after the expression")
            }
            let left = String(String.UnicodeScalarView(scalars[..<equals])).trimmingCharacters(in: " \t")
            let unitName = String(String.UnicodeScalarView(scalars[(colon + 1)...])).trimmingCharacters(in: " \t\r")
            guard let unit = SpecUnit.parse(unitName) else {
                throw ExpressionError(at(colon + 1), SpecUnit.unknownUnitMessage(unitName))
            }
            var bodyStart = equals + 1
            while bodyStart < colon, scalars[bodyStart] == " " || scalars[bodyStart] == "\t" { bodyStart += 1 }
            let body = String(String.UnicodeScalarView(scalars[bodyStart..<colon]))
            let parsed = try ExpressionParser.parse(body, at: at(bodyStart))
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
            let equation = Equation(
                name: name, expression: parsed.expression, unitName: unitName, unit: unit, location: at(bodyStart),
                identifierLocations: parsed.identifierLocations)
            if isDifferential { differentials.append(equation) } else { subexpressions.append(equation) }
        }
        guard !differentials.isEmpty else {
            throw ExpressionError(start, "no differential equation 'dX/dt = … : unit'")
        }
        return EquationSet(differentials: differentials, subexpressions: try ordered(subexpressions))
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

/// A place in a spec file: 1-based line and column (in Unicode scalars).
public struct SpecLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A parse or resolution error with the place it points at.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let location: SpecLocation
    public let message: String
    public init(_ location: SpecLocation, _ message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}

/// Parses one expression (Brian2/Python precedence: `**` binds tighter than unary minus and is
/// right-associative, so `-2**2` is −4 and `2**3**2` is 512; then `* /`, then `+ −`, then one
/// comparison `< <= > >= == !=`, then `not`, `and`, `or`; booleans are 1 and 0).
/// Recursion is bounded: nesting deeper than `maximumDepth` is an error, never a stack overflow;
/// so is an expression of more than `maximumOperations` operations (a flat sum of n terms is a
/// tree n deep, which every later pass walks recursively).
public struct ExpressionParser {
    public static let maximumDepth = 200
    public static let maximumOperations = 1000

    /// The tree, and where each identifier first appears (for error messages).
    public struct Result: Sendable {
        public let expression: SpecExpression
        public let identifierLocations: [String: SpecLocation]
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private let origin: SpecLocation
    private var locations: [String: SpecLocation] = [:]
    private var operations = 0

    /// - Parameter origin: where `text` starts in its file (for error locations).
    public static func parse(_ text: String, at origin: SpecLocation = .init(line: 1, column: 1))
        throws(ExpressionError) -> Result
    {
        var parser = ExpressionParser(scalars: Array(text.unicodeScalars), origin: origin)
        parser.skipSpace()
        guard parser.index < parser.scalars.count else { throw ExpressionError(origin, "empty expression") }
        let expression = try parser.disjunction(depth: 0)
        parser.skipSpace()
        if parser.index < parser.scalars.count {
            let c = parser.scalars[parser.index]
            throw ExpressionError(parser.location, c == ")" ? "unbalanced ')'" : "unexpected '\(c)'")
        }
        return Result(expression: expression, identifierLocations: parser.locations)
    }

    private init(scalars: [Unicode.Scalar], origin: SpecLocation) {
        self.scalars = scalars
        self.origin = origin
    }

    /// The location of the current scalar (text within one line, so columns add up).
    private var location: SpecLocation { SpecLocation(line: origin.line, column: origin.column + index) }

    private mutating func skipSpace() {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    /// Counts one operation; more than `maximumOperations` is an error.
    private mutating func count() throws(ExpressionError) {
        operations += 1
        guard operations <= Self.maximumOperations else {
            throw ExpressionError(
                location,
                "more than \(Self.maximumOperations) operations in one expression; split it into subexpressions")
        }
    }

    private func peek(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        return index + s.count <= scalars.count && Array(scalars[index..<index + s.count]) == s
    }

    /// Whether the keyword `word` (not the start of a longer name) comes next.
    private func peekKeyword(_ word: String) -> Bool {
        let end = index + word.unicodeScalars.count
        guard peek(word) else { return false }
        guard end < scalars.count else { return true }
        let next = scalars[end]
        return !(next.isASCII && (next.properties.isAlphabetic || next.properties.numericType != nil || next == "_"))
    }

    private mutating func disjunction(depth: Int) throws(ExpressionError) -> SpecExpression {
        var left = try conjunction(depth: depth)
        while true {
            skipSpace()
            guard peekKeyword("or") else { return left }
            index += 2
            try count()
            left = .call(.or, [left, try conjunction(depth: depth)])
        }
    }

    private mutating func conjunction(depth: Int) throws(ExpressionError) -> SpecExpression {
        var left = try negation(depth: depth)
        while true {
            skipSpace()
            guard peekKeyword("and") else { return left }
            index += 3
            try count()
            left = .call(.and, [left, try negation(depth: depth)])
        }
    }

    private mutating func negation(depth: Int) throws(ExpressionError) -> SpecExpression {
        guard depth < Self.maximumDepth else {
            throw ExpressionError(location, "nested deeper than \(Self.maximumDepth) levels")
        }
        skipSpace()
        guard peekKeyword("not") else { return try comparison(depth: depth) }
        index += 3
        try count()
        return .call(.not, [try negation(depth: depth + 1)])
    }

    /// `a op b` with one comparison operator; Python's chains (`a < b < c`) are refused.
    private mutating func comparison(depth: Int) throws(ExpressionError) -> SpecExpression {
        let left = try sum(depth: depth)
        func comparator() -> SpecExpression.Function? {
            for f in [SpecExpression.Function.lessEqual, .greaterEqual, .equal, .notEqual, .less, .greater]
            where peek(f.rawValue) {
                return f
            }
            return nil
        }
        skipSpace()
        guard let f = comparator() else { return left }
        index += f.rawValue.unicodeScalars.count
        try count()
        let right = try sum(depth: depth)
        skipSpace()
        if comparator() != nil {
            throw ExpressionError(location, "chained comparison: write 'a < b and b < c' instead of 'a < b < c'")
        }
        return .call(f, [left, right])
    }

    private mutating func sum(depth: Int) throws(ExpressionError) -> SpecExpression {
        var left = try product(depth: depth)
        while true {
            skipSpace()
            if peek("+") {
                index += 1
                try count()
                left = .binary(.add, left, try product(depth: depth))
            } else if peek("-") {
                index += 1
                try count()
                left = .binary(.subtract, left, try product(depth: depth))
            } else {
                return left
            }
        }
    }

    private mutating func product(depth: Int) throws(ExpressionError) -> SpecExpression {
        var left = try unary(depth: depth)
        while true {
            skipSpace()
            if peek("**") { return left }  // handled in power()
            if peek("*") {
                index += 1
                try count()
                left = .binary(.multiply, left, try unary(depth: depth))
            } else if peek("/") {
                index += 1
                try count()
                left = .binary(.divide, left, try unary(depth: depth))
            } else {
                return left
            }
        }
    }

    private mutating func unary(depth: Int) throws(ExpressionError) -> SpecExpression {
        guard depth < Self.maximumDepth else {
            throw ExpressionError(location, "nested deeper than \(Self.maximumDepth) levels")
        }
        skipSpace()
        if peek("-") {
            index += 1
            return .negate(try unary(depth: depth + 1))
        }
        if peek("+") {
            index += 1
            return try unary(depth: depth + 1)
        }
        return try power(depth: depth)
    }

    private mutating func power(depth: Int) throws(ExpressionError) -> SpecExpression {
        let base = try primary(depth: depth)
        skipSpace()
        if peek("**") {
            index += 2
            return .binary(.power, base, try unary(depth: depth + 1))
        }
        return base
    }

    private mutating func primary(depth: Int) throws(ExpressionError) -> SpecExpression {
        skipSpace()
        guard index < scalars.count else { throw ExpressionError(location, "expected a value, found the end") }
        let start = location
        let c = scalars[index]
        if c == "(" {
            index += 1
            let inner = try disjunction(depth: depth + 1)
            skipSpace()
            guard peek(")") else { throw ExpressionError(start, "unbalanced '(': no matching ')'") }
            index += 1
            return inner
        }
        if c.properties.numericType != nil && c.isASCII || c == "." { return try number(start) }
        if c == "_" || (c.isASCII && c.properties.isAlphabetic) {
            var name = ""
            while index < scalars.count, scalars[index].isASCII,
                scalars[index] == "_" || scalars[index].properties.isAlphabetic
                    || scalars[index].properties.numericType != nil
            {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            if ["and", "or", "not"].contains(name) {
                throw ExpressionError(start, "expected a value before '\(name)', found the keyword")
            }
            skipSpace()
            if peek("(") && name == "clip" { return try clip(start, depth: depth) }
            if peek("(") {
                let callable = SpecExpression.Function.callable
                guard let function = SpecExpression.Function(rawValue: name), callable.contains(function) else {
                    throw ExpressionError(
                        start, "unknown function '\(name)'; known: \(callable.map(\.rawValue).joined(separator: ", "))")
                }
                index += 1
                var arguments: [SpecExpression] = []
                skipSpace()
                if !peek(")") {
                    while true {
                        arguments.append(try disjunction(depth: depth + 1))
                        skipSpace()
                        if peek(",") {
                            index += 1
                            continue
                        }
                        break
                    }
                }
                guard peek(")") else { throw ExpressionError(start, "unbalanced '(' in the call of \(name)") }
                index += 1
                guard arguments.count == function.arity else {
                    throw ExpressionError(
                        start,
                        "\(name) takes \(function.arity) argument\(function.arity == 1 ? "" : "s"), "
                            + "not \(arguments.count)"
                    )
                }
                if function == .lambertw { try checkBranch(arguments[1], start) }
                return .call(function, arguments)
            }
            if locations[name] == nil { locations[name] = start }
            return .identifier(name)
        }
        if c == ")" { throw ExpressionError(start, "unbalanced ')'") }
        throw ExpressionError(start, "unexpected '\(c)'")
    }

    /// lambertw's branch: the constant 0 or −1.
    private func checkBranch(_ k: SpecExpression, _ start: SpecLocation) throws(ExpressionError) {
        guard case .number(let value) = k.simplified(), value == 0 || value == -1 else {
            throw ExpressionError(start, "lambertw(x, k): the branch k must be the number 0 or -1, not '\(k)'")
        }
    }

    /// Brian2's `clip(x, low, high)`, read as min(max(x, low), high).
    private mutating func clip(_ start: SpecLocation, depth: Int) throws(ExpressionError) -> SpecExpression {
        index += 1
        var arguments: [SpecExpression] = []
        while arguments.count < 3 {
            arguments.append(try disjunction(depth: depth + 1))
            skipSpace()
            guard peek(","), arguments.count < 3 else { break }
            index += 1
        }
        guard peek(")"), arguments.count == 3 else {
            throw ExpressionError(start, "clip takes 3 arguments: clip(x, low, high)")
        }
        index += 1
        return .call(.min, [.call(.max, [arguments[0], arguments[1]]), arguments[2]])
    }

    private mutating func number(_ start: SpecLocation) throws(ExpressionError) -> SpecExpression {
        var text = ""
        func digits() {
            while index < scalars.count, scalars[index].isASCII, scalars[index].properties.numericType != nil {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        digits()
        if index < scalars.count, scalars[index] == "." {
            text += "."
            index += 1
            digits()
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            text += "e"
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            digits()
        }
        guard let value = Double(text), value.isFinite, text != "." else {
            throw ExpressionError(start, "malformed number '\(text)'")
        }
        // "0 ms" inside an expression: Brian2 writes a quantity there as 0*ms.
        var next = index
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        if next > index, next < scalars.count, scalars[next].isASCII, scalars[next].properties.isAlphabetic {
            var unit = ""
            var k = next
            while k < scalars.count, scalars[k].isASCII, scalars[k].properties.isAlphabetic {
                unit.unicodeScalars.append(scalars[k])
                k += 1
            }
            guard ["and", "or", "not"].contains(unit) else {
                throw ExpressionError(
                    start,
                    "'\(text) \(unit)': inside an expression, write a quantity as \(text)*\(unit), as Brian2 does")
            }
        }
        return .number(value)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An expression of a spec file (Brian2's syntax): numbers, identifiers (`t`, parameters, state
/// variables, subexpressions), `+ − * / **`, unary minus, parentheses and the functions of
/// `Function`. Identifiers stay names here; a model resolves them.
public indirect enum SpecExpression: Equatable, Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case identifier(String)
    case negate(SpecExpression)
    case binary(BinaryOperator, SpecExpression, SpecExpression)
    case call(Function, [SpecExpression])

    public enum BinaryOperator: String, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case power = "**"
    }

    /// The functions a spec may call, with their arity.
    public enum Function: String, CaseIterable, Sendable {
        case exp, log, log1p, expm1, sqrt, sin, cos, tanh, abs, min, max
        // Brian2's other default functions (`brian2/core/functions.py`); clip(x, a, b) is read as
        // min(max(x, a), b).
        case log10, tan, sinh, cosh, arcsin, arccos, arctan, sign, floor, ceil, int

        public var arity: Int { self == .min || self == .max ? 2 : 1 }
    }

    /// Every identifier the expression uses, in first-use order.
    public var identifiers: [String] {
        var seen: [String] = []
        func walk(_ e: SpecExpression) {
            switch e {
            case .number: break
            case .identifier(let name): if !seen.contains(name) { seen.append(name) }
            case .negate(let a): walk(a)
            case .binary(_, let a, let b):
                walk(a)
                walk(b)
            case .call(_, let args): args.forEach(walk)
            }
        }
        walk(self)
        return seen
    }

    /// The number of nodes once every identifier in `sizes` (a subexpression) is replaced by its
    /// own expanded tree of that many nodes: computed without expanding.
    func expandedSize(_ sizes: [String: Double]) -> Double {
        switch self {
        case .number: return 1
        case .identifier(let name): return sizes[name] ?? 1
        case .negate(let a): return 1 + a.expandedSize(sizes)
        case .binary(_, let a, let b): return 1 + a.expandedSize(sizes) + b.expandedSize(sizes)
        case .call(_, let args): return args.reduce(1) { $0 + $1.expandedSize(sizes) }
        }
    }

    /// Fully parenthesised text that parses back to the same tree.
    public var description: String {
        switch self {
        case .number(let x): return x < 0 ? "(\(x))" : "\(x)"
        case .identifier(let name): return name
        case .negate(let a): return "(-\(a))"
        case .binary(let op, let a, let b): return "(\(a) \(op.rawValue) \(b))"
        case .call(let f, let args): return "\(f.rawValue)(\(args.map(\.description).joined(separator: ", ")))"
        }
    }

    /// The value with identifiers bound by `value(of:)` (nil for an unbound name).
    public func evaluate(_ value: (String) -> Double?) -> Double? {
        switch self {
        case .number(let x): return x
        case .identifier(let name): return value(name)
        case .negate(let a): return a.evaluate(value).map { -$0 }
        case .binary(let op, let a, let b):
            guard let x = a.evaluate(value), let y = b.evaluate(value) else { return nil }
            return SpecExpression.apply(op, x, y)
        case .call(let f, let args):
            let values = args.compactMap { $0.evaluate(value) }
            guard values.count == args.count else { return nil }
            return SpecExpression.apply(f, values)
        }
    }

    public static func apply(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: x + y
        case .subtract: x - y
        case .multiply: x * y
        case .divide: x / y
        case .power: pow(x, y)
        }
    }

    public static func apply(_ f: Function, _ v: [Double]) -> Double {
        switch f {
        case .exp: exp(v[0])
        case .log: log(v[0])
        case .log1p: log1p(v[0])
        case .expm1: expm1(v[0])
        case .sqrt: v[0].squareRoot()
        case .sin: sin(v[0])
        case .cos: cos(v[0])
        case .tanh: tanh(v[0])
        case .abs: Swift.abs(v[0])
        case .min: Swift.min(v[0], v[1])
        case .max: Swift.max(v[0], v[1])
        default: applyBrian2(f, v[0])
        }
    }

    /// Brian2's further functions of one argument, as the tape and the native code compute them.
    static func applyBrian2(_ f: Function, _ x: Double) -> Double {
        switch f {
        case .log10: log10(x)
        case .tan: tan(x)
        case .sinh: sinh(x)
        case .cosh: cosh(x)
        case .arcsin: asin(x)
        case .arccos: acos(x)
        case .arctan: atan(x)
        // numpy's sign: ±1, and the argument itself for ±0 and NaN.
        case .sign: x > 0 ? 1 : (x < 0 ? -1 : x)
        case .floor: x.rounded(.down)
        case .ceil: x.rounded(.up)
        case .int: x.rounded(.towardZero)
        default: .nan
        }
    }
}

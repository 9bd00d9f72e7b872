import SynVerifyGSL

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
        /// exprel(x) = (eˣ − 1)/x, 1 at x = 0 (Brian2's, as `expm1(x)/x`).
        case exprel
        /// lambertw(x, k): the principal branch W₀ (k = 0) or W₋₁ (k = −1, x in [−1/e, 0)),
        /// from GSL (`gsl_sf_lambert_W0`, `gsl_sf_lambert_Wm1`; DLMF 4.13); k is a constant.
        case lambertw
        // Booleans as Brian2 evaluates them: 1 for true, 0 for false; a value is true when ≠ 0.
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case and, or, not
        /// d exprel(x)/dx, for the symbolic Jacobian only (a spec cannot call it).
        case exprelDerivative = "exprel'"

        public var arity: Int {
            switch self {
            case .min, .max, .lambertw, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .and, .or: 2
            default: 1
            }
        }

        /// The functions a spec calls by name (not operators, not internal ones).
        public static var callable: [Function] {
            allCases.filter {
                $0.rawValue.allSatisfy { $0.isLetter || $0.isNumber } && ![.and, .or, .not].contains($0)
            }
        }

        /// Written between its operands: comparisons, `and`, `or`.
        public var isInfix: Bool { arity == 2 && !(self == .min || self == .max || self == .lambertw) }
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
        case .call(let f, let args) where f.isInfix: return "(\(args[0]) \(f.rawValue) \(args[1]))"
        case .call(.not, let args): return "(not \(args[0]))"
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
        case .lambertw: lambertW(v[0], branch: v[1])
        case .less: v[0] < v[1] ? 1 : 0
        case .lessEqual: v[0] <= v[1] ? 1 : 0
        case .greater: v[0] > v[1] ? 1 : 0
        case .greaterEqual: v[0] >= v[1] ? 1 : 0
        case .equal: v[0] == v[1] ? 1 : 0
        case .notEqual: v[0] != v[1] ? 1 : 0
        case .and: v[0] != 0 && v[1] != 0 ? 1 : 0
        case .or: v[0] != 0 || v[1] != 0 ? 1 : 0
        default: applyBrian2(f, v[0])
        }
    }

    /// W₀(x) for k = 0, W₋₁(x) for k = −1; NaN outside the branch's domain (GSL's W₋₁ returns
    /// W₀ for x ≥ 0, where W₋₁ is not real).
    static func lambertW(_ x: Double, branch k: Double) -> Double {
        if k != 0 && !(x < 0) { return .nan }
        do {
            return k == 0 ? try SpecialFunctions.lambertW0(x) : try SpecialFunctions.lambertWm1(x)
        } catch {
            return .nan
        }
    }

    /// exprel(x) = expm1(x)/x, 1 at 0 (no cancellation: expm1 is accurate near 0).
    static func exprel(_ x: Double) -> Double { x == 0 ? 1 : expm1(x) / x }

    /// exprel′(x) = (eˣ − exprel(x))/x; for |x| < 0.05, where that difference cancels (its
    /// rounding error there is about 2e-16·eˣ/|x| ≤ 5e-15), the Taylor series Σ n·xⁿ⁻¹/(n + 1)!
    /// through n = 8: 1/2 + x/3 + x²/8 + x³/30 + x⁴/144 + x⁵/840 + x⁶/5760 + x⁷/45360
    /// (truncation x⁸/403200 < 1e-16). `NativeCode` writes the same operations in C.
    static func exprelDerivative(_ x: Double) -> Double {
        Swift.abs(x) < 0.05
            ? 0.5 + x
                * (1 / 3 + x * (1 / 8 + x * (1 / 30 + x * (1 / 144 + x * (1 / 840 + x * (1 / 5760 + x / 45360))))))
            : (exp(x) - expm1(x) / x) / x
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
        case .exprel: exprel(x)
        case .exprelDerivative: exprelDerivative(x)
        case .not: x == 0 ? 1 : 0
        default: .nan
        }
    }
}

/// Symbolic differentiation and algebraic simplification of expressions, for the analytic
/// Jacobians of user models (so every implicit GSL stepper applies).
///
/// Rules: sum, product, quotient and chain rules; `a**c` with constant `c` by the power rule,
/// otherwise `a**b·(b′·log a + b·a′/a)`; `abs(u)′ = u′·u/abs(u)` and `min`/`max` through
/// `(a + b ∓ abs(a − b))/2` — undefined (NaN) where the arguments are equal, like the
/// non-smooth functions themselves.
extension SpecExpression {
    /// ∂self/∂`variable`, simplified. Shared subtrees make some derivatives (nested powers with
    /// the variable in the exponent, min/max chains) grow exponentially as trees, so the work is
    /// bounded: past `budget` nodes visited the result is nil (no symbolic derivative).
    public func derivative(with variable: String, budget: Int = 200_000) -> SpecExpression? {
        let counter = WorkBudget(budget)
        guard let raw = derivativeUnsimplified(variable, counter), let result = raw.simplified(counter) else {
            return nil
        }
        return result
    }

    /// `derivative(with:)` for callers that know the expression is small (tests, hand checks).
    func derivativeOrNaN(with variable: String) -> SpecExpression {
        derivative(with: variable) ?? .number(.nan)
    }

    private func derivativeUnsimplified(_ v: String, _ budget: WorkBudget) -> SpecExpression? {
        guard budget.spend() else { return nil }
        switch self {
        case .number: return .number(0)
        case .identifier(let name): return .number(name == v ? 1 : 0)
        case .negate(let a): return a.derivativeUnsimplified(v, budget).map { .negate($0) }
        case .binary(let op, let a, let b):
            guard let da = a.derivativeUnsimplified(v, budget), let db = b.derivativeUnsimplified(v, budget) else {
                return nil
            }
            switch op {
            case .add: return .binary(.add, da, db)
            case .subtract: return .binary(.subtract, da, db)
            case .multiply: return .binary(.add, .binary(.multiply, da, b), .binary(.multiply, a, db))
            case .divide:
                // a′/b − a·b′/b²
                return .binary(
                    .subtract, .binary(.divide, da, b),
                    .binary(.divide, .binary(.multiply, a, db), .binary(.power, b, .number(2))))
            case .power:
                if !b.identifiers.contains(v) {
                    // b·a^(b−1)·a′
                    return .binary(
                        .multiply, .binary(.multiply, b, .binary(.power, a, .binary(.subtract, b, .number(1)))), da)
                }
                return .binary(
                    .multiply, self,
                    .binary(
                        .add, .binary(.multiply, db, .call(.log, [a])), .binary(.divide, .binary(.multiply, b, da), a)))
            }
        case .call(let f, let args):
            let a = args[0]
            guard let da = a.derivativeUnsimplified(v, budget) else { return nil }
            switch f {
            case .exp: return .binary(.multiply, self, da)
            case .log: return .binary(.divide, da, a)
            case .log1p: return .binary(.divide, da, .binary(.add, .number(1), a))
            case .expm1: return .binary(.multiply, .call(.exp, [a]), da)
            case .sqrt: return .binary(.divide, da, .binary(.multiply, .number(2), self))
            case .sin: return .binary(.multiply, .call(.cos, [a]), da)
            case .cos: return .negate(.binary(.multiply, .call(.sin, [a]), da))
            case .tanh: return .binary(.multiply, .binary(.subtract, .number(1), .binary(.power, self, .number(2))), da)
            case .abs: return .binary(.multiply, da, .binary(.divide, a, self))
            case .log10: return .binary(.divide, da, .binary(.multiply, a, .number(2.302585092994045684)))  // ln 10
            case .tan: return .binary(.multiply, .binary(.add, .number(1), .binary(.power, self, .number(2))), da)
            case .sinh: return .binary(.multiply, .call(.cosh, [a]), da)
            case .cosh: return .binary(.multiply, .call(.sinh, [a]), da)
            case .arcsin, .arccos:
                let root = SpecExpression.call(.sqrt, [.binary(.subtract, .number(1), .binary(.power, a, .number(2)))])
                let d = SpecExpression.binary(.divide, da, root)
                return f == .arcsin ? d : .negate(d)
            case .arctan: return .binary(.divide, da, .binary(.add, .number(1), .binary(.power, a, .number(2))))
            case .sign, .floor, .ceil, .int, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .and, .or,
                .not:
                return .number(0)
            case .exprel: return .binary(.multiply, .call(.exprelDerivative, [a]), da)
            case .exprelDerivative: return nil  // never differentiated twice: no second-order Jacobian
            // W′(x) = W/(x(1 + W)) = e^(−W)/(1 + W), finite at x = 0.
            case .lambertw:
                return .binary(
                    .divide, .binary(.multiply, .call(.exp, [.negate(self)]), da), .binary(.add, .number(1), self))
            case .min, .max:
                let b = args[1]
                let sign: BinaryOperator = f == .min ? .subtract : .add
                let smooth = SpecExpression.binary(
                    .divide, .binary(sign, .binary(.add, a, b), .call(.abs, [.binary(.subtract, a, b)])), .number(2))
                return smooth.derivativeUnsimplified(v, budget)
            }
        }
    }

    /// Constant folding and the identities 0 + x, x − 0, 0 − x, 1·x, 0·x, x/1, 0/x, −(−x),
    /// x**1, x**0 (0·x → 0 assumes x finite, as a Jacobian entry does).
    public func simplified() -> SpecExpression {
        simplified(WorkBudget(.max)) ?? self
    }

    func simplified(_ budget: WorkBudget) -> SpecExpression? {
        guard budget.spend() else { return nil }
        switch self {
        case .number, .identifier: return self
        case .negate(let a):
            guard let s = a.simplified(budget) else { return nil }
            if case .number(let x) = s { return .number(-x) }
            if case .negate(let inner) = s { return inner }
            return .negate(s)
        case .call(let f, let args):
            var s: [SpecExpression] = []
            for a in args {
                guard let simple = a.simplified(budget) else { return nil }
                s.append(simple)
            }
            if s.allSatisfy({ if case .number = $0 { true } else { false } }) {
                let values: [Double] = s.map { element -> Double in
                    if case .number(let x) = element { return x }
                    return 0
                }
                let value = SpecExpression.apply(f, values)
                if value.isFinite { return .number(value) }
            }
            return .call(f, s)
        case .binary(let op, let a, let b):
            guard let x = a.simplified(budget), let y = b.simplified(budget) else { return nil }
            if case .number(let p) = x, case .number(let q) = y {
                let value = SpecExpression.apply(op, p, q)
                if value.isFinite { return .number(value) }
            }
            switch op {
            case .add:
                if x == .number(0) { return y }
                if y == .number(0) { return x }
                if case .negate(let n) = y { return SpecExpression.binary(.subtract, x, n).simplified(budget) }
            case .subtract:
                if y == .number(0) { return x }
                if x == .number(0) { return SpecExpression.negate(y).simplified(budget) }
                if x == y { return .number(0) }
            case .multiply:
                if x == .number(0) || y == .number(0) { return .number(0) }
                if x == .number(1) { return y }
                if y == .number(1) { return x }
                if x == .number(-1) { return SpecExpression.negate(y).simplified(budget) }
                if y == .number(-1) { return SpecExpression.negate(x).simplified(budget) }
            case .divide:
                if x == .number(0) { return .number(0) }
                if y == .number(1) { return x }
            case .power:
                if y == .number(1) { return x }
                if y == .number(0) { return .number(1) }
            }
            return .binary(op, x, y)
        }
    }
}

/// A count of nodes a symbolic computation may still visit.
final class WorkBudget {
    private var remaining: Int
    init(_ remaining: Int) { self.remaining = remaining }
    func spend() -> Bool {
        remaining -= 1
        return remaining >= 0
    }
}

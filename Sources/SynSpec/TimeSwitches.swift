/// Comparisons of t with constants in a right-hand side (`I0*(t > 10*ms)`, `(t >= t1) and (t < t2)`):
/// switch times exactly like those of `input:` steps. Integration stops at them, exact propagation
/// splits its steps there, lint samples both sides, so no solver steps over a pulse written this way.
extension SpecExpression {
    static let comparisons: Set<Function> = [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual]

    /// Each comparison whose operands read t and constants only, with the time (ms) where it
    /// changes value: the root of (left − right), which must be affine in t with a non-zero slope
    /// (`t > 30*ms`, `t - t0 <= 5*ms`); nil time for one that is not (`sin(t) > 0`).
    func timeComparisons(constants: [String: Double]) -> [(comparison: SpecExpression, time: Double?)] {
        var found: [(SpecExpression, Double?)] = []
        func walk(_ e: SpecExpression) {
            switch e {
            case .number, .identifier: break
            case .negate(let a): walk(a)
            case .binary(_, let a, let b):
                walk(a)
                walk(b)
            case .call(let f, let args):
                if Self.comparisons.contains(f), args.count == 2 {
                    let difference = SpecExpression.binary(.subtract, args[0], args[1])
                    let names = Set(difference.identifiers)
                    if names.contains("t"), names.subtracting(["t"]).allSatisfy({ constants[$0] != nil }) {
                        found.append((e, difference.affineRoot(constants: constants)))
                        return
                    }
                }
                args.forEach(walk)
            }
        }
        walk(self)
        return found
    }

    /// The t (ms) where this expression of t and constants is 0, when it is a·t + b with a ≠ 0
    /// (checked at t = 0, 1 and 2 ms to 1e-12 relative).
    func affineRoot(constants: [String: Double]) -> Double? {
        func at(_ t: Double) -> Double? { evaluate { $0 == "t" ? t : constants[$0] } }
        guard let f0 = at(0), let f1 = at(1), let f2 = at(2) else { return nil }
        let slope = f1 - f0
        guard slope != 0, slope.isFinite, abs((f2 - f1) - slope) <= 1e-12 * max(abs(slope), abs(f0), abs(f1)) else {
            return nil
        }
        let root = -f0 / slope
        return root.isFinite ? root : nil
    }

    /// True when every t in the expression lies inside a comparison of t with constants: the
    /// expression is then piecewise constant in t between its switch times.
    func readsTimeOnlyInSwitches(constants: [String: Double]) -> Bool {
        switch self {
        case .number: return true
        case .identifier(let name): return name != "t"
        case .negate(let a): return a.readsTimeOnlyInSwitches(constants: constants)
        case .binary(_, let a, let b):
            return a.readsTimeOnlyInSwitches(constants: constants) && b.readsTimeOnlyInSwitches(constants: constants)
        case .call(let f, let args):
            if Self.comparisons.contains(f), args.count == 2,
                Set(args.flatMap(\.identifiers)).subtracting(["t"]).allSatisfy({ constants[$0] != nil })
            {
                return true
            }
            return args.allSatisfy { $0.readsTimeOnlyInSwitches(constants: constants) }
        }
    }

    /// The expression with each comparison of t made right-continuous, like `input:` windows
    /// [start, end): at a switch time it takes the value it has just after it, so that a step
    /// starting there sees the new value (`t > 30*ms` reads as `t >= 30*ms`, `t <= 31*ms` as
    /// `t < 31*ms`; `t == c` is 0 and `t != c` 1 everywhere but on a single instant).
    func rightContinuousSwitches(constants: [String: Double]) -> SpecExpression {
        switch self {
        case .number, .identifier: return self
        case .negate(let a): return .negate(a.rightContinuousSwitches(constants: constants))
        case .binary(let op, let a, let b):
            return .binary(
                op, a.rightContinuousSwitches(constants: constants), b.rightContinuousSwitches(constants: constants))
        case .call(let f, let args):
            if Self.comparisons.contains(f), args.count == 2,
                let (_, root) = timeComparisons(constants: constants).first, root != nil,
                let slope = SpecExpression.binary(.subtract, args[0], args[1]).slope(constants: constants)
            {
                let rising = slope > 0
                switch f {
                case .greater where rising: return .call(.greaterEqual, args)
                case .lessEqual where rising: return .call(.less, args)
                case .less where !rising: return .call(.lessEqual, args)
                case .greaterEqual where !rising: return .call(.greater, args)
                case .equal: return .number(0)
                case .notEqual: return .number(1)
                default: return self
                }
            }
            return .call(f, args.map { $0.rightContinuousSwitches(constants: constants) })
        }
    }

    /// d/dt of an expression of t and constants, from its values at t = 0 and 1 ms.
    func slope(constants: [String: Double]) -> Double? {
        func at(_ t: Double) -> Double? { evaluate { $0 == "t" ? t : constants[$0] } }
        guard let f0 = at(0), let f1 = at(1) else { return nil }
        return f1 - f0
    }
}

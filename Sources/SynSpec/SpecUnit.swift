import SynKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A physical dimension as integer exponents of time, voltage, current and amount of substance:
/// the basis in which every quantity of these models closes (conductance = current/voltage,
/// capacitance = current·time/voltage, frequency = 1/time).
public struct SpecDimension: Hashable, Sendable, CustomStringConvertible {
    public var time = 0, voltage = 0, current = 0, amount = 0

    public init(time: Int = 0, voltage: Int = 0, current: Int = 0, amount: Int = 0) {
        self.time = time
        self.voltage = voltage
        self.current = current
        self.amount = amount
    }

    public static let dimensionless = SpecDimension()
    public static let time = SpecDimension(time: 1)
    public static let voltage = SpecDimension(voltage: 1)
    public static let current = SpecDimension(current: 1)
    public static let conductance = SpecDimension(voltage: -1, current: 1)
    public static let capacitance = SpecDimension(time: 1, voltage: -1, current: 1)
    public static let concentration = SpecDimension(amount: 1)
    public static let frequency = SpecDimension(time: -1)

    /// The internal unit's name when this dimension has one (ms, mV, pA, nS, pF, mM, kHz, 1).
    var namedUnit: String? {
        SpecUnit.named.first { $0.1.scale == 1 && $0.1.dimension == self }?.0
    }

    public static func * (a: SpecDimension, b: SpecDimension) -> SpecDimension {
        SpecDimension(
            time: a.time + b.time, voltage: a.voltage + b.voltage, current: a.current + b.current,
            amount: a.amount + b.amount)
    }

    public static func / (a: SpecDimension, b: SpecDimension) -> SpecDimension {
        SpecDimension(
            time: a.time - b.time, voltage: a.voltage - b.voltage, current: a.current - b.current,
            amount: a.amount - b.amount)
    }

    public func power(_ n: Int) -> SpecDimension {
        SpecDimension(time: time * n, voltage: voltage * n, current: current * n, amount: amount * n)
    }

    /// The internal unit of this dimension: a named one (ms, mV, pA, nS, pF, mM, Hz, 1) or a
    /// product of ms, mV, pA and mM powers.
    public var description: String {
        if let name = namedUnit { return name }
        // A named unit per time or times time: "nS/ms", "mV/ms", "pA·ms".
        for k in [1, 2, -1] {
            if let name = (self * SpecDimension.time.power(k)).namedUnit, name != "1" {
                return k > 0 ? "\(name)/ms\(k == 2 ? "²" : "")" : "\(name)·ms"
            }
        }
        var parts: [String] = []
        for (symbol, exponent) in [("pA", current), ("mV", voltage), ("ms", time), ("mM", amount)] where exponent != 0 {
            parts.append(exponent == 1 ? symbol : "\(symbol)^\(exponent)")
        }
        return parts.joined(separator: "·")
    }
}

/// A unit of a spec file: its dimension and the factor that converts a value in it to the
/// internal unit of that dimension (ms, mV, pA, nS, pF, mM, Hz; nS·mV = pA, pF·mV/ms = pA).
public struct SpecUnit: Hashable, Sendable {
    public let dimension: SpecDimension
    public let scale: Double

    /// The unit names a spec may use, in internal units: "1" and every unit suffix the
    /// command line knows (`Quantity.suffixes`), whose internal units these share except for
    /// frequency — 1/ms here, so that dimensions multiply out (a Hz is 1e-3 of it), Hz there.
    public static let named: [(String, SpecUnit)] =
        [("1", SpecUnit(dimension: .dimensionless, scale: 1))]
        + Quantity.suffixes.compactMap { entry in
            let dimension: SpecDimension
            var scale = entry.factor
            switch entry.dimension {
            case .time: dimension = .time
            case .voltage: dimension = .voltage
            case .current: dimension = .current
            case .conductance: dimension = .conductance
            case .capacitance: dimension = .capacitance
            case .concentration: dimension = .concentration
            case .frequency:
                dimension = .frequency
                scale *= 1e-3
            default: return nil
            }
            return (entry.suffix, SpecUnit(dimension: dimension, scale: scale))
        }

    public static func named(_ name: String) -> SpecUnit? {
        named.first { $0.0 == name }?.1
    }

    /// A unit written as a name or as products, quotients and integer powers of names, as Brian2
    /// writes them: `nS`, `1/ms`, `1/(mM*ms)`, `mV/ms`, `nS*mV`, `ms**-1`. nil when the text is
    /// not such a unit.
    public static func parse(_ text: String) -> SpecUnit? {
        if let unit = named(text) { return unit }
        guard text.utf8.count <= 200, let parsed = try? ExpressionParser.parse(text) else { return nil }
        func unit(_ e: SpecExpression) -> SpecUnit? {
            switch e {
            case .number(1): return named("1")
            case .identifier(let name): return named(name)
            case .binary(.multiply, let a, let b):
                guard let x = unit(a), let y = unit(b) else { return nil }
                return SpecUnit(dimension: x.dimension * y.dimension, scale: x.scale * y.scale)
            case .binary(.divide, let a, let b):
                guard let x = unit(a), let y = unit(b) else { return nil }
                return SpecUnit(dimension: x.dimension / y.dimension, scale: x.scale / y.scale)
            case .binary(.power, let a, let exponent):
                guard let x = unit(a), case .number(let n) = exponent.simplified(), n == n.rounded(), abs(n) <= 4 else {
                    return nil
                }
                return SpecUnit(dimension: x.dimension.power(Int(n)), scale: pow(x.scale, n))
            default: return nil
            }
        }
        return unit(parsed.expression)
    }

    /// What `parse` accepts, for error messages.
    static var knownUnits: String {
        named.map(\.0).joined(separator: ", ") + ", and products, quotients and integer powers of them, e.g. 1/(mM*ms)"
    }
}

extension SpecExpression {
    /// The dimension of the expression given those of its identifiers, or a message saying what
    /// does not agree (`x + 1` with x in mV, `exp` of a time, a dimensioned base raised to a
    /// non-integer or non-constant power).
    public func dimension(_ of: (String) -> SpecDimension?) -> Result<SpecDimension, DimensionMismatch> {
        switch self {
        case .number: return .success(.dimensionless)
        case .identifier(let name):
            guard let d = of(name) else { return .failure(.init(message: "unknown identifier '\(name)'")) }
            return .success(d)
        case .negate(let a): return a.dimension(of)
        case .binary(let op, let a, let b):
            let da: SpecDimension
            let db: SpecDimension
            switch a.dimension(of) {
            case .success(let d): da = d
            case .failure(let e): return .failure(e)
            }
            if op == .power {
                if da == .dimensionless {
                    switch b.dimension(of) {
                    case .success(let d) where d == .dimensionless: return .success(.dimensionless)
                    case .success(let d):
                        return .failure(.init(message: "an exponent must be dimensionless, not \(d) in '\(self)'"))
                    case .failure(let e): return .failure(e)
                    }
                }
                guard case .number(let n) = b.simplified(), n == n.rounded(), abs(n) <= 12 else {
                    return .failure(
                        .init(message: "\(da) raised to '\(b)': a dimensioned base needs a constant integer exponent"))
                }
                return .success(da.power(Int(n)))
            }
            switch b.dimension(of) {
            case .success(let d): db = d
            case .failure(let e): return .failure(e)
            }
            switch op {
            case .add, .subtract:
                guard da == db else {
                    return .failure(
                        .init(
                            message:
                                "cannot \(op == .add ? "add" : "subtract") \(db) \(op == .add ? "to" : "from") \(da) "
                                + "in '\(self)'"
                        ))
                }
                return .success(da)
            case .multiply: return .success(da * db)
            case .divide: return .success(da / db)
            case .power: return .success(da)  // handled above
            }
        case .call(let f, let args):
            var dims: [SpecDimension] = []
            for a in args {
                switch a.dimension(of) {
                case .success(let d): dims.append(d)
                case .failure(let e): return .failure(e)
                }
            }
            switch f {
            case .exp, .log, .log1p, .expm1, .sin, .cos, .tanh:
                guard dims[0] == .dimensionless else {
                    return .failure(
                        .init(message: "\(f.rawValue) needs a dimensionless argument, not \(dims[0]) in '\(self)'"))
                }
                return .success(.dimensionless)
            case .sqrt:
                let d = dims[0]
                guard d.time % 2 == 0, d.voltage % 2 == 0, d.current % 2 == 0, d.amount % 2 == 0 else {
                    return .failure(.init(message: "sqrt of \(d) has no dimension in whole powers"))
                }
                return .success(
                    SpecDimension(
                        time: d.time / 2, voltage: d.voltage / 2, current: d.current / 2, amount: d.amount / 2))
            case .abs: return .success(dims[0])
            case .min, .max:
                guard dims[0] == dims[1] else {
                    return .failure(.init(message: "\(f.rawValue) of \(dims[0]) and \(dims[1]) in '\(self)'"))
                }
                return .success(dims[0])
            }
        }
    }
}

/// Why an expression's dimensions do not agree.
public struct DimensionMismatch: Error, Equatable, Sendable {
    public let message: String
}

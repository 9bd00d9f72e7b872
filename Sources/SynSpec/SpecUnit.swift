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

    /// Brian2's unit names (`brian2/units/allunits.py` and `stdunits.py`): every SI prefix on
    /// second, volt, amp (ampere), siemens, farad, ohm, hertz, molar and coulomb (`msecond`,
    /// `Mohm`, `nsiemens`, `pfarad`, `mmolar`, …), the short forms (`mV`, `ms`, `nS`, `uS`, `pF`,
    /// `mM`, `kHz`, …) and the `GOhm`/`MOhm`/`kOhm` spellings, in internal units.
    public static let brian2: [(String, SpecUnit)] = {
        let prefixes: [(String, Int)] = [
            ("y", -24), ("z", -21), ("a", -18), ("f", -15), ("p", -12), ("n", -9), ("u", -6), ("m", -3), ("c", -2),
            ("d", -1), ("", 0), ("da", 1), ("h", 2), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18),
            ("Z", 21), ("Y", 24),
        ]
        // Each base unit in the internal one of its dimension, as a power of ten (ms, mV, pA, nS,
        // pF, mV/pA = GΩ, 1/ms, mM, pA·ms = fC); prefixed factors are exact: 10^(prefix + base).
        let bases: [(String, SpecDimension, Int)] = [
            ("second", .time, 3), ("volt", .voltage, 3), ("amp", .current, 12), ("ampere", .current, 12),
            ("siemens", .conductance, 9), ("farad", .capacitance, 12), ("ohm", .voltage / .current, -9),
            ("hertz", .frequency, -3), ("molar", .concentration, 3), ("coulomb", .current * .time, 15),
        ]
        var units: [(String, SpecUnit)] = []
        for (base, dimension, exponent) in bases {
            for (prefix, shift) in prefixes {
                units.append((prefix + base, SpecUnit(dimension: dimension, scale: Double("1e\(shift + exponent)")!)))
            }
        }
        let short: [(String, String)] = [
            ("mV", "mvolt"), ("mA", "mamp"), ("uA", "uamp"), ("nA", "namp"), ("pA", "pamp"), ("pF", "pfarad"),
            ("uF", "ufarad"), ("nF", "nfarad"), ("nS", "nsiemens"), ("uS", "usiemens"), ("mS", "msiemens"),
            ("ms", "msecond"), ("us", "usecond"), ("Hz", "hertz"), ("kHz", "khertz"), ("MHz", "Mhertz"),
            ("mM", "mmolar"), ("uM", "umolar"), ("nM", "nmolar"), ("GOhm", "Gohm"), ("MOhm", "Mohm"),
            ("kOhm", "kohm"),
        ]
        let table = Dictionary(units, uniquingKeysWith: { a, _ in a })
        return units + short.compactMap { alias, name in table[name].map { (alias, $0) } }
    }()

    /// Every unit name by name: SynVerify's own (`named`) first, then Brian2's.
    static let lookup: [String: SpecUnit] = Dictionary(named + brian2, uniquingKeysWith: { first, _ in first })

    public static func named(_ name: String) -> SpecUnit? {
        lookup[name]
    }

    /// Units Brian2 defines whose dimension SynVerify's basis (time, voltage, current,
    /// concentration) cannot express, with the reason, for a clear error.
    static func unsupported(_ name: String) -> String? {
        let bases = ["metre", "meter", "gram", "kilogram", "kelvin", "mole", "mol", "candela", "litre", "liter"]
        let prefixes = ["", "y", "z", "a", "f", "p", "n", "u", "m", "c", "d", "da", "h", "k", "M", "G", "T", "P", "E"]
        let lengths = ["cm", "cm2", "cm3", "mm", "mm2", "mm3", "um", "um2", "um3"]
        guard lengths.contains(name) || bases.contains(where: { b in prefixes.contains { $0 + b == name } }) else {
            return nil
        }
        return "'\(name)' is a Brian2 unit of length, mass, temperature or amount, which SynVerify's units "
            + "(time, voltage, current, concentration) cannot express: write the model per unit area or volume"
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

    /// The error text for a unit `name` that `parse` does not accept: why, when Brian2 defines it
    /// but SynVerify's basis cannot express it; else what is accepted.
    static func unknownUnitMessage(_ name: String) -> String {
        unsupported(name) ?? "unknown unit '\(name)'; known: \(knownUnits)"
    }

    /// What `parse` accepts, for error messages.
    static var knownUnits: String {
        named.map(\.0).joined(separator: ", ")
            + ", Brian2's names (volt, amp, siemens, farad, ohm, second, hertz, molar with SI prefixes: mvolt, "
            + "Mohm, …), and products, quotients and integer powers of them, e.g. 1/(mM*ms)"
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
            case .exp, .log, .log1p, .expm1, .sin, .cos, .tanh, .log10, .tan, .sinh, .cosh, .arcsin, .arccos,
                .arctan, .floor, .ceil, .int, .exprel, .exprelDerivative, .lambertw, .and, .or, .not:
                if let d = dims.first(where: { $0 != .dimensionless }) {
                    return .failure(
                        .init(
                            message:
                                "\(f.rawValue) needs "
                                + (f.arity == 1 ? "a dimensionless argument, " : "dimensionless arguments, ")
                                + "not \(d) in '\(self)'"))
                }
                return .success(.dimensionless)
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
                guard dims[0] == dims[1] else {
                    return .failure(.init(message: "cannot compare \(dims[0]) with \(dims[1]) in '\(self)'"))
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
            case .sign: return .success(.dimensionless)
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

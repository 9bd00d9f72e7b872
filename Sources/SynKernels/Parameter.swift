/// The set of values a parameter may take.
public enum ParameterDomain: Sendable, Equatable {
    /// Any finite number.
    case finite
    /// Finite and > 0.
    case positive
    /// Finite and ≥ 0.
    case nonNegative
    /// One of the listed values.
    case oneOf([Double])

    /// Human-readable range, in `unit`.
    public func allowedText(unit: String) -> String {
        let u = unit == "1" ? "" : " \(unit)"
        switch self {
        case .finite: return "any finite value\(u.isEmpty ? "" : " in\(u)")"
        case .positive: return "> 0\(u) (finite)"
        case .nonNegative: return "≥ 0\(u) (finite)"
        case .oneOf(let values): return "one of " + values.map { "\($0)" }.joined(separator: ", ")
        }
    }

    func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch self {
        case .finite: return true
        case .positive: return value > 0
        case .nonNegative: return value >= 0
        case .oneOf(let values): return values.contains(value)
        }
    }
}

/// A kernel parameter: its name (as in the seeds), dimension, default and meaning.
public struct ParameterSpec: Sendable, Equatable {
    public let name: String
    public let dimension: Dimension
    public let defaultValue: Double
    public let domain: ParameterDomain
    public let summary: String

    public init(
        _ name: String, _ dimension: Dimension, _ defaultValue: Double, _ domain: ParameterDomain, _ summary: String
    ) {
        self.name = name
        self.dimension = dimension
        self.defaultValue = defaultValue
        self.domain = domain
        self.summary = summary
    }

    /// Throws unless `value` lies in the parameter's domain.
    public func validate(_ value: Double) throws(InputError) {
        guard domain.contains(value) else {
            throw .parameterOutOfRange(
                name: name, value: value, unit: dimension.unit, allowed: domain.allowedText(unit: dimension.unit))
        }
    }
}

/// Parameter values of one kernel, in declared order, all in internal units and validated.
public struct ParameterValues: Sendable, Equatable {
    /// (name, value) pairs in the order the kernel declares them.
    public private(set) var entries: [(name: String, value: Double)]

    public static func == (lhs: ParameterValues, rhs: ParameterValues) -> Bool {
        lhs.entries.map(\.name) == rhs.entries.map(\.name) && lhs.entries.map(\.value) == rhs.entries.map(\.value)
    }

    /// Defaults overridden by `overrides` (name → internal value); every value validated.
    public init(specs: [ParameterSpec], overrides: [(name: String, value: Double)] = [], kernel: String)
        throws(InputError)
    {
        var values = specs.map { (name: $0.name, value: $0.defaultValue) }
        var seen: [String] = []
        for (name, value) in overrides {
            guard let index = specs.firstIndex(where: { $0.name == name }) else {
                throw .unknownParameter(name: name, kernel: kernel, known: specs.map(\.name))
            }
            guard !seen.contains(name) else { throw .duplicateParameter(name: name) }
            seen.append(name)
            values[index].value = value
        }
        for (spec, entry) in zip(specs, values) { try spec.validate(entry.value) }
        entries = values
    }

    /// The value of a declared parameter. A name the kernel does not declare is a programming
    /// error in the kernel's own file, caught by the catalogue tests.
    public subscript(_ name: String) -> Double {
        guard let entry = entries.first(where: { $0.name == name }) else {
            preconditionFailure("kernel reads undeclared parameter '\(name)'")
        }
        return entry.value
    }
}

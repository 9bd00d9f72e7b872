/// Bad input to a kernel or a command: every case renders as one line that names the thing
/// and, where there is one, the allowed range.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    case parameterOutOfRange(name: String, value: Double, unit: String, allowed: String)
    case unknownParameter(name: String, kernel: String, known: [String])
    case duplicateParameter(name: String)
    case malformedParameter(text: String)
    /// An unknown catalogue name; `kind` is "kernel", "model", …
    case unknownName(kind: String, name: String, known: [String])
    case malformedQuantity(text: String, name: String, reason: String)
    case wrongDimension(text: String, name: String, found: Dimension, expected: Dimension)
    case spikesNotAccepted(kernel: String)
    case invalidSpikes(reason: String)
    case invalidAbscissa(name: String, reason: String)
    case computationFailed(kernel: String, reason: String)

    public var description: String {
        switch self {
        case let .parameterOutOfRange(name, value, unit, allowed):
            let shown = unit == "1" ? "\(value)" : "\(value) \(unit)"
            return "parameter '\(name)' = \(shown) is out of range: allowed \(allowed)"
        case let .unknownParameter(name, kernel, known):
            return "unknown parameter '\(name)' for kernel '\(kernel)'; known: \(known.joined(separator: ", "))"
        case let .duplicateParameter(name):
            return "parameter '\(name)' is given more than once"
        case let .malformedParameter(text):
            return "malformed --param '\(text)': expected NAME=VALUE, e.g. tau=5ms"
        case let .unknownName(kind, name, known):
            return "unknown \(kind) '\(name)'; known: \(known.joined(separator: ", "))"
        case let .malformedQuantity(text, name, reason):
            return "\(name): cannot read '\(text)': \(reason)"
        case let .wrongDimension(text, name, found, expected):
            return "\(name): '\(text)' is \(found.noun), but \(name) is \(expected.noun) (\(expected.unit))"
        case let .spikesNotAccepted(kernel):
            return "kernel '\(kernel)' takes no spike train (--spikes): its input is set by its parameters"
        case let .invalidSpikes(reason):
            return "--spikes: \(reason)"
        case let .invalidAbscissa(name, reason):
            return "\(name): \(reason)"
        case let .computationFailed(kernel, reason):
            return "kernel '\(kernel)': \(reason)"
        }
    }
}

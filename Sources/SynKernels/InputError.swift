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
        case .parameterOutOfRange(let name, let value, let unit, let allowed):
            let shown = unit == "1" ? "\(value)" : "\(value) \(unit)"
            return "parameter '\(name)' = \(shown) is out of range: allowed \(allowed)"
        case .unknownParameter(let name, let kernel, let known):
            return "unknown parameter '\(name)' for kernel '\(kernel)'; known: \(known.joined(separator: ", "))"
        case .duplicateParameter(let name):
            return "parameter '\(name)' is given more than once"
        case .malformedParameter(let text):
            return "malformed --param '\(text)': expected NAME=VALUE, e.g. tau=5ms"
        case .unknownName(let kind, let name, let known):
            return "unknown \(kind) '\(name)'; known: \(known.joined(separator: ", "))"
        case .malformedQuantity(let text, let name, let reason):
            return "\(name): cannot read '\(text)': \(reason)"
        case .wrongDimension(let text, let name, let found, let expected):
            return "\(name): '\(text)' is \(found.noun), but \(name) is \(expected.noun) (\(expected.unit))"
        case .spikesNotAccepted(let kernel):
            return "kernel '\(kernel)' takes no spike train (--spikes): its input is set by its parameters"
        case .invalidSpikes(let reason):
            return "--spikes: \(reason)"
        case .invalidAbscissa(let name, let reason):
            return "\(name): \(reason)"
        case .computationFailed(let kernel, let reason):
            return "kernel '\(kernel)': \(reason)"
        }
    }
}

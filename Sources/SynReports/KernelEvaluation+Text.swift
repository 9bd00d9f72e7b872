import SynKernels
import SynVerification

extension KernelEvaluation {
    /// The JSON object of `synverify kernel --json`.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("kernel", .string(entry.name)),
            (
                "abscissa",
                .object([("name", .string(entry.abscissa.rawValue)), ("unit", .string(entry.abscissa.dimension.unit))])
            ),
            ("output", .object([("name", .string(entry.output.name)), ("unit", .string(entry.output.unit))])),
            ("params", .object(parameters.entries.map { ($0.name, .number($0.value)) })),
            ("units", .object(entry.parameters.map { ($0.name, .string($0.dimension.unit)) })),
        ]
        if entry.acceptsSpikes {
            members.append(("spikes", .array((spikes ?? [0]).map { .number($0) })))
        }
        members.append(("at", .array(abscissa.map { .number($0) })))
        members.append(("values", .array(values.map { .number($0) })))
        members.append(
            ("peak", peak.map { .object([("time", .number($0.time)), ("value", .number($0.value))]) } ?? .null))
        members.append(
            (
                "derived",
                .object(derived.map { ($0.name, .object([("value", .number($0.value)), ("unit", .string($0.unit))])) })
            ))
        if case .knownWrong(let reason, let correct) = entry.correctness {
            members.append(
                ("known_wrong", .object([("reason", .string(reason)), ("correct_kernel", .string(correct))])))
        } else {
            members.append(("known_wrong", .null))
        }
        return .object(members)
    }

    /// Plain-text table for a terminal.
    public var text: String {
        var lines: [String] = []
        if case .knownWrong(let reason, let correct) = entry.correctness {
            lines.append("# KNOWN WRONG (\(reason)); correct kernel: \(correct)")
        }
        lines.append("# \(entry.name): \(entry.formula)")
        lines.append(
            "# " + parameters.entries.map { "\($0.name)=\(JSONValue.format($0.value))" }.joined(separator: " "))
        let xHeader = "\(entry.abscissa.rawValue) (\(entry.abscissa.dimension.unit))"
        let yHeader = "\(entry.output.name) (\(entry.output.unit))"
        lines.append("\(xHeader)\t\(yHeader)")
        for (x, y) in zip(abscissa, values) { lines.append("\(JSONValue.format(x))\t\(JSONValue.format(y))") }
        if let peak {
            lines.append(
                "# peak: \(JSONValue.format(peak.value)) \(entry.output.unit) at \(JSONValue.format(peak.time)) "
                    + "\(entry.abscissa.dimension.unit)"
            )
        } else {
            lines.append("# peak: none")
        }
        for q in derived {
            lines.append("# \(q.name) = \(JSONValue.format(q.value))" + (q.unit == "1" ? "" : " \(q.unit)"))
        }
        return lines.joined(separator: "\n")
    }
}

import SynKernels

/// One evaluation of a catalogue kernel from command-line text: parameter assignments with
/// unit suffixes, spike times and abscissa values. Parsing and evaluation only; printing is the
/// caller's.
public struct KernelEvaluation: Sendable {
    public let entry: KernelEntry
    public let parameters: ParameterValues
    public let spikes: [Double]?
    public let abscissa: [Double]
    public let values: [Double]
    public let peak: Peak?
    public let derived: [DerivedQuantity]

    /// - Parameters:
    ///   - name: catalogue name (`synverify list`).
    ///   - assignments: `NAME=VALUE` texts; VALUE may carry a unit suffix of the parameter's dimension.
    ///   - spikes: comma-separated spike times (ms, or with a time suffix); nil for the default train.
    ///   - at: comma-separated abscissa values in the kernel's abscissa dimension.
    /// - Throws: `InputError` naming the bad item.
    public init(name: String, assignments: [String], spikes: String?, at: String) throws(InputError) {
        entry = try KernelCatalog.entry(named: name)
        var overrides: [(name: String, value: Double)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else { throw .malformedParameter(text: assignment) }
            let key = String(assignment[..<equals]).trimmingSpaces()
            let text = String(assignment[assignment.index(after: equals)...])
            guard !key.isEmpty else { throw .malformedParameter(text: assignment) }
            guard let spec = entry.parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(name: key, kernel: entry.name, known: entry.parameters.map(\.name))
            }
            overrides.append((key, try Quantity.parse(text, as: spec.dimension, for: "parameter '\(key)'")))
        }
        if let spikes {
            guard entry.acceptsSpikes else { throw .spikesNotAccepted(kernel: entry.name) }
            self.spikes = try Self.list(spikes, as: .time, for: "--spikes", allowEmpty: true)
        } else {
            self.spikes = nil
        }
        abscissa = try Self.list(at, as: entry.abscissa.dimension, for: "--at", allowEmpty: false)
        parameters = try entry.values(overrides: overrides)
        let kernel = try entry.make(overrides: overrides, spikes: self.spikes)
        values = abscissa.map { kernel.value(at: $0) }
        peak = kernel.peak
        derived = kernel.derived
    }

    public static func list(_ text: String, as dimension: Dimension, for name: String, allowEmpty: Bool)
        throws(InputError) -> [Double]
    {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty {
            if allowEmpty { return [] }
            throw .invalidAbscissa(name: name, reason: "give at least one value, e.g. \(name) 0,1,2")
        }
        let items = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= SpikeTrain.maximumCount else {
            throw .invalidAbscissa(name: name, reason: "\(items.count) values; at most \(SpikeTrain.maximumCount)")
        }
        var result: [Double] = []
        result.reserveCapacity(items.count)
        for item in items {
            result.append(try Quantity.parse(String(item), as: dimension, for: name))
        }
        return result
    }

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
                "# peak: \(JSONValue.format(peak.value)) \(entry.output.unit) at \(JSONValue.format(peak.time)) \(entry.abscissa.dimension.unit)"
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

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

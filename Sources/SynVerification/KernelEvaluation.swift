import SynKernels

/// One evaluation of a catalogue kernel from command-line text: parameter assignments with
/// unit suffixes, spike times and abscissa values. Parsing and evaluation only; printing is the
/// caller's.
public struct KernelEvaluation: Sendable {
    public let entry: KernelEntry
    public let parameters: ParameterValues
    public let spikes: [Double]?
    /// What the input needed that the user should know (unsorted spikes), one line each.
    public private(set) var notes: [String] = []
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
            let list = try Self.list(spikes, as: .time, for: "--spikes", allowEmpty: true)
            if list != list.sorted() { notes.append("--spikes: not in increasing order; applied in time order") }
            self.spikes = list
        } else {
            self.spikes = nil
        }
        abscissa = try Self.list(at, as: entry.abscissa.dimension, for: "--at", allowEmpty: false)
        parameters = try entry.values(overrides: overrides)
        let kernel = try entry.make(overrides: overrides, spikes: self.spikes)
        values = abscissa.map { kernel.value(at: $0) }
        peak = kernel.peak
        derived = kernel.derived
        // A value that cannot be represented is an answer nobody can use: say so, never print null.
        var bad: [String] = []
        if let k = values.firstIndex(where: { !$0.isFinite }) { bad.append("value at \(abscissa[k]) = \(values[k])") }
        if let p = peak, !(p.time.isFinite && p.value.isFinite) { bad.append("peak (\(p.time), \(p.value))") }
        if let q = derived.first(where: { !$0.value.isFinite }) { bad.append("\(q.name) = \(q.value)") }
        if let first = bad.first {
            throw .computationFailed(
                kernel: entry.name,
                reason: "\(first) is not finite for these parameters; they lie outside the range where the closed "
                    + "form can be evaluated in double precision")
        }
    }

    public static func list(_ text: String, as dimension: Dimension, for name: String, allowEmpty: Bool)
        throws(InputError) -> [Double]
    {
        try QuantityList.parse(text, as: dimension, for: name, allowEmpty: allowEmpty)
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

/// Comma-separated lists of quantities from command-line text (`0,1.5ms,2`), each with an
/// optional unit suffix of `dimension`; at most `SpikeTrain.maximumCount` values.
public enum QuantityList {
    public static func parse(_ text: String, as dimension: Dimension, for name: String, allowEmpty: Bool)
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
}

/// How a catalogue entry relates to the seed documents' formulas.
public enum Correctness: Sendable, Equatable {
    /// The correct mathematics.
    case correct
    /// A formula as printed in a seed, known to be wrong: `reason` says what is wrong, and
    /// `correctKernel` names the entry with the right form.
    case knownWrong(reason: String, correctKernel: String)
}

/// One kernel of the catalogue: its name, documentation, parameters and constructor.
public struct KernelEntry: Sendable {
    /// Command-line name, e.g. `dualexp-peak`.
    public let name: String
    /// One line: what it is.
    public let summary: String
    /// The closed form, as plain-text/markdown maths.
    public let formula: String
    /// Where it comes from (seed passage, paper, simulator).
    public let source: String
    public let abscissa: Abscissa
    /// Name and unit of the value the kernel returns.
    public let output: (name: String, unit: String)
    public let parameters: [ParameterSpec]
    /// Whether `--spikes` applies (default train: one spike at 0 ms).
    public let acceptsSpikes: Bool
    public let correctness: Correctness
    /// Abscissa values for the report's table, in internal units (default parameters).
    public let samplePoints: [Double]
    let construct: @Sendable (ParameterValues, SpikeTrain) throws(InputError) -> any Kernel

    init(
        name: String, summary: String, formula: String, source: String,
        abscissa: Abscissa = .time, output: (name: String, unit: String),
        parameters: [ParameterSpec], acceptsSpikes: Bool, correctness: Correctness = .correct,
        samplePoints: [Double],
        construct: @escaping @Sendable (ParameterValues, SpikeTrain) throws(InputError) -> any Kernel
    ) {
        self.name = name
        self.summary = summary
        self.formula = formula
        self.source = source
        self.abscissa = abscissa
        self.output = output
        self.parameters = parameters
        self.acceptsSpikes = acceptsSpikes
        self.correctness = correctness
        self.samplePoints = samplePoints
        self.construct = construct
    }

    /// Builds the kernel from parameter overrides (internal units) and spike times (ms).
    ///
    /// - Throws: `InputError` for an unknown, repeated or out-of-range parameter, or spikes
    ///   given to a kernel that takes none.
    public func make(overrides: [(name: String, value: Double)] = [], spikes: [Double]? = nil) throws(InputError)
        -> any Kernel
    {
        let values = try ParameterValues(specs: parameters, overrides: overrides, kernel: name)
        if spikes != nil && !acceptsSpikes { throw .spikesNotAccepted(kernel: name) }
        let train = try SpikeTrain(spikes ?? (acceptsSpikes ? [0] : []))
        return try construct(values, train)
    }

    /// The parameter values the kernel would use for these overrides.
    public func values(overrides: [(name: String, value: Double)] = []) throws(InputError) -> ParameterValues {
        try ParameterValues(specs: parameters, overrides: overrides, kernel: name)
    }
}

import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// One `synverify solve`: a catalogue model (or a spec's), its parameters and spikes, solver
/// options, and the resulting trajectory, spikes and work counts as JSON or text.
public struct SolveRequest {
    /// The model's name and equations as written.
    public let name: String
    public let equations: String
    /// The catalogue model's parameters (internal units); empty for a spec's model, whose
    /// parameters are set in its file.
    public let parameters: [(name: String, value: Double)]
    public let model: any VerifiableModel
    public let options: SolveOptions
    /// What was done with the spike times that the user may not expect (one line each, for
    /// standard error): sorted, repeated, or after the end time.
    public let notes: [String]

    /// Parses command-line texts; every value may carry a unit suffix of its dimension.
    /// - Throws: `InputError` for bad parameters, spikes or times; `ODESolverError` options are
    ///   checked when solving.
    public init(
        model name: String, assignments: [String], spikes: String?, method: IntegrationMethod,
        options base: SolveOptions, endTime: String?, dt: String?, at: String?
    ) throws(InputError) {
        let entry = try ModelCatalog.entry(named: name)
        self.name = entry.name
        equations = entry.equations
        var overrides: [(name: String, value: Double)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), assignment.startIndex != equals else {
                throw .malformedParameter(text: assignment)
            }
            let key = String(assignment[..<equals])
            guard let spec = entry.parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(name: key, kernel: entry.name, known: entry.parameters.map(\.name))
            }
            overrides.append(
                (
                    key,
                    try Quantity.parse(
                        String(assignment[assignment.index(after: equals)...]), as: spec.dimension,
                        for: "parameter '\(key)'")
                ))
        }
        parameters = try ParameterValues(specs: entry.parameters, overrides: overrides, kernel: entry.name).entries.map
        {
            ($0.name, $0.value)
        }
        var spikeTimes: [Double]?
        if let spikes {
            guard entry.acceptsSpikes else { throw .spikesNotAccepted(kernel: entry.name) }
            spikeTimes = try QuantityList.parse(spikes, as: .time, for: "--spikes", allowEmpty: true)
        }
        model = try entry.make(overrides: overrides, spikes: spikeTimes)
        let options = try Self.options(
            base, method: method, defaultEndTime: entry.defaultEndTime, endTime: endTime, dt: dt, at: at)
        self.options = options
        notes = spikeTimes.map { Self.notes(on: $0, endTime: options.endTime) } ?? []
    }

    /// A model read from a spec file (its parameters and spikes are set in the file).
    public init(
        model: any VerifiableModel, name: String, equations: String, defaultEndTime: Double,
        method: IntegrationMethod, options base: SolveOptions, endTime: String?, dt: String?, at: String?
    ) throws(InputError) {
        self.name = name
        self.equations = equations
        parameters = []
        self.model = model
        options = try Self.options(
            base, method: method, defaultEndTime: defaultEndTime, endTime: endTime, dt: dt, at: at)
        notes = []
    }

    /// The solver options: `base` with the method, the end time (or the model's), a fixed step
    /// and the output times (or 11 evenly spaced).
    static func options(
        _ base: SolveOptions, method: IntegrationMethod, defaultEndTime: Double, endTime: String?, dt: String?,
        at: String?
    ) throws(InputError) -> SolveOptions {
        var options = base
        options.method = method
        options.endTime =
            try endTime.map { text throws(InputError) in
                try Quantity.parse(text, as: .time, for: "--t-end")
            } ?? defaultEndTime
        if let dt { options.fixedStep = try Quantity.parse(dt, as: .time, for: "--dt") }
        if let at {
            options.outputTimes = try QuantityList.parse(at, as: .time, for: "--at", allowEmpty: false)
        } else {
            options.outputTimes = (0...10).map {
                options.startTime + (options.endTime - options.startTime) * Double($0) / 10
            }
        }
        return options
    }

    /// Lines naming spike times that were sorted, given more than once (each is applied, so the
    /// jumps add up) or lie after the end time (never reached).
    static func notes(on spikes: [Double], endTime: Double) -> [String] {
        var notes: [String] = []
        if spikes != spikes.sorted() { notes.append("--spikes: not in increasing order; applied in time order") }
        let sorted = spikes.sorted()
        let repeated = zip(sorted, sorted.dropFirst()).filter { $0 == $1 }.map(\.0)
        if let first = repeated.first {
            notes.append(
                "--spikes: \(first) ms\(repeated.count > 1 ? " and \(repeated.count - 1) more" : "") given more than "
                    + "once; each is applied, so the jumps add up")
        }
        let late = sorted.filter { $0 > endTime }
        if let first = late.first {
            notes.append(
                "--spikes: \(late.count) spike time(s) after t_end = \(endTime) ms (from \(first) ms) are not reached")
        }
        return notes
    }

    public func solve() throws(ODESolverError) -> Solution {
        try Integrator.solve(model, options: options)
    }
}

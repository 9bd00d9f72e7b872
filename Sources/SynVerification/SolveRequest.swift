import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// One `synverify solve`: a catalogue model, its parameters and spikes, solver options, and the
/// resulting trajectory, spikes and work counts as JSON or text.
public struct SolveRequest {
    public let entry: ModelEntry
    public let parameters: ParameterValues
    public let model: any VerifiableModel
    public let options: SolveOptions

    /// Parses command-line texts; every value may carry a unit suffix of its dimension.
    /// - Throws: `InputError` for bad parameters, spikes or times; `ODESolverError` options are
    ///   checked when solving.
    public init(
        model name: String, assignments: [String], spikes: String?, method: IntegrationMethod,
        options base: SolveOptions, endTime: String?, dt: String?, at: String?
    ) throws(InputError) {
        entry = try ModelCatalog.entry(named: name)
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
        parameters = try ParameterValues(specs: entry.parameters, overrides: overrides, kernel: entry.name)
        var spikeTimes: [Double]?
        if let spikes {
            guard entry.acceptsSpikes else { throw .spikesNotAccepted(kernel: entry.name) }
            spikeTimes = try QuantityList.parse(spikes, as: .time, for: "--spikes", allowEmpty: true)
        }
        model = try entry.make(overrides: overrides, spikes: spikeTimes)
        var options = base
        options.method = method
        if let endTime {
            options.endTime = try Quantity.parse(endTime, as: .time, for: "--t-end")
        } else {
            options.endTime = entry.defaultEndTime
        }
        if let dt { options.fixedStep = try Quantity.parse(dt, as: .time, for: "--dt") }
        if let at {
            options.outputTimes = try QuantityList.parse(at, as: .time, for: "--at", allowEmpty: false)
        } else {
            options.outputTimes = (0...10).map {
                options.startTime + (options.endTime - options.startTime) * Double($0) / 10
            }
        }
        self.options = options
    }

    public func solve() throws(ODESolverError) -> Solution {
        try Integrator.solve(model, options: options)
    }
}

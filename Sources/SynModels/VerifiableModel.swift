import SynIntegrators
import SynKernels

/// A catalogue model: an ODE the integrators can solve, paired with its closed form.
public protocol VerifiableModel: ODEModel {
    /// The exact state at t (ms), from the kernel library; nil entries where a variable has no
    /// closed form here.
    func exactState(at t: Double) -> [Double?]
}

/// One model of the catalogue: its name, documentation, parameters and constructor.
public struct ModelEntry: Sendable {
    public let name: String
    public let summary: String
    /// The ODE, as plain-text maths.
    public let equations: String
    public let source: String
    public let variables: [StateVariable]
    public let parameters: [ParameterSpec]
    public let acceptsSpikes: Bool
    /// Default spike train (ms) when none is given.
    public let defaultSpikes: [Double]
    /// Default end time (ms).
    public let defaultEndTime: Double
    let construct: @Sendable (ParameterValues, [Double]) throws(InputError) -> any VerifiableModel

    /// - Throws: `InputError` for an unknown, repeated or out-of-range parameter, a bad spike
    ///   time, or spikes for a model that takes none.
    public func make(overrides: [(name: String, value: Double)] = [], spikes: [Double]? = nil) throws(InputError) -> any VerifiableModel {
        let values = try ParameterValues(specs: parameters, overrides: overrides, kernel: name)
        if spikes != nil && !acceptsSpikes { throw .spikesNotAccepted(kernel: name) }
        let train = try SpikeTrain(spikes ?? defaultSpikes)
        for t in train.times where t < 0 {
            throw .invalidSpikes(reason: "spike time \(t) ms is before the start of the solve (0 ms)")
        }
        return try construct(values, train.times)
    }
}

/// Every model SynVerify can integrate, in a fixed order.
public enum ModelCatalog {
    public static let entries: [ModelEntry] = [
        ExponentialSynapseModel.entry,
        AlphaSynapseModel.entry,
        DualExponentialModel.brainpyEntry,
        DualExponentialModel.peakEntry,
        ConductanceLIFModel.entry,
        SinusoidalLIFModel.entry,
        NMDAKineticsModel.entry,
    ]

    public static func entry(named name: String) throws(InputError) -> ModelEntry {
        try lookUp(name, in: entries, kind: "model", name: \.name)
    }
}

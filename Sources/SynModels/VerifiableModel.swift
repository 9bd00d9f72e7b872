import SynIntegrators
import SynKernels
import SynVerifyGSL

/// A catalogue model: an ODE the integrators can solve, paired with its closed form.
public protocol VerifiableModel: ODEModel {
    /// The exact state at t (ms), from the kernel library; nil entries where a variable has no
    /// closed form here.
    func exactState(at t: Double) -> [Double?]
    /// The analytic peak (time in ms, value) of the first variable, or nil where it has none.
    var analyticPeak: Peak? { get }
    /// Known-wrong variants: what is claimed and why it is wrong; nil for correct models.
    var knownWrong: KnownWrongClaim? { get }
    /// The analytic firing rate (Hz) for threshold models under constant drive; nil otherwise.
    var analyticRate: Double? { get }
    /// True for models without a closed form: verification uses a tight reference solve.
    var needsNumericReference: Bool { get }
    /// Spike times (ms) the model must produce, each within `tolerance` ms (a spec's
    /// `expect: {spikes: …}`); nil when none are stated.
    var expectedSpikes: (times: [Double], tolerance: Double)? { get }
    /// Error bounds the user states per variable (by index), in place of the default
    /// trajectory bounds; empty when none are stated.
    var statedErrorBounds: [Int: ErrorBound] { get }
}

/// A stated accuracy: |numeric − exact| ≤ `absolute` (the variable's unit) and/or
/// |numeric − exact| / max(|exact|, floor) ≤ `relative`, at every grid point.
public struct ErrorBound: Sendable, Equatable {
    public let absolute: Double?
    public let relative: Double?
    public init(absolute: Double?, relative: Double?) {
        self.absolute = absolute
        self.relative = relative
    }
}

extension VerifiableModel {
    public var analyticPeak: Peak? { nil }
    public var knownWrong: KnownWrongClaim? { nil }
    public var analyticRate: Double? { nil }
    public var needsNumericReference: Bool { false }
    public var expectedSpikes: (times: [Double], tolerance: Double)? { nil }
    public var statedErrorBounds: [Int: ErrorBound] { [:] }
}

/// A seed's printed claim that verification must refute.
public struct KnownWrongClaim: Sendable, Equatable {
    /// What the seed prints, and where.
    public let claim: String
    /// Why it is wrong (the correct form).
    public let correction: String
    public let correctModel: String
    public init(claim: String, correction: String, correctModel: String) {
        self.claim = claim
        self.correction = correction
        self.correctModel = correctModel
    }
}

/// One model of the catalogue: its name, documentation, parameters and constructor.
public struct ModelEntry: Sendable {
    public let name: String
    public let summary: String
    /// The ODE, as plain-text maths.
    public let equations: String
    /// The same in LaTeX (for markdown maths in reports), where written.
    public var latex: String? = nil
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
    public func make(overrides: [(name: String, value: Double)] = [], spikes: [Double]? = nil) throws(InputError)
        -> any VerifiableModel
    {
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
        BrainPyAlphaModel.entry,
        VoltageJumpModel.entry,
        MarkovReceptorModel.ampaEntry,
        MarkovReceptorModel.gabaaEntry,
        GABABModel.entry,
        GapJunctionModel.entry,
        CurrentBasedPSPModel.exponentialEntry,
        CurrentBasedPSPModel.alphaEntry,
        NMDALIFModel.entry,
        ExerciseOneNeuronModel.entry,
        ConductanceSynapseLIFModel.entry,
        SubthresholdConductanceLIFModel.saturationEntry,
        SubthresholdConductanceLIFModel.shuntingEntry,
        // Known-wrong variants from the seeds: the verifier must flag each.
        ClaimedSolutionModel.exponentialSignEntry,
        ClaimedSolutionModel.alphaSignEntry,
        ClaimedSolutionModel.dualExponentialSignEntry,
        ClaimedSolutionModel.alphaODEEntry,
        ClaimedSolutionModel.alphaPeakEntry,
        ClaimedSolutionModel.dualExponentialPeakEntry,
        ClaimedSolutionModel.brainpyAlphaClosedFormEntry,
        ClaimedSolutionModel.shuntingSignEntry,
        ClaimedSolutionModel.truncatedRateEntry,
    ]

    public static func entry(named name: String) throws(InputError) -> ModelEntry {
        try lookUp(name, in: entries, kind: "model", name: \.name)
    }
}

import SynIntegrators
import SynKernels
import SynSpec
import SynVerification

/// Where the model of a command comes from: a catalogue name (`dualexp-peak`) or a spec file
/// (`my-model.yaml`), so that a spec goes wherever a model name is accepted.
public enum ModelSource {
    /// True when `model` names a spec file rather than a catalogue model.
    public static func isSpec(_ model: String) -> Bool {
        model.hasSuffix(".yaml") || model.hasSuffix(".yml")
    }

    /// The solve request for `model`: a catalogue model with its parameter assignments and
    /// spikes, or a spec's model (natively compiled where a C compiler runs), whose parameters
    /// and spikes are set in its file.
    public static func request(
        model: String, assignments: [String], spikes: String?, method: IntegrationMethod, options: SolveOptions,
        endTime: String?, dt: String?, at: String?
    ) throws -> SolveRequest {
        guard isSpec(model) else {
            return try SolveRequest(
                model: model, assignments: assignments, spikes: spikes, method: method, options: options,
                endTime: endTime, dt: dt, at: at)
        }
        guard assignments.isEmpty else {
            throw FormatError("--param: \(model) is a spec file; its parameters are set in the file")
        }
        guard spikes == nil else {
            throw FormatError("--spikes: \(model) is a spec file; its spike times are set in the file")
        }
        let spec = try SpecFile.read(model)
        return try SolveRequest(
            model: spec.model.compiledNatively(), name: spec.model.name,
            equations: spec.model.documentation.equations.joined(separator: ";  "),
            defaultEndTime: spec.model.endTime, method: method, options: options, endTime: endTime, dt: dt, at: at)
    }
}

import Foundation
import SynIntegrators
import SynModels
import SynTestSupport
import SynVerification
import Testing

@testable import SynSpec

/// Blocks pasted verbatim from Brian2's examples (`data/models/brian2/`, sources named in each
/// header) read and verify with every method they list (issue 15).
@Suite("Brian2 example blocks")
struct Brian2ExampleTests {
    static let files = [
        "stimberg2018-coba-neuron.yaml", "stimberg2018-tm-synapse.yaml", "brette-gerstner2005-adex.yaml",
    ]

    @Test("each example verifies with every method it lists", arguments: files)
    func verifies(file: String) throws {
        let path = repositoryRoot.appendingPathComponent("data/models/brian2/\(file)").path
        let spec = try SpecFile.read(path)
        #expect(!spec.methods.isEmpty)
        for (method, step) in spec.methods {
            var options = SolveOptions()
            options.method = method
            options.fixedStep = step
            options.endTime = spec.model.endTime
            let c = try Verifier.compare(spec.model, name: spec.model.name, options: options)
            #expect(c.verdict == .pass, "\(file) with \(method): \(c.reasons)")
        }
    }

    /// AdEx has no closed form: against its numeric reference every variable is compared, and
    /// its spike times are held to the reference's. By hand: with I = 0 before 20 ms the
    /// membrane rests at EL (gL·ΔT·e^((EL − VT)/ΔT) = 30 nS·2 mV·e^(−10.1) ≈ 2.4e-3 pA, which moves
    /// it by under 0.1 µV), so no spike comes before the step, and 1 nA lifts it above Vcut.
    @Test("AdEx is compared on both variables and on its spike times, none before the step input")
    func adex() throws {
        let path = repositoryRoot.appendingPathComponent("data/models/brian2/brette-gerstner2005-adex.yaml").path
        let model = try SpecFile.read(path).model
        #expect(model.variables.map(\.unit) == ["mV", "pA"])
        var options = SolveOptions()
        options.endTime = model.endTime
        let c = try Verifier.compare(model, name: model.name, options: options)
        #expect(c.variableMetrics.map(\.variable.name) == ["vm", "w"])
        let spikes = try #require(c.spikeTimes)
        #expect(spikes.numeric.count >= 2 && spikes.numeric.allSatisfy { $0 > 20 && $0 < 120 })
        #expect(spikes.expected.count == spikes.numeric.count)
        #expect(c.peak == nil)
    }

    /// The COBA neuron without input is a LIF under constant current: its rate, derived by hand in
    /// the file's header, is the one the integration gives (rk8pd, ISI rate over 1 s).
    @Test("the COBA neuron fires at the hand-derived LIF rate")
    func cobaRate() throws {
        let path = repositoryRoot.appendingPathComponent("data/models/brian2/\(Self.files[0])").path
        let model = try SpecFile.read(path).model
        // tau = 198 pF / 9.99 nS; u_inf = -60 mV + 150 pA / 9.99 nS; r = 1/(5 ms + tau ln((u_inf + 60)/(u_inf + 50))).
        let tau = 198 / 9.99
        let lift = 150 / 9.99
        let rate = 1000 / (5 + tau * log(lift / (lift - 10)))
        #expect(abs(try #require(model.analyticRate) - rate) <= 1e-12 * rate)
        var options = SolveOptions()
        options.endTime = model.endTime
        let c = try Verifier.compare(model, name: model.name, options: options)
        #expect(abs(try #require(c.rate?.numeric) - rate) <= 1e-9 * rate)
    }
}

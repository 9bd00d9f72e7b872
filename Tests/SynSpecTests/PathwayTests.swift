import Foundation
import SynIntegrators
import SynModels
import SynVerification
import Testing

@testable import SynSpec

/// Several input pathways, each with its own spike train and on_spike block (issue 15): an
/// excitatory and an inhibitory exponential synapse driven by two trains.
@Suite("Input pathways")
struct PathwayTests {
    static func spec(_ closedFormOfInhibition: String, extra: String = "") -> String {
        """
        name: two-pathways
        equations: |
          dg_e/dt = -g_e/tau_e : nS
          dg_i/dt = -g_i/tau_i : nS
        parameters:
          tau_e: 5 ms
          tau_i: 10 ms
          w_e: 1 nS
          w_i: 4 nS
        pathways:
          exc: {spikes: [10 ms, 30 ms], on_spike: g_e += w_e}
          inh: {spikes: [20 ms, 30 ms], on_spike: g_i += w_i}
        closed_form:
          superpose: true
          g_e: w_e*exp(-t/tau_e)
          g_i: \(closedFormOfInhibition)
        t_end: 60 ms
        \(extra)
        """
    }

    static func verdict(_ closedForm: String) throws -> Comparison {
        let model = try SpecFile.parse(spec(closedForm), file: "p.yaml").model
        var options = SolveOptions()
        options.endTime = 60
        return try Verifier.compare(model, name: "two-pathways", options: options)
    }

    /// By hand: each pathway's spikes add to its own conductance only, so at 30 ms (after both
    /// trains' spikes there) g_e = w_e(e^(−20/5) + 1) and g_i = w_i(e^(−10/10) + 1).
    @Test("each pathway's spikes change its own variable; the trains merge in time order")
    func merged() throws {
        let model = try SpecFile.parse(Self.spec("w_i*exp(-t/tau_i)"), file: "p.yaml").model
        #expect(model.spikeTimes == [10, 20, 30, 30])
        var y = [0.0, 0.0]
        for k in model.spikeTimes.indices { model.applySpike(k, to: &y) }
        #expect(y == [2, 8])
        let exact = model.exactState(at: 30)
        #expect(abs(try #require(exact[0]) - (exp(-4) + 1)) <= 1e-15)
        #expect(abs(try #require(exact[1]) - 4 * (exp(-1) + 1)) <= 1e-15)
    }

    @Test("the superposed closed forms verify; a wrong one on the second pathway's variable fails")
    func verified() throws {
        let right = try Self.verdict("w_i*exp(-t/tau_i)")
        #expect(right.verdict == .pass, "\(right.reasons)")
        #expect(right.variableMetrics.map(\.variable.name) == ["g_e", "g_i"])
        // τ_e in place of τ_i.
        let wrong = try Self.verdict("w_i*exp(-t/tau_e)")
        #expect(wrong.verdict == .fail)
        #expect(wrong.reasons.contains { $0.hasPrefix("g_i: wrong trajectory") }, "\(wrong.reasons)")
    }

    @Test(
        "malformed pathways are one error at their place",
        arguments: [
            ("spikes: [1 ms]", "18:1: give 'spikes' inside each pathway"),
            ("on_spike: g_e += w_e", "18:1: give 'on_spike' inside each pathway"),
        ])
    func besideShorthand(_ item: (String, String)) throws {
        let text = Self.spec("w_i*exp(-t/tau_i)", extra: item.0)
        #expect(
            performing: { try SpecFile.parse(text, file: "p.yaml") },
            throws: { "\($0)".contains("p.yaml:\(item.1)") })
    }

    @Test("a pathway without on_spike, with an unknown key or unsorted spikes is refused, naming it")
    func malformed() throws {
        let cases = [
            ("exc: {spikes: [10 ms]}", "pathway 'exc' needs spikes and on_spike"),
            ("exc: {spikes: [10 ms], on_spike: g_e += w_e, delay: 1 ms}", "pathway 'exc': unknown key 'delay'"),
            (
                "exc: {spikes: [10 ms, 5 ms], on_spike: g_e += w_e}",
                "pathway 'exc': spikes: times must be in increasing"
            ),
            ("exc: {spikes: [10 ms], on_spike: q += w_e}", "pathway 'exc': on_spike: 'q' is not a state variable"),
        ]
        for (line, message) in cases {
            let text = Self.spec("w_i*exp(-t/tau_i)").replacingOccurrences(
                of: "  exc: {spikes: [10 ms, 30 ms], on_spike: g_e += w_e}", with: "  " + line)
            #expect(performing: { try SpecFile.parse(text, file: "p.yaml") }, throws: { "\($0)".contains(message) })
        }
    }
}

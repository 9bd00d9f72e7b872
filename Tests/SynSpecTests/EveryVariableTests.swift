import Foundation
import SynIntegrators
import SynModels
import SynVerification
import Testing

@testable import SynSpec

/// Every variable with a closed form is compared (issue 15): a closed form on the second
/// variable alone is verified, and a wrong one there fails.
@Suite("Every variable compared")
struct EveryVariableTests {
    static func verdict(_ closedForm: String) throws -> Comparison {
        let text = """
            name: two
            equations: |
              dx/dt = -x/tau_1 : nS
              dg/dt = -g/tau_2 : nS
            parameters:
              tau_1: 5 ms
              tau_2: 20 ms
              g0: 2 nS
            initial:
              x: 1 nS
              g: 2 nS
            closed_form:
              g: \(closedForm)
            t_end: 50 ms
            """
        let model = try SpecFile.parse(text, file: "two.yaml").model
        var options = SolveOptions()
        options.endTime = 50
        return try Verifier.compare(model, name: "two", options: options)
    }

    @Test("a correct closed form on the second variable alone passes, with its errors reported")
    func secondVariable() throws {
        // g(t) = g0·e^(−t/τ2), by hand from dg/dt = −g/τ2, g(0) = g0.
        let c = try Self.verdict("g0*exp(-t/tau_2)")
        #expect(c.verdict == .pass, "\(c.reasons)")
        #expect(c.variableMetrics.map(\.variable.name) == ["g"])
        #expect(try #require(c.variableMetrics.first?.metrics.maxAbsError) < 1e-9)
    }

    @Test("a wrong closed form on the second variable fails, naming it")
    func wrongSecondVariable() throws {
        // τ1 in place of τ2: decays four times too fast.
        let c = try Self.verdict("g0*exp(-t/tau_1)")
        #expect(c.verdict == .fail)
        #expect(c.reasons.contains { $0.hasPrefix("g: wrong trajectory") }, "\(c.reasons)")
    }
}

/// A model whose numeric reference cannot be computed is a failing row saying so, not the end
/// of the run (issue 18): dy/dt = y²/ms from y(0) = 1 reaches infinity at t = 1 ms (by hand,
/// y = 1/(1 − t)).
@Suite("A reference that fails")
struct FailingReferenceTests {
    @Test("the blow-up is the row's verdict, naming the reference")
    func blowUp() throws {
        let model = try SpecFile.parse(
            """
            name: blowup
            equations: |
              dy/dt = y**2/ms : 1
            initial: {y: 1}
            reference: numeric
            t_end: 2 ms
            """, file: "b.yaml"
        ).model
        var options = SolveOptions()
        options.endTime = 2
        let c = try Verifier.compare(model, name: "blowup", options: options)
        #expect(c.verdict == .fail)
        #expect(c.reasons.first?.hasPrefix("the numeric reference (at 1e-13)") == true, "\(c.reasons)")
    }
}

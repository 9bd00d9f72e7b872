import Foundation
import SynIntegrators
import SynModels
import SynTestSupport
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

/// A numeric reference is a claim too (issue 22): a row of the reference's own stepper is held to
/// an independent one, and a reference its cross-check contradicts fails the row.
@Suite("Numeric references that can fail")
struct ReferenceTrustTests {
    static func options(_ stepper: Stepper, end: Double) -> SolveOptions {
        var o = SolveOptions()
        o.method = .gsl(stepper)
        o.endTime = end
        return o
    }

    @Test("an rk8pd row is judged against bsimp or rkck, not against rk8pd, and its error is measured")
    func ownStepper() throws {
        let model = try SpecFile.parse(SampleSpecs.expNumeric, file: "exp.yaml").model
        let c = try Verifier.compare(model, name: "exp", options: Self.options(.rk8pd, end: 50))
        let reference = try #require(c.reference)
        #expect(!reference.strategy.hasPrefix("rk8pd") && reference.crossCheck.hasPrefix("rk8pd"), "\(reference)")
        // rk8pd at 1e-10 against an independent 1e-13 solve: a real, non-zero difference, and
        // within what the closed form 5e^(−t/2) says rk8pd's error is.
        let error = try #require(c.metrics?.maxAbsError)
        #expect(error > 0, "a row measured against itself would show 0")
        let closed = try Verifier.compare(
            try ModelCatalog.entry(named: "exp").make(), name: "exp", options: Self.options(.rk8pd, end: 50))
        #expect(abs(error - (closed.metrics?.maxAbsError ?? .nan)) <= 1e-11, "\(error)")
        #expect(c.verdict == .pass)
        // Any other stepper's row keeps rk8pd as its reference.
        let rkf45 = try Verifier.compare(model, name: "exp", options: Self.options(.rkf45, end: 50))
        #expect(rkf45.reference?.strategy.hasPrefix("rk8pd") == true)
        #expect((rkf45.reference?.crossCheckRelative ?? 1) <= 1e-10)
    }

    /// The Lorenz system (σ = 10, ρ = 28, β = 8/3, time in ms): its largest Lyapunov exponent is
    /// about 0.9/ms, so two 1e-13 solves part by e^(0.9·40) ≈ 4e15 × their round-off within
    /// 40 ms: no stepper can give a trustworthy reference there.
    @Test("a reference its cross-check contradicts fails the row, naming both")
    func chaos() throws {
        let model = try SpecFile.parse(
            """
            name: lorenz
            equations: |
              dx/dt = sigma*(y - x)/ms : 1
              dy/dt = (x*(rho - z) - y)/ms : 1
              dz/dt = (x*y - beta*z)/ms : 1
            parameters: {sigma: 10, rho: 28, beta: 8/3.0}
            initial: {x: 1, y: 1, z: 1}
            reference: numeric
            t_end: 60 ms
            """, file: "lorenz.yaml"
        ).model
        let c = try Verifier.compare(model, name: "lorenz", options: Self.options(.rkf45, end: 60))
        #expect(c.verdict == .fail)
        #expect(
            c.reasons.contains { $0.hasPrefix("the numeric reference (rk8pd") && $0.contains("and its cross-check") },
            "\(c.reasons)")
        // Over 2 ms the two agree and the row passes.
        let short = try Verifier.compare(model, name: "lorenz", options: Self.options(.rkf45, end: 2))
        #expect(short.verdict == .pass, "\(short.reasons)")
    }
}

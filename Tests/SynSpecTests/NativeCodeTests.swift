import Foundation
import SynIntegrators
import SynModels
import SynVerification
import Testing

@testable import SynSpec

/// Native code must compute what the tape computes, bit for bit, so that results (and reports)
/// never depend on whether a C compiler was found. The Swift toolchain ships clang, so these
/// tests require the compile to succeed.
@Suite("Specs compiled to native code")
struct NativeCodeTests {
    @Test("native code equals the tape bit for bit on 300 random expressions over every operation, at 5 states")
    func randomExpressions() throws {
        var generator = SplitMix64(seed: 20261122)
        func next() -> UInt64 { generator.next() }
        func random(_ depth: Int) -> SpecExpression {
            let leaves: [SpecExpression] = [
                .identifier("x"), .identifier("y"), .identifier("t"), .identifier("c"),
                .number(Double(next() % 9) - 2.5),
            ]
            if depth == 0 || next() % 6 == 0 { return leaves[Int(next() % 5)] }
            let a = random(depth - 1)
            switch next() % 15 {
            case 0: return .negate(a)
            case 1: return .binary(.add, a, random(depth - 1))
            case 2: return .binary(.subtract, a, random(depth - 1))
            case 3: return .binary(.multiply, a, random(depth - 1))
            case 4: return .binary(.divide, a, random(depth - 1))
            case 5:
                return .binary(.power, .call(.abs, [a]), [.number(2), .number(1.5), .identifier("c")][Int(next() % 3)])
            case 6:
                return .call([.exp, .expm1, .sin, .cos, .tanh][Int(next() % 5)], [.binary(.multiply, .number(0.1), a)])
            case 7: return .call([.log, .log1p, .sqrt][Int(next() % 3)], [.call(.abs, [a])])
            case 8: return .call([.min, .max][Int(next() % 2)], [a, random(depth - 1)])
            case 9: return .binary(.multiply, .identifier("c"), a)
            case 10: return .binary(.add, .binary(.divide, a, .number(3)), random(depth - 1))
            case 11:
                let brian2: [SpecExpression.Function] = [
                    .log10, .tan, .sinh, .cosh, .arcsin, .arccos, .arctan, .sign, .floor, .ceil, .int,
                ]
                return .call(brian2[Int(next() % 11)], [.binary(.multiply, .number(0.3), a)])
            case 12:
                // Both of exprel′'s branches (|x| < 0.05: the series).
                let scale = [0.3, 1e-3][Int(next() % 2)]
                return .call([.exprel, .exprelDerivative][Int(next() % 2)], [.binary(.multiply, .number(scale), a)])
            case 13:
                let booleans: [SpecExpression.Function] = [
                    .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual, .and, .or,
                ]
                return .call(booleans[Int(next() % 8)], [a, random(depth - 1)])
            case 14: return .call(.not, [a])
            default: return .binary(.subtract, .negate(.binary(.multiply, a, .number(0.5))), random(depth - 1))
            }
        }
        let expressions = (0..<300).map { _ in random(6) }
        let tape = ExpressionTape(expressions, inputs: ["x", "y"], constants: ["c": 1.75])
        let native = try #require(NativeCode.compile(tape), "no C compiler ran (clang or cc on PATH, or SYNVERIFY_CC)")
        for (t, x, y) in [(0.7, 0.3, -1.2), (0, 0, 0), (-3.5, 12.25, 1e-9), (1e3, -0.0, 7.5), (2, .nan, 1)] {
            var fromTape = [Double](repeating: 0, count: expressions.count)
            var fromNative = fromTape
            let inputs = [x, y]
            tape.evaluate(t, inputs, into: &fromTape)
            native.function(t, inputs, &fromNative)
            for k in expressions.indices {
                let same =
                    fromTape[k].bitPattern == fromNative[k].bitPattern || (fromTape[k].isNaN && fromNative[k].isNaN)
                #expect(
                    same,
                    "\(expressions[k]) at t = \(t), x = \(x), y = \(y): tape \(fromTape[k]), native \(fromNative[k])")
            }
        }
    }

    @Test(
        "every seed spec solves identically natively and on the tape (classic RK4, rk8pd, bsimp, native Jacobian)",
        arguments: SeedSpecTests.pairs.map(\.file))
    func seedSpecs(file: String) throws {
        let spec = try SeedSpecTests.spec(file)
        let native = spec.model.compiledNatively()
        let usesSignals = !spec.model.breakpoints.isEmpty
        if spec.model.linearSystem == nil && !usesSignals { #expect(native.runsNatively, "\(file): no native code") }
        for method in [IntegrationMethod.simulator(.classicRK4), .gsl(.rk8pd), .gsl(.bsimp)] {
            var options = SolveOptions()
            options.method = method
            options.endTime = spec.model.endTime
            if case .simulator = method { options.fixedStep = 0.05 }
            options.outputTimes = (0...50).map { spec.model.endTime * Double($0) / 50 }
            let a = try Integrator.solve(spec.model, options: options)
            let b = try Integrator.solve(native, options: options)
            #expect(a.values == b.values && a.spikes == b.spikes && a.work == b.work, "\(file) with \(method)")
        }
    }

    @Test("a tape that reads a step or pulse input is not compiled; constants go into the C source as bit patterns")
    func fallbacks() throws {
        let ampa = try SeedSpecTests.spec("ampa.yaml").model.compiledNatively()
        #expect(!ampa.runsNatively)
        let code = try #require(
            NativeCode.source(
                of: ExpressionTape([.binary(.multiply, .identifier("x"), .number(0.1))], inputs: ["x"], constants: [:]))
                as String?)
        // 0.1 is written as its bit pattern, not as decimal text.
        #expect(code.contains("0x3fb999999999999aULL") && code.contains("out[0] = v0;"), "\(code)")
    }
}

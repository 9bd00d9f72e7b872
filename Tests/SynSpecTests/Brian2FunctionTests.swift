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

/// exprel, lambertw and boolean expressions (issue 15). Expected values derived by hand in each
/// test or from a defining identity.
@Suite("exprel, lambertw and booleans")
struct Brian2BooleanAndSpecialFunctionTests {
    static func value(_ text: String, x: Double = 0) throws -> Double {
        try #require(try ExpressionParser.parse(text).expression.evaluate { $0 == "x" ? x : nil })
    }

    /// exprel(x) = (eˣ − 1)/x: 1 at 0; e − 1 at 1; 1 + x/2 + x²/6 + … near 0 (at 1e-10 the
    /// series' third term is 1.7e-21, below an ulp of 1). exprel′(x) = (eˣ − exprel(x))/x:
    /// 1/2 at 0, (e − (e − 1))/1 = 1 at 1, (e² − (e² − 1)/2)/2 = (e² + 1)/4 at 2.
    @Test("exprel and its derivative at points derived by hand")
    func exprel() throws {
        #expect(try Self.value("exprel(0)") == 1)
        #expect(abs(try Self.value("exprel(1)") - (M_E - 1)) <= 2e-16)
        #expect(abs(try Self.value("exprel(1e-10)") - (1 + 5e-11)) <= 2.3e-16)
        #expect(abs(try Self.value("exprel(-40)") - 1.0 / 40) <= 1e-17)  // (e^-40 − 1)/(−40)
        let derivative = try #require(ExpressionParser.parse("exprel(x)").expression.derivative(with: "x"))
        func slope(_ x: Double) throws -> Double { try #require(derivative.evaluate { $0 == "x" ? x : nil }) }
        #expect(try slope(0) == 0.5)
        #expect(abs(try slope(1) - 1) <= 4e-16)
        #expect(abs(try slope(2) - (M_E * M_E + 1) / 4) <= 1e-15)
        // Both sides of the series' switch at |x| = 0.05 and far inside it, against the series
        // Σ n·xⁿ⁻¹/(n + 1)! summed here to 30 terms (the code stops at 8).
        for x in [-0.0501, -0.0499, -1e-7, 1e-7, 0.0499, 0.0501] {
            var sum = 0.0
            var factorial = 1.0  // (n + 1)!
            for n in 1...30 {
                factorial *= Double(n + 1)
                sum += Double(n) * pow(x, Double(n - 1)) / factorial
            }
            let got = try slope(x)
            #expect(abs(got - sum) <= 1e-14, "exprel′(\(x)): \(got) vs \(sum)")
        }
    }

    /// W(x)·e^W(x) = x defines both branches; W₀ ≥ −1 ≥ W₋₁. W₀(1) is the omega constant
    /// 0.5671432904097838 (OEIS A030178); W₀(−1/e) = W₋₁(−1/e) = −1.
    @Test("lambertw's branches satisfy W·e^W = x and its derivative agrees with a central difference")
    func lambertw() throws {
        #expect(abs(try Self.value("lambertw(1, 0)") - 0.5671432904097838) <= 1e-16)
        for x in [-0.3, -0.1, -1e-3] {
            let principal = try Self.value("lambertw(x, 0)", x: x)
            let lower = try Self.value("lambertw(x, -1)", x: x)
            #expect(principal > -1 && lower < -1)
            for w in [principal, lower] { #expect(abs(w * exp(w) - x) <= 4e-16 * max(1, abs(w)), "W(\(x)) = \(w)") }
        }
        #expect(try Self.value("lambertw(1, -1)").isNaN)  // W₋₁ is real on [−1/e, 0) only
        let expression = try ExpressionParser.parse("lambertw(x, -1)").expression
        let derivative = try #require(expression.derivative(with: "x"))
        let x = -0.2
        let h = 1e-7
        let numeric = (try Self.value("lambertw(x, -1)", x: x + h) - Self.value("lambertw(x, -1)", x: x - h)) / (2 * h)
        let exact = try #require(derivative.evaluate { $0 == "x" ? x : nil })
        #expect(abs(exact - numeric) <= 1e-6 * abs(exact), "W₋₁′(−0.2): \(exact) vs \(numeric)")
        for bad in ["lambertw(x, 1)", "lambertw(x, k)", "lambertw(x)"] {
            #expect(throws: ExpressionError.self, "\(bad)") { try ExpressionParser.parse(bad) }
        }
    }

    /// Python's precedence: comparisons above `not`, `not` above `and`, `and` above `or`;
    /// true is 1, false 0.
    @Test(
        "booleans evaluate with Python's precedence",
        arguments: [
            ("2 > 1", 1.0), ("2 < 1", 0), ("1 <= 1", 1), ("1 >= 2", 0), ("3 == 3", 1), ("3 != 3", 0),
            ("1 + 1 == 2", 1), ("not 1 > 2", 1), ("not 0", 1), ("1 or 0 and 0", 1), ("(1 or 0) and 0", 0),
            ("not 1 or 1", 1), ("not (1 or 1)", 0), ("2 * (x > 0.5)", 2), ("int(x > 1)", 0), ("x > 0.5 and x < 1", 1),
            ("notable + 1", 7),
        ])
    func booleans(_ item: (String, Double)) throws {
        let got = try #require(
            try ExpressionParser.parse(item.0).expression.evaluate { $0 == "x" ? 0.75 : ($0 == "notable" ? 6 : nil) })
        #expect(got == item.1, "\(item.0)")
    }

    @Test("boolean text round-trips, comparisons need one dimension, chains and stray keywords are refused")
    func booleanForms() throws {
        for text in ["x > 1 and not x == 2 or x <= -1", "lambertw(x, -1) + exprel(x)"] {
            let tree = try ExpressionParser.parse(text).expression
            #expect(try ExpressionParser.parse(tree.description).expression == tree, "\(tree)")
        }
        let compare = try ExpressionParser.parse("u > t").expression
        let mixed = compare.dimension { $0 == "u" ? .voltage : .time }
        if case .failure(let why) = mixed {
            #expect(why.message.contains("cannot compare"))
        } else {
            Issue.record("mV > ms accepted")
        }
        #expect(
            try ExpressionParser.parse("u > u").expression.dimension { _ in .voltage } == .success(.dimensionless))
        for (bad, message) in [("0 < x < 1", "chained comparison"), ("x + and", "keyword")] {
            #expect(
                performing: { try ExpressionParser.parse(bad) },
                throws: {
                    ($0 as? ExpressionError)?.message
                        .contains(message) == true
                })
        }
        #expect(try Self.value("not(0)") == 1)
    }
}

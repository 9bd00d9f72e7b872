import Foundation
import SynVerification
import Testing

@testable import SynSpec

@Suite("Spec expressions: parsing, evaluation, symbolic derivatives")
struct ExpressionTests {
    static func value(_ text: String, _ bindings: [String: Double] = [:]) throws -> Double? {
        try ExpressionParser.parse(text).expression.evaluate { bindings[$0] }
    }

    /// Expected values worked by hand with Python's precedence rules.
    @Test(
        "precedence and associativity as in Python/Brian2",
        arguments: [
            ("2 + 3*4", 14.0), ("(2 + 3)*4", 20), ("2**3**2", 512), ("-2**2", -4), ("(-2)**2", 4),
            ("2*-3", -6), ("8/4/2", 1), ("10 - 4 - 3", 3), ("2**-1", 0.5), ("1.5e2 + .5", 150.5), ("+3", 3),
            ("min(3, 2) + max(3, 2)", 5), ("abs(-2.5)", 2.5), ("sqrt(16)", 4), ("exp(0) + log(1)", 1),
            ("log1p(0) + expm1(0)", 0),
        ])
    func precedence(_ input: (String, Double)) throws {
        #expect(try Self.value(input.0) == input.1, "\(input.0)")
    }

    @Test("identifiers bind by name; the printed form parses back to the same tree")
    func identifiers() throws {
        let result = try ExpressionParser.parse("(k*x - g)/tau_1 + exp(-t/tau_2)")
        #expect(result.expression.identifiers == ["k", "x", "g", "tau_1", "t", "tau_2"])
        // "(k*x - g)/tau_1": '(' is column 1, '/' column 10, so tau_1 starts at column 11.
        #expect(result.identifierLocations["tau_1"] == SpecLocation(line: 1, column: 11))
        let printed = result.expression.description
        #expect(try ExpressionParser.parse(printed).expression == result.expression)
        let v = result.expression.evaluate { ["k": 2, "x": 3, "g": 1, "tau_1": 5, "t": 0, "tau_2": 60][$0] }
        let expected: Double = (2.0 * 3 - 1) / 5 + 1
        #expect(v == expected)
        #expect(result.expression.evaluate { $0 == "k" ? 1 : nil } == nil, "an unbound name gives nil")
    }

    @Test(
        "errors point at the place",
        arguments: [
            ("(a + b", 1, "unbalanced '('"), ("a + b)", 6, "unbalanced ')'"), ("a + ", 5, "expected a value"),
            ("foo(x)", 1, "unknown function 'foo'"), ("exp(1, 2)", 1, "exp takes 1 argument, not 2"),
            ("min(1)", 1, "min takes 2 arguments"),
            ("2 $ 3", 3, "unexpected '$'"), ("1e+", 1, "malformed number"), ("", 1, "empty expression"),
            ("a b", 3, "unexpected 'b'"),
        ])
    func errors(_ input: (String, Int, String)) {
        do {
            _ = try ExpressionParser.parse(input.0, at: SpecLocation(line: 4, column: 1))
            Issue.record("accepted \(input.0)")
        } catch {
            #expect(error.location == SpecLocation(line: 4, column: input.1), "\(input.0): \(error)")
            #expect(error.message.contains(input.2), "\(input.0): \(error)")
        }
    }

    @Test("deep nesting is an error, not a crash (10,000 parentheses, 10,000 minus signs)")
    func deepNesting() {
        for text in [
            String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
            String(repeating: "-", count: 10_000) + "1",
        ] {
            #expect(throws: ExpressionError.self) { _ = try ExpressionParser.parse(text) }
        }
        #expect(throws: Never.self) {
            _ = try ExpressionParser.parse(
                String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150))
        }
    }

    /// Hand derivations of ∂/∂x: (expression, derivative by hand, x, its value there).
    static let handCases: [(String, String, Double, Double)] = [
        ("x*x", "(2 * x)", 3.0, 6.0),
        ("(k*x - g)/tau", "(k / tau)", 3, 0.5),
        ("exp(-x/tau)", "-(exp(-x/tau)/tau)", 2, -exp(-0.5) / 4),
        ("x**3", "3*x**2", 2, 12),
        ("2**x", "2**x*log(2)", 3, 8 * log(2.0)),
        ("log(x)", "1/x", 4, 0.25),
        ("sqrt(x)", "1/(2*sqrt(x))", 4, 0.25),
        ("tanh(x)", "1 - tanh(x)**2", 0.5, 1 - pow(tanh(0.5), 2)),
        ("min(x, 1)", "1 for x < 1", 0.5, 1),
        ("max(x, 1)", "0 for x < 1", 0.5, 0),
        ("abs(x)", "-1 for x < 0", -2, -1),
    ]

    @Test("derivatives by hand", arguments: handCases)
    func handDerivatives(_ input: (String, String, Double, Double)) throws {
        let e = try ExpressionParser.parse(input.0).expression
        let d = try #require(e.derivative(with: "x"))
        let value = try #require(d.evaluate { ["x": input.2, "k": 2, "g": 1, "tau": 4][$0] })
        #expect(abs(value - input.3) <= 1e-14 * max(1, abs(input.3)), "d/dx \(input.0) = \(d), expected \(input.1)")
    }

    /// Found by the fuzzer: nested powers with the variable in the exponent grow exponentially
    /// as trees under differentiation. The work is bounded; the answer is "no symbolic derivative".
    @Test("differentiation of exponentially growing expressions stops at its work bound")
    func boundedWork() throws {
        var text = "x"
        for _ in 0..<60 { text = "min(x, x**(\(text)))" }  // 60 levels, linear text
        let e = try ExpressionParser.parse(text).expression
        let clock = ContinuousClock()
        let start = clock.now
        #expect(e.derivative(with: "x") == nil)
        #expect(clock.now - start < .seconds(5), "bounded, not a hang")
        #expect(try ExpressionParser.parse("x**x").expression.derivative(with: "x") != nil)
    }

    @Test("simplification removes the trivial terms")
    func simplification() throws {
        let d = try ExpressionParser.parse("(k*x - g)/tau").expression.derivative(with: "x")
        #expect(d == .binary(.divide, .identifier("k"), .identifier("tau")))
        #expect(try ExpressionParser.parse("g/tau").expression.derivative(with: "x") == .number(0))
        #expect(try ExpressionParser.parse("--x").expression.simplified() == .identifier("x"))
    }

    /// Random expressions: the symbolic derivative against a central difference (step 1e-6·|x|,
    /// error O(h²) ≈ 1e-10 relative on these smooth, O(1) functions).
    @Test("symbolic derivatives agree with central differences on random expressions")
    func randomAgainstFiniteDifferences() throws {
        var generator = SplitMix64(seed: 12345)
        func next() -> UInt64 { generator.next() }
        func random(_ depth: Int) -> SpecExpression {
            let r = Int(next() % 10)
            if depth == 0 || r < 2 { return next() % 2 == 0 ? .identifier("x") : .number(Double(next() % 5) + 0.5) }
            switch r {
            case 2: return .negate(random(depth - 1))
            case 3: return .binary(.add, random(depth - 1), random(depth - 1))
            case 4: return .binary(.subtract, random(depth - 1), random(depth - 1))
            case 5, 6: return .binary(.multiply, random(depth - 1), random(depth - 1))
            case 7:
                return .binary(.divide, random(depth - 1), .binary(.add, .number(2), .call(.exp, [random(depth - 1)])))
            case 8:
                return .call(
                    [.sin, .cos, .tanh, .exp][Int(next() % 4)], [.binary(.multiply, .number(0.3), random(depth - 1))])
            default:
                return .binary(
                    .power, .binary(.add, .number(1.5), .call(.cos, [random(depth - 1)])),
                    .number(Double(next() % 3) + 1))
            }
        }
        var checked = 0
        for _ in 0..<300 {
            let e = random(4)
            let d = try #require(e.derivative(with: "x"))
            let x = 0.7
            let h = 1e-6
            guard let f1 = e.evaluate({ $0 == "x" ? x + h : nil }), let f0 = e.evaluate({ $0 == "x" ? x - h : nil }),
                let exact = d.evaluate({ $0 == "x" ? x : nil }), f1.isFinite, f0.isFinite, abs(f1) < 1e6
            else { continue }
            let numeric = (f1 - f0) / (2 * h)
            #expect(abs(exact - numeric) <= 1e-6 * max(1, abs(exact)), "d/dx \(e) = \(d): \(exact) vs \(numeric)")
            checked += 1
        }
        #expect(checked > 250)
    }
}

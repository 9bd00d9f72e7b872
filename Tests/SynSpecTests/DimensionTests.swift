import Testing

@testable import SynSpec

@Suite("Spec units and dimensions")
struct DimensionTests {
    static let identifiers: [String: SpecDimension] = [
        "g": .conductance, "x": .conductance, "tau": .time, "u": .voltage, "E": .voltage, "C": .capacitance,
        "I": .current,
        "k": .dimensionless, "t": .time, "c": .concentration,
    ]

    static func dimension(_ text: String) throws -> Result<SpecDimension, DimensionMismatch> {
        try ExpressionParser.parse(text).expression.dimension { identifiers[$0] }
    }

    /// Dimensions worked by hand: nS·mV = pA, pA/pF = mV/ms, pF/nS = ms.
    @Test(
        "consistent expressions get their dimension",
        arguments: [
            ("(k*x - g)/tau", "nS/ms"), ("g*(E - u)", "pA"), ("(g*(E - u) + I)/C", "mV/ms"), ("C/g", "ms"),
            ("exp(-t/tau)", "1"), ("(u/E)**2", "1"), ("u**2", "mV^2"), ("sqrt(u**2)", "mV"), ("-abs(u)", "mV"),
            ("max(u, E)", "mV"), ("1/tau", "Hz·"),
        ])
    func consistent(_ input: (String, String)) throws {
        let expected: SpecDimension =
            switch input.1 {
            case "nS/ms": .conductance / .time
            case "pA": .current
            case "mV/ms": .voltage / .time
            case "ms": .time
            case "1": .dimensionless
            case "mV^2": .voltage.power(2)
            case "mV": .voltage
            default: .frequency
            }
        #expect(try Self.dimension(input.0) == .success(expected), "\(input.0)")
    }

    @Test(
        "mismatches are named",
        arguments: [
            ("g + u", "cannot add mV to nS"), ("u - 1", "cannot subtract 1 from mV"),
            ("exp(t)", "exp needs a dimensionless argument, not ms"),
            ("u**k", "needs a constant integer exponent"), ("2**u", "an exponent must be dimensionless"),
            ("min(u, g)", "min of mV and nS"),
            ("sqrt(u)", "sqrt of mV has no dimension in whole powers"), ("tau1 + 1", "unknown identifier 'tau1'"),
        ])
    func mismatches(_ input: (String, String)) throws {
        guard case .failure(let error) = try Self.dimension(input.0) else {
            Issue.record("accepted \(input.0)")
            return
        }
        #expect(error.message.contains(input.1), "\(input.0): \(error.message)")
    }

    @Test("unit names convert to internal units")
    func units() {
        #expect(SpecUnit.named("s") == SpecUnit(dimension: .time, scale: 1000))
        #expect(SpecUnit.named("uS")?.scale == 1000)
        #expect(SpecUnit.named("Hz") == SpecUnit(dimension: .frequency, scale: 1e-3), "1 Hz = 1e-3 per ms")
        #expect(SpecUnit.named("furlong") == nil)
        #expect(SpecDimension.conductance.description == "nS" && (SpecDimension.voltage / .time).description == "mV/ms")
        // nS·mV is the internal current unit pA; pF·mV/ms too.
        #expect(SpecDimension.conductance * .voltage == .current)
        #expect(SpecDimension.capacitance * .voltage / .time == .current)
    }
}

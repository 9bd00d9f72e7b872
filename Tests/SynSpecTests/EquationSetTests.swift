import Testing

@testable import SynSpec

@Suite("Spec equations")
struct EquationSetTests {
    static let start = SpecLocation(line: 4, column: 3)
    static let parameters: [String: SpecDimension] = [
        "tau_1": .time, "tau_2": .time, "k": .dimensionless, "w": .conductance,
        "E": .voltage, "C": .capacitance, "g_l": .conductance,
    ]

    @Test("differential equations and subexpressions, dependencies first")
    func parse() throws {
        let set = try EquationSet.parse(
            """
            dg/dt = (k*x - g)/tau_1 : nS   # rise
            dx/dt = -x/tau_2        : nS

            drive = I_syn/C : mV
            I_syn = g*(E - u) : pA
            du/dt = drive/tau_1 - g_l*u/C : mV
            """, start: Self.start)
        #expect(set.differentials.map(\.name) == ["g", "x", "u"])
        #expect(set.subexpressions.map(\.name) == ["I_syn", "drive"])
        #expect(set.differentials[0].unit == SpecUnit.named("nS"))
        // The block starts at line 4, column 3 (its lines share that indentation); "dg/dt = "
        // is 8 characters, so the expression starts at column 3 + 8 = 11.
        #expect(set.differentials[0].location == SpecLocation(line: 4, column: 11))
        #expect(set.differentials[1].location == SpecLocation(line: 5, column: 11))
    }

    @Test("dimensions: consistent equations pass")
    func dimensionsPass() throws {
        let set = try EquationSet.parse("dg/dt = (k*x - g)/tau_1 : nS\ndx/dt = -x/tau_2 : nS", start: Self.start)
        try set.checkDimensions(parameters: Self.parameters)
    }

    @Test(
        "errors name the equation, the dimensions and the place",
        arguments: [
            (
                "dg/dt = (k*x - g) : nS\ndx/dt = -x/tau_2 : nS",
                "4:11: dg/dt has dimension nS, but nS/ms (nS/ms) was declared"
            ),
            (
                "dg/dt = (k*x - g)/tau1 : nS\ndx/dt = -x/tau_2 : nS",
                "4:21: unknown identifier 'tau1' (did you mean 'tau_1'?)"
            ),
            ("dg/dt = (x - E)/tau_1 : nS\ndx/dt = -x/tau_2 : nS", "4:11: dg/dt: cannot subtract mV from nS"),
            ("dg/dt = -g/tau_1 : furlong", "unknown unit 'furlong'"),
            ("dg/dt = -g/tau_1", "expected ': unit'"),
            ("dg/dt = -g/tau_1 : nS\ndg/dt = g : nS", "5:3: 'g' is defined twice"),
            ("a = b : 1\nb = a : 1\ndg/dt = -g/tau_1 : nS", "cyclic subexpressions: a → b → a"),
            ("a = 1 : 1", "no differential equation"),
            ("dg/dt = (-g/tau_1 : nS", "unbalanced '('"),
            ("dt/dt = 1 : ms", "'t' is the time"),
        ])
    func errors(_ input: (String, String)) {
        do {
            let set = try EquationSet.parse(input.0, start: Self.start)
            try set.checkDimensions(parameters: Self.parameters)
            Issue.record("accepted \(input.0)")
        } catch {
            #expect(error.description.contains(input.1), "\(input.0): \(error)")
        }
    }
}

import Foundation
import SynIntegrators
import SynModels
import Testing

@testable import SynSpec

/// Brian2's unit names and units inside expressions (issue 15), with every expected value
/// derived by hand from the internal units ms, mV, pA, nS, pF, mM and 1/ms.
@Suite("Brian2 units")
struct Brian2UnitTests {
    /// (name, factor to the internal unit): 1 V = 1000 mV; 1 A = 1e12 pA; 1 S = 1e9 nS;
    /// 1 F = 1e12 pF; 1 Ω = 1 V/A = 1e3 mV / 1e12 pA = 1e-9 mV/pA; 1 Hz = 1e-3 /ms; 1 M = 1e3 mM.
    static let factors: [(String, Double)] = [
        ("volt", 1e3), ("mvolt", 1), ("mV", 1), ("uvolt", 1e-3), ("second", 1e3), ("msecond", 1), ("ms", 1),
        ("usecond", 1e-3), ("amp", 1e12), ("ampere", 1e12), ("namp", 1e3), ("pA", 1), ("siemens", 1e9),
        ("nsiemens", 1), ("uS", 1e3), ("mS", 1e6), ("farad", 1e12), ("pfarad", 1), ("nF", 1e3), ("ohm", 1e-9),
        ("Mohm", 1e-3), ("Gohm", 1), ("GOhm", 1), ("kohm", 1e-6), ("hertz", 1e-3), ("Hz", 1e-3), ("kHz", 1),
        ("molar", 1e3), ("mmolar", 1), ("mM", 1), ("uM", 1e-3),
    ]

    @Test("every Brian2 unit name converts to the internal unit by the factor derived by hand")
    func names() throws {
        for (name, factor) in Self.factors {
            let unit = try #require(SpecUnit.named(name), "\(name)")
            #expect(abs(unit.scale - factor) <= 1e-15 * factor, "\(name): \(unit.scale) against \(factor)")
        }
        #expect(SpecUnit.named("Mohm")?.dimension == .voltage / .current)
        #expect(SpecUnit.named("mvolt")?.dimension == .voltage)
        #expect(SpecUnit.unsupported("cm")?.contains("length") == true)
        #expect(SpecUnit.unsupported("mV") == nil)
    }

    static let spec = """
        name: brian2_units
        equations: |
          du/dt = (g_l*(u_rest - u) + I) / C_m : volt
          G = 1 / (1 + Mg/(3.57*mM)*exp(-u/(16.3*mV))) : 1
        parameters:
          u_rest: -65*mV
          g_l: 10*uS
          C_m: 200*pF
          I: 0.5*namp
          Mg: 1*mM
          tau_m: C_m/g_l
        initial:
          u: -70*mV
        closed_form:
          u: u_rest + I/g_l + (-70*mV - u_rest - I/g_l)*exp(-t/tau_m)
        spikes: []
        t_end: 0.1*second
        methods: [rk8pd]
        """

    @Test("units inside expressions are constants of their value and dimension (Brian2's 16.3*mV)")
    func expressions() throws {
        let spec = try SpecFile.parse(Self.spec, file: "b.yaml")
        let documentation = spec.model.documentation.parameters
        func value(_ name: String) -> Double? { documentation.first { $0.name == name }?.value }
        #expect(value("u_rest") == -65)
        #expect(value("g_l") == 10_000)  // 10 uS = 10,000 nS
        #expect(value("I") == 500)  // 0.5 nA = 500 pA
        #expect(value("tau_m") == 0.02)  // 200 pF / 10,000 nS = 0.02 ms
        #expect(documentation.count == 6, "unit names are not parameters: \(documentation.map(\.name))")
        #expect(spec.model.endTime == 100)
        #expect(spec.model.initialState == [-70])
        #expect(spec.model.variables[0].unit == "mV")  // declared `: volt`, held in mV (initial state -70)
        // The closed form holds: the membrane relaxes to u_rest + I/g_l = -64.95 mV with tau_m.
        let end = try #require(spec.model.exactState(at: 100)[0])
        #expect(abs(end - (-64.95)) <= 1e-12)
    }

    @Test("a name the spec defines itself is not a unit there")
    func shadowing() throws {
        let text = Self.spec.replacingOccurrences(of: "  Mg: 1*mM\n", with: "  Mg: 1*mM\n  ms: 3\n")
            .replacingOccurrences(of: "tau_m: C_m/g_l", with: "tau_m: ms*C_m/g_l")
        let spec = try SpecFile.parse(text, file: "b.yaml")
        #expect(spec.model.documentation.parameters.first { $0.name == "tau_m" }?.value == 0.06)
    }

    @Test("a Brian2 unit of length is named as unsupported, with the reason, at its place")
    func lengthUnit() {
        let text = "name: x\nequations: |\n  dg/dt = -g/tau : cm\nparameters:\n  tau: 5 ms\n"
        #expect {
            try SpecFile.parse(text, file: "cm.yaml")
        } throws: { error in
            "\(error)".hasPrefix("cm.yaml:3:19: 'cm' is a Brian2 unit of length")
        }
    }

    @Test("a quantity written with a space inside an expression is named, with the fix")
    func spacedQuantity() {
        #expect {
            try ExpressionParser.parse("max(t - t1, 0 ms)")
        } throws: { error in
            "\(error)".hasSuffix("'0 ms': inside an expression, write a quantity as 0*ms, as Brian2 does")
        }
        #expect(throws: Never.self) { try ExpressionParser.parse("max(t - t1, 0*ms) + (.1*ms)") }
    }
}

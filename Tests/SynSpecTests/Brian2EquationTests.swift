import Foundation
import SynIntegrators
import SynModels
import Testing

@testable import SynSpec

/// Brian2's equation grammar (`brian2/equations/equations.py`: an expression runs over lines
/// until the ':' before the unit; `name : unit` declares a parameter; flags in parentheses).
@Suite("Brian2 equations")
struct Brian2EquationTests {
    /// The second seed's Exercise 3 solution, neuron and synapse equations as Brian2 code
    /// (`../shared/seeds/001_d8715e1fe6f0b678.txt`), with the synapse's g written into the neuron
    /// (Brian2 links them by `g_syn_post = g : siemens (summed)`) and one line continued.
    static let exercise3 = """
        name: exercise3
        equations: |
          du/dt = (g_l*(u_rest - u) + g*G_mg*(E_nmda - u)) / C_m : volt
          G_mg = 1 / (1 + Mg/(3.57*mM)*exp(-u/(16.3*mV))) : 1
          dx/dt = -x/tau_2 : siemens (clock-driven)
          dg/dt = ((tau_2 / tau_1) ** (tau_1 / (tau_2 - tau_1)) * x -
                   g) / tau_1 : siemens (clock-driven)
          g_unused : siemens
        parameters:
          u_rest: -65*mV
          g_l: 10*uS
          C_m: 200*pF
          E_nmda: 0*mV
          tau_1: 8*ms
          tau_2: 60*ms
          g_syn_max: 100*uS
          Mg: 1*mM
        initial:
          u: -65*mV
        on_spike: x += g_syn_max
        spikes: [100*ms]
        reference: numeric
        t_end: 300*ms
        methods: [rk8pd]
        """

    @Test("an expression continued on the next line is one equation; flags and declarations are read")
    func continuation() throws {
        let spec = try SpecFile.parse(Self.exercise3, file: "ex3.yaml")
        #expect(spec.model.variables.map(\.name) == ["u", "x", "g"])
        #expect(spec.model.variables.map(\.unit) == ["volt", "siemens", "siemens"])
        // The continued right-hand side: dg/dt = (k·x − g)/τ1 with k = (τ2/τ1)^(τ1/(τ2 − τ1)).
        let k = pow(60.0 / 8, 8.0 / 52)
        var dy = [0.0, 0.0, 0.0]
        try spec.model.derivatives(0, [-65, 2, 3], &dy)
        #expect(abs(dy[2] - (k * 2 - 3) / 8) <= 1e-15)
        // A declared parameter is 0 in its unit unless given.
        #expect(spec.model.documentation.parameters.contains { $0.name == "g_unused" } == false)
        #expect(spec.model.spikeTimes == [100])
    }

    @Test("an error in a continued line points at that line")
    func continuedErrorLocation() {
        let text = Self.exercise3.replacingOccurrences(of: "g) / tau_1", with: "g) / tau_9")
        #expect {
            try SpecFile.parse(text, file: "ex3.yaml")
        } throws: { error in
            // Line 7 of the file, the 'tau_9' after 11 spaces of indentation and "g) / ".
            "\(error)".hasPrefix("ex3.yaml:7:") && "\(error)".contains("tau_9")
        }
    }

    @Test("flags Brian2 has and SynVerify does not are errors saying why", arguments: ["summed", "linked", "foo"])
    func unsupportedFlags(flag: String) {
        let text = Self.exercise3.replacingOccurrences(of: "(clock-driven)\n  dg", with: "(\(flag))\n  dg")
        #expect {
            try SpecFile.parse(text, file: "ex3.yaml")
        } throws: { error in
            "\(error)".contains("flag '\(flag)' is not supported here")
        }
    }

    @Test("a declared parameter given a value of another dimension is an error")
    func declarationDimension() {
        let text = Self.exercise3.replacingOccurrences(of: "  Mg: 1*mM\n", with: "  Mg: 1*mM\n  g_unused: 1*mV\n")
        #expect {
            try SpecFile.parse(text, file: "ex3.yaml")
        } throws: { error in
            "\(error)".contains("'g_unused' is declared in siemens")
        }
    }
}

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
        // Declared in volt and siemens, held (and reported) in the internal units mV and nS.
        #expect(spec.model.variables.map(\.unit) == ["mV", "nS", "nS"])
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

/// Brian2's `on_pre` statement blocks in `on_spike` (issue 15).
@Suite("Spike statements")
struct SpikeStatementTests {
    static let spec = """
        name: tm
        equations: |
          dx/dt = (1 - x)/tau_d : 1
          du/dt = (U - u)/tau_f : 1
          dg/dt = -g/tau_s : nS
        parameters:
          tau_d: 200*ms
          tau_f: 600*ms
          tau_s: 5*ms
          U: 0.2
          w: 2*nS
        on_spike: |
          r = u*x
          x -= r
          u += U*(1 - u); g += w*r
          x *= 2
          u /= 2
        spikes: [10*ms]
        reference: numeric
        """

    /// By hand from (x, u, g) = (0.8, 0.3, 1 nS), U = 0.2, w = 2 nS, in order: r = 0.24;
    /// x = 0.8 − 0.24 = 0.56; u = 0.3 + 0.2·0.7 = 0.44; g = 1 + 2·0.24 = 1.48; x = 1.12; u = 0.22.
    @Test("statements run in order with temporaries, -=, *=, /= and several on one line")
    func statements() throws {
        let model = try SpecFile.parse(Self.spec, file: "tm.yaml").model
        var y = [0.8, 0.3, 1.0]
        y.withUnsafeMutableBufferPointer { model.applySpike(0, to: $0.baseAddress!) }
        for (value, expected) in zip(y, [1.12, 0.22, 1.48]) {
            #expect(abs(value - expected) <= 1e-15, "\(y)")
        }
    }

    @Test(
        "a statement of the wrong dimension, on a parameter, or not an assignment is one error",
        arguments: [
            ("g += w*r", "g += r", "the value has dimension 1, but g is in nS"),
            ("g += w*r", "g *= w", "*= needs a dimensionless value"),
            ("  r = u*x", "  w = u*x", "'w' is not a state variable"),
            ("  u /= 2", "  u == 2", "expected 'x = e'"),
        ])
    func errors(_ input: (String, String, String)) {
        let text = Self.spec.replacingOccurrences(of: input.0, with: input.1)
        #expect {
            try SpecFile.parse(text, file: "tm.yaml")
        } throws: { error in
            "\(error)".contains(input.2)
        }
    }
}

/// Brian2 Synapses code that a one-model spec cannot hold says why (issue 15).
@Suite("Synapses references")
struct SynapsesReferenceTests {
    @Test("v_post and (summed) are refused with the reason, at their place")
    func refused() throws {
        let post = """
            name: s
            equations: |
              dg/dt = -g/tau : nS
              I_syn = g*(E - v_post) : pA
            parameters: {tau: 5 ms, E: 0 mV}
            """
        #expect(
            performing: { try SpecFile.parse(post, file: "s.yaml") },
            throws: { "\($0)".contains("s.yaml:4:18: 'v_post' is a Brian2 Synapses reference to the postsynaptic") })
        let summed = """
            name: s
            equations: |
              dg/dt = -g/tau : nS
              g_total = g : nS (summed)
            parameters: {tau: 5 ms}
            """
        #expect(
            performing: { try SpecFile.parse(summed, file: "s.yaml") },
            throws: { "\($0)".contains("flag 'summed' is not supported here: it links a synapse's variable") })
    }
}

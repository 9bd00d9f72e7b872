import Foundation
import SynIntegrators
import SynModels
import SynTestSupport
import SynVerification
import SynVerifyGSL
import Testing

@testable import SynSpec

/// Every malformed or inconsistent spec is one `file:line:column:` error naming what is wrong.
@Suite("Spec file errors")
struct SpecErrorTests {
    static func committed(_ name: String) throws -> String {
        try SpecFileTests.committed(name)
    }

    @Test(
        "spec errors name file, line and column",
        arguments: [
            (
                "dg/dt = (k*x - g)/tau_1 : nS", "dg/dt = (k*x - g)/tau1 : nS",
                "s.yaml:5:21: unknown identifier 'tau1' (did you mean 'tau_1'?)"
            ),
            (
                "dg/dt = (k*x - g)/tau_1 : nS", "dg/dt = (k*x - g) : nS",
                "s.yaml:5:11: dg/dt has dimension nS, but nS/ms (nS/ms) was declared"
            ),
            (
                "dg/dt = (k*x - g)/tau_1 : nS", "dg/dt = (k*x - g)/tau_1 : mV",
                "s.yaml:5:11: dg/dt: cannot subtract mV from nS"
            ),
            ("dg/dt = (k*x - g)/tau_1 : nS", "dg/dt = ((k*x - g)/tau_1 : nS", "s.yaml:5:11: unbalanced '('"),
            ("dg/dt = (k*x - g)/tau_1 : nS", "dg/dt = (k*x - g)/foo(tau_1) : nS", "unknown function 'foo'"),
            ("  tau_1: 8 ms", "  tau_1: 0 ms", "division by parameter 'tau_1', which is 0"),
            ("  w: 100 nS", "  w: 100 furlongs", "s.yaml:11:6: parameter 'w': unknown unit 'furlongs'"),
            (
                "on_spike: x += w", "on_spike: x += tau_1",
                "on_spike 'x += tau_1': the value has dimension ms, but x is in nS"
            ),
            ("on_spike: x += w", "on_spike: y += w", "'y' is not a state variable"),
            ("t_end: 500 ms", "t_end: 500", "'t_end': expected a time > 0"),
            ("t_end: 500 ms", "t_end: 500 ms\ncolour: red", "unknown key 'colour'"),
            ("euler@0.1ms]", "euler]", "a simulator method needs its step"),
            ("rk8pd,", "rk9,", "unknown method 'rk9'"),
            ("  g: w * k", "  g: w * kk", "unknown identifier 'kk' (did you mean 'k'?)"),
            (
                "dx/dt = -x/tau_2        : nS", "dx/dt = -x/tau_2 : nS\n  a = b : 1\n  b = a : 1",
                "cyclic subexpressions"
            ),
        ])
    func errors(_ input: (String, String, String)) throws {
        let text = try Self.committed("dualexp-peak.yaml")
        #expect(text.contains(input.0), "fixture changed: \(input.0)")
        let broken = text.replacingOccurrences(of: input.0, with: input.1)
        do {
            _ = try SpecFile.parse(broken, file: "s.yaml")
            Issue.record("accepted: \(input.1)")
        } catch {
            #expect(error.description.contains(input.2), "\(input.1): \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test(
        "errors in inputs, thresholds, rates and references name what is wrong",
        arguments: [
            (
                "lif-coba.yaml", "reset: u = u_reset", "reset: u = u_th",
                "the reset (-50.0) must lie below the threshold (-50.0) in mV"
            ),
            ("lif-coba.yaml", "reset: u = u_reset\n", "", "a threshold needs 'reset: u = value'"),
            (
                "lif-coba.yaml", "threshold: u > u_th", "threshold: v > u_th",
                "threshold: 'v' is not a state variable (u)"
            ),
            (
                "lif-coba.yaml", "threshold: u > u_th", "threshold: u > u_thr",
                "s.yaml:22:16: threshold of u: unknown identifier 'u_thr' (did you mean 'u_th'?)"
            ),
            (
                "lif-coba.yaml", "threshold: u > u_th", "threshold: u > t_ref",
                "threshold of u has dimension ms, expected mV"
            ),
            ("lif-coba.yaml", "refractory: t_ref", "refractory: -1 ms", "refractory must be ≥ 0 ms"),
            ("lif-coba.yaml", "threshold: u > u_th\n", "", "reset and refractory need a threshold"),
            ("lif-coba.yaml", "rate: 1/(t_ref", "rate: u_th/(t_ref", "expected rate has dimension mV/ms, expected kHz"),
            (
                "lif-coba.yaml", "initial: {u: u_reset}", "initial: {u: u_th}",
                "the initial u (-50.0) must lie below the threshold (-50.0)"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: T_max}",
                "input 'T': a pulse needs 'duration'"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: T_max, duration: T_dur, colour: red}",
                "input 'T': unknown field 'colour' for a pulse; allowed: duration"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: T_max, step: T_max, duration: T_dur}",
                "give exactly one of step, pulse, sine"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: T_max, duration: 0 ms}",
                "the pulse duration must be > 0 ms"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: T_max, duration: 1 mV}",
                "input T: duration has dimension mV, expected ms"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "beta: {pulse: T_max, duration: T_dur}",
                "input 'beta' is already a state variable, parameter, input or the time"
            ),
            (
                "ampa.yaml", "T: {pulse: T_max, duration: T_dur}", "T: {pulse: 1 nS, duration: T_dur}",
                "ds/dt: cannot subtract kHz from pA·mV^-1·ms^-1·mM^-1"
            ),
            (
                "ampa.yaml", "alpha: 0.98 1/(mM*ms)", "alpha: 0.98 1/(mM*fortnight)",
                "parameter 'alpha': unknown unit '1/(mM*fortnight)'"
            ),
            (
                "ampa.yaml", "reference: numeric", "reference: analytic",
                "the only reference besides closed_form is 'numeric'"
            ),
            (
                "ampa.yaml", "reference: numeric", "reference: numeric\nclosed_form: {s: 0}",
                "give closed_form or reference: numeric, not both"
            ),
            (
                "lif-shunting.yaml", "t_end: 20 ms", "t_end: 20 ms\nexpect: {rate: 1 Hz}",
                "expect.rate needs a threshold"
            ),
        ])
    func featureErrors(_ input: (String, String, String, String)) throws {
        let text = try Self.committed(input.0)
        #expect(text.contains(input.1), "fixture changed: \(input.1)")
        do {
            _ = try SpecFile.parse(text.replacingOccurrences(of: input.1, with: input.2), file: "s.yaml")
            Issue.record("accepted: \(input.2)")
        } catch {
            #expect(error.description.contains(input.3), "\(input.2): \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test(
        "malformed files are clear errors, not crashes",
        arguments: [
            "", "\u{0}\u{1}\u{2}binary\u{FF}", "name: [", "- a\n- b", String(repeating: "x", count: 10 << 20),
            "name: x\nequations: |\n  dg/dt = " + String(repeating: "(", count: 10_000) + "g"
                + String(repeating: ")", count: 10_000) + " : nS",
        ])
    func malformed(_ text: String) {
        #expect(throws: SpecFile.SpecError.self) { _ = try SpecFile.parse(text, file: "bad.yaml") }
    }

    /// The step after `@` may be written with or without a space and in any time unit.
    @Test(
        "method steps: 0.1ms, 1e-2ms, 50us, 0.0001s and '0.1 ms' read as written",
        arguments: [
            ("rk4@0.1ms", 0.1), ("euler@1e-2ms", 0.01), ("heun@50us", 0.05), ("classic_rk4@0.0001s", 0.1),
            ("midpoint@0.1 ms", 0.1),
        ])
    func methodSteps(_ item: (String, Double)) throws {
        let text = try Self.committed("exp.yaml").replacingOccurrences(
            of: "methods:", with: "methods: [\(item.0)]\nold_methods:")
        let cleaned = text.split(separator: "\n").filter { !$0.hasPrefix("old_methods:") }.joined(separator: "\n")
        let spec = try SpecFile.parse(cleaned, file: "exp.yaml")
        let step = try #require(spec.methods.first?.fixedStep)
        #expect(abs(step - item.1) <= 1e-15 * item.1, "\(item.0): \(step) ms")
    }

    /// Editors and CI annotations follow `file:line:column:`; YAML syntax errors read so too.
    @Test("a YAML syntax error is a file:line:column: error")
    func yamlSyntax() {
        let text = "name: x\nequations: |\n  dg/dt = -g/tau : nS\nparameters: {tau: 5 ms\n"
        #expect {
            try SpecFile.parse(text, file: "bad.yaml")
        } throws: { error in
            "\(error)".hasPrefix("bad.yaml:5:1: malformed YAML: parser: while parsing a flow mapping")
        }
    }
}

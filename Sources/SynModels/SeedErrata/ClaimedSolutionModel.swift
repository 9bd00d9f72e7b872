import SynIntegrators
import SynKernels
import SynVerifyGSL

/// A seed's known-wrong claim made verifiable: an ODE (as printed, or the correct one) paired
/// with the solution, peak or rate the seed claims for it. Verification integrates the ODE and
/// must find the claim false; the reason it reports (diverges, wrong peak time by X ms, wrong
/// rate by Y %) is the point of the exercise.
public struct ClaimedSolutionModel: ForwardingModel {
    let base: any ODEModel
    /// The claimed closed form of the first variable, or nil when only a peak or rate is claimed.
    let claim: (any Kernel)?
    let claimedPeak: Peak?
    let claimedRate: Double?
    public let knownWrong: KnownWrongClaim?

    public var wrapped: any ODEModel { base }

    public func exactState(at t: Double) -> [Double?] {
        [claim?.value(at: t)] + Array(repeating: nil, count: max(0, base.variables.count - 1))
    }
    public var analyticPeak: Peak? { claimedPeak }
    public var analyticRate: Double? { claimedRate }

    static func kernel(_ name: String, _ overrides: [(name: String, value: Double)], _ spikes: [Double]?)
        throws(InputError) -> any Kernel
    {
        try KernelCatalog.entry(named: name).make(overrides: overrides, spikes: spikes)
    }

    public static let exponentialSignEntry = ModelEntry(
        name: "exp-seed-sign", summary: "KNOWN WRONG: dg/dt = −g/τ held against Eq. (4) as printed, w·e^(+t/τ)",
        equations: "dg/dt = −g/τ;  on spike: g += w;  claimed: g = w·e^(+t/τ)",
        latex:
            "\\frac{dg}{dt} = -\\frac{g}{\\tau}, \\ g \\leftarrow g + w; \\quad \\text{claimed: } g = w\\, "
            + "e^{+t/\\tau}",
        source: "second seed Eq. (4)",
        variables: [StateVariable("g", "nS")], parameters: ExponentialSynapseModel.parameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 20,
        construct: { p, s throws(InputError) in
            ClaimedSolutionModel(
                base: try ExponentialSynapseModel(p, s),
                claim: try kernel("exp-seed-sign", [("g_bar", p["w"]), ("tau", p["tau"])], s), claimedPeak: nil,
                claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "g(t) = g̅·exp((t − t_s)/τ)", correction: "g(t) = g̅·exp(−(t − t_s)/τ)",
                    correctModel: "exp"))
        }
    )

    public static let alphaSignEntry = ModelEntry(
        name: "alpha-seed-sign",
        summary: "KNOWN WRONG: the alpha ODE held against Eq. (5) as printed, w·(t/τ)·e^(+t/τ)",
        equations: "dg/dt = (x − g)/τ;  dx/dt = −x/τ;  x += w;  claimed: g = w·(t/τ)·e^(+t/τ)",
        latex:
            "\\frac{dg}{dt} = \\frac{x - g}{\\tau}, \\ \\frac{dx}{dt} = -\\frac{x}{\\tau}, \\ x \\leftarrow x + w; "
            + "\\quad \\text{claimed: } g = w \\frac{t}{\\tau} e^{+t/\\tau}",
        source: "second seed Eq. (5)",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")], parameters: AlphaKernel.brian2Parameters,
        acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in
            ClaimedSolutionModel(
                base: try AlphaSynapseModel(p, s),
                claim: try kernel("alpha-seed-sign", [("g_bar", p["w"]), ("tau", p["tau"])], s), claimedPeak: nil,
                claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "g(t) = g̅·((t − t_s)/τ)·exp((t − t_s)/τ)",
                    correction: "g(t) = g̅·((t − t_s)/τ)·exp(−(t − t_s)/τ)", correctModel: "alpha"))
        }
    )

    public static let dualExponentialSignEntry = ModelEntry(
        name: "dualexp-seed-sign", summary: "KNOWN WRONG: the dual-exponential ODE held against Eq. (6) as printed",
        equations:
            "ds/dt = x;  dx/dt = −(τ1+τ2)/(τ1τ2)·x − s/(τ1τ2);  x += w;  claimed: "
            + "s = w·τ1τ2/(τ1−τ2)·(e^(+t/τ1) "
            + "− e^(+t/τ2))",
        latex:
            "\\frac{ds}{dt} = x, \\ \\frac{dx}{dt} = -\\frac{\\tau_1 + \\tau_2}{\\tau_1 \\tau_2} x - "
            + "\\frac{s}{\\tau_1 \\tau_2}, \\ x \\leftarrow x + w; \\quad \\text{claimed: "
            + "} s = w \\frac{\\tau_1 \\tau_2}{\\tau_1 - \\tau_2} \\left(e^{+t/\\tau_1} - "
            + "e^{+t/\\tau_2}\\right)",
        source: "second seed Eq. (6)",
        variables: [StateVariable("s", "ms"), StateVariable("x", "1")],
        parameters: DualExponentialKernel.brainpyParameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in
            ClaimedSolutionModel(
                base: try DualExponentialModel(.brainpy, p, s),
                claim: try kernel(
                    "dualexp-seed-sign", [("g_bar", p["w"]), ("tau1", p["tau1"]), ("tau2", p["tau2"])], s),
                claimedPeak: nil, claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "g̅·τ1τ2/(τ1 − τ2)·(exp((t − t_s)/τ1) − exp((t − t_s)/τ2))",
                    correction: "exponents −(t − t_s)/τ1 and −(t − t_s)/τ2", correctModel: "dualexp"))
        }
    )

    public static let alphaODEEntry = ModelEntry(
        name: "alpha-seed-ode", summary: "KNOWN WRONG: dg/dt = (g − x)/τ, claimed to give the alpha function",
        equations: "dg/dt = (g − x)/τ;  dx/dt = −x/τ;  x += w;  claimed: g = w·(t/τ)·e^(−t/τ)",
        latex:
            "\\frac{dg}{dt} = \\frac{g - x}{\\tau}, \\ \\frac{dx}{dt} = -\\frac{x}{\\tau}, \\ x \\leftarrow x + w; "
            + "\\quad \\text{claimed: } g = w \\frac{t}{\\tau} e^{-t/\\tau}",
        source: "second seed Exercise 2",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")], parameters: AlphaKernel.brian2Parameters,
        acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in
            ClaimedSolutionModel(
                base: WrongAlphaODEModel(w: p["w"], tau: p["tau"], spikeTimes: s),
                claim: try kernel("alpha-brian2", [("w", p["w"]), ("tau", p["tau"])], s), claimedPeak: nil,
                claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "dg/dt = (g − x)/τ", correction: "dg/dt = (x − g)/τ", correctModel: "alpha"))
        }
    )

    public static let alphaPeakEntry = ModelEntry(
        name: "alpha-brian2-seed-peak",
        summary: "KNOWN WRONG peak claim: the Brian2 alpha synapse said to reach w at τ",
        equations: "dg/dt = (x − g)/τ;  dx/dt = −x/τ;  x += w;  claimed peak: w at t = τ",
        latex:
            "\\frac{dg}{dt} = \\frac{x - g}{\\tau}, \\ \\frac{dx}{dt} = -\\frac{x}{\\tau}, \\ x \\leftarrow x + w; "
            + "\\quad \\text{claimed peak: } w \\text{ at } t = \\tau",
        source: "second seed Exercise 2 solution",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")], parameters: AlphaKernel.brian2Parameters,
        acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in
            let claim = try kernel("alpha-brian2-seed-peak", [("w", p["w"]), ("tau", p["tau"])], s)
            return ClaimedSolutionModel(
                base: try AlphaSynapseModel(p, s), claim: claim, claimedPeak: claim.peak, claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "maximum w at t = τ", correction: "g peaks at w/e at t = τ (x at w at t = 0)",
                    correctModel: "alpha"))
        }
    )

    public static let dualExponentialPeakEntry = ModelEntry(
        name: "dualexp-peak-seed-peak",
        summary: "KNOWN WRONG peak claim: peak-normalised dual exponential said to peak at τ1·ln(τ2/τ1)",
        equations: "dg/dt = (k·x − g)/τ1;  dx/dt = −x/τ2;  x += w;  claimed peak: w at τ1·ln(τ2/τ1)",
        latex:
            "\\frac{dg}{dt} = \\frac{k x - g}{\\tau_1}, \\ \\frac{dx}{dt} = -\\frac{x}{\\tau_2}, "
            + "\\ x \\leftarrow x + w; \\quad \\text{claimed peak: } w \\text{ at } \\tau_1 \\ln(\\tau_2/\\tau_1)",
        source: "second seed Exercise 2 solution",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")],
        parameters: DualExponentialKernel.peakParameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 300,
        construct: { p, s throws(InputError) in
            let claim = try kernel(
                "dualexp-peak-seed-peak", [("w", p["w"]), ("tau1", p["tau1"]), ("tau2", p["tau2"])], s)
            return ClaimedSolutionModel(
                base: try DualExponentialModel(.peak, p, s), claim: claim, claimedPeak: claim.peak, claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "peak at τ1·ln(τ2/τ1)", correction: "peak at τ1τ2/(τ2 − τ1)·ln(τ2/τ1)",
                    correctModel: "dualexp-peak"))
        }
    )

    public static let brainpyAlphaClosedFormEntry = ModelEntry(
        name: "alpha-brainpy-seed-closed-form",
        summary: "KNOWN WRONG: BrainPy's alpha ODE held against the printed (t/τ)·e^(−t/τ)",
        equations: "ds/dt = x;  dx/dt = −2x/τ − s/τ²;  x += 1;  claimed: s = (t/τ)·e^(−t/τ)",
        latex:
            "\\frac{ds}{dt} = x, \\ \\frac{dx}{dt} = -\\frac{2x}{\\tau} - \\frac{s}{\\tau^2}, \\ x \\leftarrow x + 1; "
            + "\\quad \\text{claimed: } s = \\frac{t}{\\tau} e^{-t/\\tau}",
        source: "first seed §2.1.1 (2)",
        variables: [StateVariable("s", "ms"), StateVariable("x", "1")], parameters: AlphaKernel.brainpyParameters,
        acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in
            let claim = try kernel("alpha-brainpy-seed-closed-form", [("tau", p["tau"])], s)
            return ClaimedSolutionModel(
                base: try BrainPyAlphaModel(p, s), claim: claim, claimedPeak: claim.peak, claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "s = ((t − t_s)/τ)·exp(−(t − "
                        + "t_s)/τ)", correction: "s = (t − t_s)·exp(−(t − t_s)/τ)",
                    correctModel: "alpha-brainpy"))
        }
    )

    public static let shuntingSignEntry = ModelEntry(
        name: "shunting-seed-sign",
        summary: "KNOWN WRONG: the Exercise 5 ODE (+g_i·u) held against its claimed steady state g_e·E_e/G_in",
        equations: "C·du/dt = g_i·u + g_e(E_e − u) − g_m·u;  claimed: u → g_e·E_e/(g_i + g_e + g_m) "
            + "with τ′ = C/G_in",
        latex:
            "C \\frac{du}{dt} = g_i u + g_e (E_e - u) - g_m u; \\quad \\text{claimed: "
            + "} u \\to \\frac{g_e E_e}{g_i + g_e + g_m}, \\ \\tau' = C / G_\\mathrm{in}",
        source: "second seed Exercise 5",
        variables: [StateVariable("u", "mV")], parameters: ShuntingSignErratum.parameters, acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 100,
        construct: { p, _ throws(InputError) in
            let claim = try kernel(
                "lif-coba",
                [
                    ("C", p["C"]), ("g_l", p["g_l"]), ("u_rest", 0), ("g", p["g_e"]), ("E", p["E_e"]),
                    ("g_i", p["g_i"]), ("E_i", 0), ("I", 0), ("u0", 0),
                ], nil)
            return ClaimedSolutionModel(
                base: WrongShuntingODEModel(
                    capacitance: p["C"], leak: p["g_l"], excitatory: p["g_e"], reversal: p["E_e"], shunt: p["g_i"]),
                claim: claim, claimedPeak: nil, claimedRate: nil,
                knownWrong: KnownWrongClaim(
                    claim: "τ_m·du/dt = R_m·g_i·u + R_m·g_e(E_e − u) − u",
                    correction: "−R_m·g_i·u (the shunt current g_i(E_i − u) "
                        + "with E_i = 0)", correctModel: "lif-coba"))
        }
    )

    public static let truncatedRateEntry = ModelEntry(
        name: "lif-rate-seed-approx", summary: "KNOWN WRONG as a rate: the LIF's firing rate held against Eq. (19)",
        equations:
            "C·du/dt = g_l(u_rest − u) + g(E − u) + I, threshold and reset;  claimed: "
            + "r = (I − I_rh)/(C·(u_th − u_reset))",
        latex:
            "C \\frac{du}{dt} = g_l (u_\\mathrm{rest} - u) + g (E - u) + I \\text{ with threshold and reset}; "
            + "\\quad \\text{claimed: } r = \\frac{I - I_\\mathrm{rh}}{C (u_\\mathrm{th} - u_\\mathrm{reset})}",
        source: "second seed Exercise 6c, Eq. (19)",
        variables: [StateVariable("u", "mV")], parameters: ConductanceLIFModel.parameters, acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 1000,
        construct: { p, _ throws(InputError) in
            let base = try ConductanceLIFModel(p)
            let rateParameters = LIFRateKernel.parameters.map { ($0.name, p[$0.name]) }
            let approx = try kernel("lif-rate-seed-approx", rateParameters, nil)
            return ClaimedSolutionModel(
                base: base, claim: nil, claimedPeak: nil, claimedRate: approx.value(at: p["I"]),
                knownWrong: KnownWrongClaim(
                    claim: "r ≈ (u_rest − u_th)/(C·R_m·(u_th − u_reset)) + I/(C·(u_th − u_reset))",
                    correction: "r = 1/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − "
                        + "u_th)))", correctModel: "lif-coba"))
        }
    )
}

import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Dual-exponential synapse as an ODE, in the two forms of the seeds.
///
/// - BrainPy: ds/dt = x, dx/dt = −(τ1 + τ2)/(τ1τ2)·x − s/(τ1τ2), x += w; s (ms) has the closed
///   form w·τ1τ2/(τ1 − τ2)(e^(−t/τ1) − e^(−t/τ2)).
/// - Brian2, peak-normalised: dg/dt = (k·x − g)/τ1, dx/dt = −x/τ2, x += w with
///   k = (τ2/τ1)^(τ1/(τ2 − τ1)); g (nS) peaks at exactly w.
/// Closed forms: `DualExponentialKernel`. Units: τ ms; w as in the kernels.
/// Reference: first seed §2.1.1 (1); second seed Exercises 2–3.
public struct DualExponentialModel: VerifiableModel {
    public let form: DualExponentialKernel.Normalisation
    public let w: Double
    public let tau1: Double
    public let tau2: Double
    public let spikeTimes: [Double]
    let closedForm: DualExponentialKernel
    let decay: ExponentialKernel?
    /// Brian2 form: k = (τ2/τ1)^(τ1/(τ2 − τ1)).
    let k: Double

    init(_ form: DualExponentialKernel.Normalisation, _ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        self.form = form
        w = p["w"]
        tau1 = p["tau1"]
        tau2 = p["tau2"]
        spikeTimes = spikes
        closedForm = try DualExponentialKernel(normalisation: form, w: w, tau1: tau1, tau2: tau2, spikes: spikes)
        decay = form == .peak ? try ExponentialKernel(gBar: w, tau: tau2, spikes: spikes) : nil
        k = form == .peak ? exp(tau1 == tau2 ? 1 : log1p((tau2 - tau1) / tau1) / ((tau2 - tau1) / tau1)) : 1
    }

    public var variables: [StateVariable] {
        form == .brainpy
            ? [StateVariable("s", "ms"), StateVariable("x", "1")]
            : [StateVariable("g", "nS"), StateVariable("x", "nS")]
    }
    public var initialState: [Double] { [0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        switch form {
        case .brainpy:
            dydt[0] = y[1]
            dydt[1] = -(tau1 + tau2) / (tau1 * tau2) * y[1] - y[0] / (tau1 * tau2)
        case .peak:
            dydt[0] = (k * y[1] - y[0]) / tau1
            dydt[1] = -y[1] / tau2
        }
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        switch form {
        case .brainpy:
            dfdy[0] = 0
            dfdy[1] = 1
            dfdy[2] = -1 / (tau1 * tau2)
            dfdy[3] = -(tau1 + tau2) / (tau1 * tau2)
        case .peak:
            dfdy[0] = -1 / tau1
            dfdy[1] = k / tau1
            dfdy[2] = 0
            dfdy[3] = -1 / tau2
        }
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += w }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        switch form {
        case .brainpy:
            a[0] = 0
            b[0] = y[1]
            a[1] = -(tau1 + tau2) / (tau1 * tau2)
            b[1] = -y[0] / (tau1 * tau2)
        case .peak:
            a[0] = -1 / tau1
            b[0] = k * y[1] / tau1
            a[1] = -1 / tau2
            b[1] = 0
        }
        return true
    }

    /// The system is linear with constant coefficients: its matrix is the Jacobian.
    public var linearSystem: LinearSystem? {
        var matrix = [Double](repeating: 0, count: 4)
        var dfdt = [0.0, 0.0]
        try? jacobian(0, [0, 0], &matrix, &dfdt)
        return LinearSystem(matrix: matrix, offset: [0, 0])
    }

    public func exactState(at t: Double) -> [Double?] {
        [closedForm.value(at: t), decay?.value(at: t)]
    }

    public var analyticPeak: Peak? { closedForm.peak }

    public static let brainpyEntry = ModelEntry(
        name: "dualexp", summary: "dual exponential, BrainPy form (s, x)",
        equations: "ds/dt = x;  dx/dt = −(τ1+τ2)/(τ1τ2)·x − s/(τ1τ2);  on spike: x += w",
        source: "first seed §2.1.1 (1) Differences of two exponentials",
        variables: [StateVariable("s", "ms"), StateVariable("x", "1")],
        parameters: DualExponentialKernel.brainpyParameters, acceptsSpikes: true, defaultSpikes: [0],
        defaultEndTime: 500,
        construct: { p, s throws(InputError) in try DualExponentialModel(.brainpy, p, s) }
    )

    public static let peakEntry = ModelEntry(
        name: "dualexp-peak", summary: "dual exponential, Brian2 peak-normalised form (g, x)",
        equations: "dg/dt = (k·x − g)/τ1;  dx/dt = −x/τ2;  k = (τ2/τ1)^(τ1/(τ2−τ1));  on spike: x += w",
        latex:
            "\\frac{dg}{dt} = \\frac{k x - g}{\\tau_1}, \\quad \\frac{dx}{dt} = -\\frac{x}{\\tau_2}, "
            + "\\quad k = \\left(\\frac{\\tau_2}{\\tau_1}\\right)^{\\tau_1/(\\tau_2 - \\tau_1)}, "
            + "\\qquad x \\leftarrow x + w \\text{ at each spike}",
        source: "second seed Exercises 2–3",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")],
        parameters: DualExponentialKernel.peakParameters, acceptsSpikes: true, defaultSpikes: [0], defaultEndTime: 500,
        construct: { p, s throws(InputError) in try DualExponentialModel(.peak, p, s) }
    )
}

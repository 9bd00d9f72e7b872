#!/usr/bin/env python3
"""Independent high-precision reference values for SynVerify's closed-form kernels.

Run once; the output, data/reference/kernels.json, is committed with this script.

    python3 scripts/generate_kernel_reference.py > data/reference/kernels.json

Nothing here comes from the Swift code under test. Every kernel is evaluated at 50 significant
digits (mpmath) from its textbook formula, written naively: at that precision the cancellations
that the Swift code avoids with expm1/log1p still leave > 35 correct digits. The nonlinear and
piecewise kernels (AMPA/GABA_A pulses, NMDA s/x, GABA_B, gap junction, sinusoidal LIF) are instead
written here from a hand derivation by another route than the Swift code (integrating factor and
mpmath.quad for NMDA instead of the incomplete gamma function; plain piecewise exponentials for
GABA_B, the gap junction and the sinusoidal LIF), and every such form is cross-checked at 1e-20
against the ODE itself, integrated by mpmath's Taylor-series solver (mpmath.odefun) segment by
segment between discontinuities. Peaks come from analytic formulas or from bisection on the
right-hand side.

Every abscissa and parameter is first rounded to a binary64 double (mpf(float(x))) so that both
sides evaluate exactly the same arguments.
"""
import json
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 50
ODE_DPS = 30  # Taylor ODE solves: 30 digits are plenty for a 1e-12 comparison and keep them fast.


def d(x):
    """The binary64 double nearest x, as an exact mpf."""
    return mpf(float(x))


def fmt(x):
    if x is None:
        return None
    return mpmath.nstr(mpf(x), 25, min_fixed=-1, max_fixed=-1) if x != 0 else "0"


# ---------------------------------------------------------------------------------------------
# Linear kernels: single-spike responses, superposed.

def superpose(response, spikes):
    def value(t):
        return mpmath.fsum(response(t - s) for s in spikes if s <= t)
    return value


def bisect(f, a, b, iterations=110):
    """Root of f on [a, b] (sign change required) by plain bisection: slow, simple, certain."""
    fa, fb = f(a), f(b)
    assert (fa > 0) != (fb > 0), (a, b, fa, fb)
    for _ in range(iterations):
        m = (a + b) / 2
        fm = f(m)
        if (fm > 0) == (fa > 0):
            a, fa = m, fm
        else:
            b = m
    return (a + b) / 2


def dualexp_shape(s, tau1, tau2):
    with mp.workdps(150):  # first-order cancellation, up to ~25 digits at |dtau|/tau = 1e-12, s = 1e-9
        return +_dualexp_shape(s, tau1, tau2)


def _dualexp_shape(s, tau1, tau2):
    if tau1 == tau2:
        return s * mpmath.exp(-s / tau1)
    return tau1 * tau2 / (tau1 - tau2) * (mpmath.exp(-s / tau1) - mpmath.exp(-s / tau2))


def dualexp_peak_time(tau1, tau2):
    if tau1 == tau2:
        return tau1
    return tau1 * tau2 / (tau1 - tau2) * mpmath.log(tau1 / tau2)


def brian2_dualexp(s, w, tau1, tau2):
    with mp.workdps(150):
        return +_brian2_dualexp(s, w, tau1, tau2)


def _brian2_dualexp(s, w, tau1, tau2):
    """g = w k tau2/(tau2 - tau1) (e^{-s/tau2} - e^{-s/tau1}), k = (tau2/tau1)^(tau1/(tau2-tau1))."""
    if tau1 == tau2:
        return w * mpmath.e * (s / tau1) * mpmath.exp(-s / tau1)
    k = (tau2 / tau1) ** (tau1 / (tau2 - tau1))
    return w * k * tau2 / (tau2 - tau1) * (mpmath.exp(-s / tau2) - mpmath.exp(-s / tau1))


def psp_exp(s, c, tau_m, tau_s, w):
    with mp.workdps(150):
        return +_psp_exp(s, c, tau_m, tau_s, w)


def _psp_exp(s, c, tau_m, tau_s, w):
    if tau_m == tau_s:
        return w / c * s * mpmath.exp(-s / tau_m)
    return w / c * (mpmath.exp(-s / tau_m) - mpmath.exp(-s / tau_s)) / (1 / tau_s - 1 / tau_m)


def psp_alpha(s, c, tau_m, tau_s, w):
    # The naive form cancels to second order in (b - a)s: at |b - a|s ~ 1e-22 that is 44 digits,
    # so it is evaluated at 150 digits.
    with mp.workdps(150):
        return +_psp_alpha(s, c, tau_m, tau_s, w)


def _psp_alpha(s, c, tau_m, tau_s, w):
    a, b = 1 / tau_m, 1 / tau_s
    pre = w * mpmath.e / (c * tau_s)
    if a == b:
        return pre * mpmath.exp(-a * s) * s * s / 2
    dd = b - a
    return pre * (mpmath.exp(-a * s) - mpmath.exp(-b * s) * (1 + dd * s)) / dd ** 2


def psp_alpha_peak_time(tau_m, tau_s):
    """Non-trivial root of e^x = 1 + c x, c = tau_m/tau_s: x = -W(-(1/c) e^{-1/c}) - 1/c on the
    non-trivial branch (W_{-1} for c > 1, W_0 for c < 1); t* = x/(1/tau_s - 1/tau_m). Near c = 1
    the Lambert-W argument sits at the branch point -1/e, where W keeps only half the digits, so
    the root is polished by Newton on (e^x - 1 - x)/x = c - 1 (well conditioned there)."""
    if tau_m == tau_s:
        return 2 * tau_m
    c = tau_m / tau_s
    branch = -1 if c > 1 else 0
    w = mpmath.lambertw(-(1 / c) * mpmath.exp(-1 / c), branch).real
    x = -w - 1 / c
    with mp.workdps(80):
        x = mpmath.findroot(lambda z: (mpmath.expm1(z) - z) / z - (c - 1), mpf(x))
    t = x / (1 / tau_s - 1 / tau_m)
    # Cross-check: dv/dt = 0 there (derivative by high-precision differentiation).
    slope = mpmath.diff(lambda u: psp_alpha(u, 1, tau_m, tau_s, 1), t)
    assert abs(slope) < mpf(10) ** -32, slope
    return t


# ---------------------------------------------------------------------------------------------
# ODE-integrated kernels (mpmath Taylor solver, segment by segment).

def piecewise_ode(rhs_for, y0, breakpoints, t_end):
    """Integrates y' = rhs_for(segment)(t, y) across [breakpoints[0], t_end], restarting the solver at
    each breakpoint. rhs_for(k, t0) returns the right-hand side on segment k (starting at t0), and
    jumps in the state are applied by `jump(k, y)` (attached to rhs_for). Returns a function of t."""
    with mp.workdps(ODE_DPS):
        segments = []
        y = [mpf(v) for v in y0]
        for k, t0 in enumerate(breakpoints):
            y = rhs_for.jump(k, y)
            t1 = breakpoints[k + 1] if k + 1 < len(breakpoints) else t_end
            f = mpmath.odefun(rhs_for(k, t0), t0, y)
            segments.append((t0, t1, f))
            y = f(t1) if t1 > t0 else y
            y = list(y)

    def at(t):
        if t < breakpoints[0]:
            return None
        with mp.workdps(ODE_DPS):
            for t0, t1, f in reversed(segments):
                if t >= t0:
                    return list(f(t))
    return at


def pulses(spikes, duration):
    """Union of [t_s, t_s + T_dur) under the restart rule, as sorted (start, end) pairs."""
    out = []
    for s in sorted(spikes):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], s + duration)
        else:
            out.append((s, s + duration))
    return out


def crosscheck(closed, ode, times, what):
    """Asserts that a closed form written here agrees with the ODE integrated by mpmath.odefun."""
    for t in times:
        a, b = closed(t), ode(t)
        assert abs(a - b) <= mpf(10) ** -20 * max(abs(b), mpf(10) ** -30), (what, t, a, b)


def markov_closed(alpha, beta, conc, duration, spikes):
    """Piecewise exponentials of ds/dt = alpha [T](1 - s) - beta s, derived by hand:
    on: s = s_inf + (s0 - s_inf) e^{-(alpha T + beta) tau}; off: s = s0 e^{-beta tau}."""
    windows = pulses(spikes, duration)
    k = alpha * conc + beta
    s_inf = alpha * conc / k
    starts = []  # (t0, on, s0)
    s = mpf(0)
    for i, (a, b) in enumerate(windows):
        if starts:
            t0, _, s0 = starts[-1]
            s = s0 * mpmath.exp(-beta * (a - t0))
        starts.append((a, True, s))
        s = s_inf + (s - s_inf) * mpmath.exp(-k * (b - a))
        starts.append((b, False, s))

    def value(t):
        seg = [x for x in starts if x[0] <= t]
        if not seg:
            return mpf(0)
        t0, on, s0 = seg[-1]
        if on:
            return s_inf + (s0 - s_inf) * mpmath.exp(-k * (t - t0))
        return s0 * mpmath.exp(-beta * (t - t0))
    return value, windows


def markov(alpha, beta, conc, duration, spikes, t_end):
    value, windows = markov_closed(alpha, beta, conc, duration, spikes)
    breaks = sorted({t for w in windows for t in w})
    on_starts = {w[0] for w in windows}

    def rhs_for(k, t0):
        tt = conc if breaks[k] in on_starts else 0
        return lambda t, y: [alpha * tt * (1 - y[0]) - beta * y[0]]
    rhs_for.jump = lambda k, y: y
    horizon = min(t_end, breaks[-1] + 20)
    sol = piecewise_ode(rhs_for, [0], breaks, horizon)
    crosscheck(value, lambda t: sol(t)[0], [breaks[0] + (horizon - breaks[0]) * mpf(i) / 7 for i in range(1, 8)], "markov")
    peak = max(((w[1], value(w[1])) for w in windows), key=lambda p: p[1])
    return value, peak


def nmda(p, spikes, t_end):
    """s from the integrating factor of ds/dt + (1/tau_d + a x) s = a x on each inter-spike segment:
    mu(u) = exp(u/tau_d + a tau_r x0 (1 - e^{-u/tau_r})), s = [s0 + int_0^tau a x(u) mu(u) du]/mu(tau),
    the integral by mpmath.quad; cross-checked against odefun over the first 30 ms."""
    td, tr, a = p["tau_decay"], p["tau_rise"], p["a"]
    block = 1 / (1 + mpmath.exp(-p["alpha"] * p["V"]) * p["cc_Mg"] / p["beta"])
    breaks = sorted(spikes)

    def seg_value(tau, s0, x0):
        if tau <= 0:
            return s0
        mu = lambda u: mpmath.exp(u / td + a * tr * x0 * (1 - mpmath.exp(-u / tr)))
        cuts = [mpf(0)] + [c for c in (tr, 5 * tr, 20 * tr, td, 5 * td, 20 * td) if c < tau] + [tau]
        integral = mpmath.quad(lambda u: a * x0 * mpmath.exp(-u / tr) * mu(u), sorted(set(cuts)))
        return (s0 + integral) / mu(tau)

    starts = []  # (t0, s0, x0)
    for t in breaks:
        if starts:
            t0, s0, x0 = starts[-1]
            starts.append((t, seg_value(t - t0, s0, x0), x0 * mpmath.exp(-(t - t0) / tr) + 1))
        else:
            starts.append((t, mpf(0), mpf(1)))

    def state(t):
        seg = [x for x in starts if x[0] <= t]
        if not seg:
            return None
        t0, s0, x0 = seg[-1]
        return seg_value(t - t0, s0, x0), x0 * mpmath.exp(-(t - t0) / tr)

    def value(t):
        st = state(t)
        return mpf(0) if st is None else p["g_max"] * block * st[0]

    def rhs_for(k, t0):
        return lambda t, y: [-y[0] / td + a * y[1] * (1 - y[0]), -y[1] / tr]
    rhs_for.jump = lambda k, y: [y[0], y[1] + 1]
    horizon = breaks[-1] + 30
    sol = piecewise_ode(rhs_for, [0, 0], breaks, horizon)
    crosscheck(lambda t: state(t)[0], lambda t: sol(t)[0], [breaks[0] + horizon * mpf(i) / 9 for i in range(1, 9)], "nmda")

    best = None
    for k, (t0, s0, x0) in enumerate(starts):
        t1 = breaks[k + 1] if k + 1 < len(breaks) else t_end

        def slope(t, t0=t0, s0=s0, x0=x0):
            # The slope on this segment only: at t1 the next spike's jump must not be seen yet.
            s = seg_value(t - t0, s0, x0)
            return -s / td + a * x0 * mpmath.exp(-(t - t0) / tr) * (1 - s)
        if slope(t1) < 0:
            root = bisect(slope, t0 + mpf("1e-9"), t1)
            v = p["g_max"] * block * seg_value(root - t0, s0, x0)
            if best is None or v > best[1]:
                best = (root, v)
    return value, best


def gabab(p, spikes, t_end):
    """R piecewise as markov_closed (k3, k4); G from dG/dt = k1 R - k2 G with R = A + B e^{-lam tau}
    on a segment, solved by hand: G = G0 e^{-k2 tau} + k1 A (1 - e^{-k2 tau})/k2
    + k1 B (e^{-lam tau} - e^{-k2 tau})/(k2 - lam). Cross-checked against odefun over 200 ms."""
    k1, k2, k3, k4, kd = p["k1"], p["k2"], p["k3"], p["k4"], p["K_d"]
    r_value, windows = markov_closed(k3, k4, p["T"], p["T_dur"], spikes)
    lam_on = k3 * p["T"] + k4
    r_inf = k3 * p["T"] / lam_on
    edges = sorted({t for w in windows for t in w})
    on_starts = {w[0] for w in windows}
    g_starts = []
    g = mpf(0)

    def g_after(tau, g0, t0):
        r0 = r_value(t0)
        if t0 in on_starts:
            A, B, lam = r_inf, r0 - r_inf, lam_on
        else:
            A, B, lam = mpf(0), r0, k4
        return (g0 * mpmath.exp(-k2 * tau) + k1 * A * (1 - mpmath.exp(-k2 * tau)) / k2
                + k1 * B * (mpmath.exp(-lam * tau) - mpmath.exp(-k2 * tau)) / (k2 - lam))
    for i, t0 in enumerate(edges):
        if i:
            g = g_after(t0 - edges[i - 1], g, edges[i - 1])
        g_starts.append((t0, g))

    def g_of(t):
        seg = [x for x in g_starts if x[0] <= t]
        if not seg:
            return mpf(0)
        t0, g0 = seg[-1]
        return g_after(t - t0, g0, t0)

    def s_of(g):
        return g ** 4 / (g ** 4 + kd)

    def rhs_for(k, t0):
        tt = p["T"] if edges[k] in on_starts else 0
        return lambda t, y: [k3 * tt * (1 - y[0]) - k4 * y[0], k1 * y[0] - k2 * y[1]]
    rhs_for.jump = lambda k, y: y
    horizon = edges[-1] + 200
    sol = piecewise_ode(rhs_for, [0, 0], edges, horizon)
    crosscheck(g_of, lambda t: sol(t)[1], [edges[0] + horizon * mpf(i) / 9 for i in range(1, 9)], "gabab")

    def slope(t):
        return k1 * r_value(t) - k2 * g_of(t)
    best = None
    ends = [w[1] for w in windows]
    for k, t0 in enumerate(ends):
        t1 = windows[k + 1][0] if k + 1 < len(windows) else t_end
        if slope(t0) > 0 and slope(t1) < 0:
            root = bisect(slope, t0, t1)
            if best is None or g_of(root) > best[1]:
                best = (root, g_of(root))
    return (lambda t: s_of(g_of(t))), (best[0], s_of(best[1]))


def gap(p, t_end):
    """Sum and difference modes solved by hand: a = g_l/C, b = (g_l + 2w)/C; during the step
    Sigma = (I/g_l)(1 - e^{-at}), Delta = (I/(g_l+2w))(1 - e^{-bt}); afterwards free decay;
    V0 = E + (Sigma + Delta)/2, V1 = E + (Sigma - Delta)/2. Cross-checked against odefun to 250 ms."""
    c, gl, e, w, i, toff = p["C"], p["g_l"], p["u_rest"], p["w"], p["I"], p["t_off"]
    a, b = gl / c, (gl + 2 * w) / c
    cell = int(p["cell"])

    def modes(t):
        if t <= toff:
            return i / gl * (1 - mpmath.exp(-a * t)), i / (gl + 2 * w) * (1 - mpmath.exp(-b * t))
        s_off, d_off = modes(toff)
        return s_off * mpmath.exp(-a * (t - toff)), d_off * mpmath.exp(-b * (t - toff))

    def value(t):
        if t < 0:
            return e
        sg, dl = modes(t)
        return e + (sg + dl) / 2 if cell == 0 else e + (sg - dl) / 2

    def rhs_for(k, t0):
        cur = i if k == 0 else 0
        return lambda t, y: [(gl * (e - y[0]) + w * (y[1] - y[0]) + cur) / c,
                             (gl * (e - y[1]) + w * (y[0] - y[1])) / c]
    rhs_for.jump = lambda k, y: y
    sol = piecewise_ode(rhs_for, [e, e], [mpf(0), toff], d(250))
    crosscheck(value, lambda t: sol(t)[cell], [mpf(t) for t in (1, 20, 60, 99, 101, 130, 200, 249)], "gap")
    if cell == 0:
        peak = (toff, value(toff))
    else:
        slope = lambda t: mpmath.diff(value, t)
        root = bisect(slope, toff + mpf("1e-12"), t_end)
        peak = (root, value(root))
    return value, peak


def lif_sine(p, t_end):
    """Linear ODE solved by hand (undetermined coefficients): with tau = C/g_l, omega = 2 pi f,
    v = u - u_rest = I0/g_l (1 - e^{-t/tau}) + A sin(wt+phi) + B cos(wt+phi)
    + (v0 - A sin phi - B cos phi) e^{-t/tau}, A = I1/(g_l (1 + w^2 tau^2)), B = -w tau A.
    Cross-checked against odefun over 100 ms."""
    c, gl, e = p["C"], p["g_l"], p["u_rest"]
    omega = 2 * mpmath.pi * p["f"] / 1000
    tau = c / gl
    A = p["I1"] / (gl * (1 + (omega * tau) ** 2))
    B = -omega * tau * A
    v0 = p["u0"] - e

    def value(t):
        if t <= 0:
            return p["u0"]
        decay = mpmath.exp(-t / tau)
        return e + (p["I0"] / gl * (1 - decay) + A * mpmath.sin(omega * t + p["phi"]) + B * mpmath.cos(omega * t + p["phi"])
                    + (v0 - A * mpmath.sin(p["phi"]) - B * mpmath.cos(p["phi"])) * decay)

    def rhs_for(k, t0):
        return lambda t, y: [(gl * (e - y[0]) + p["I0"] + p["I1"] * mpmath.sin(omega * t + p["phi"])) / c]
    rhs_for.jump = lambda k, y: y
    sol = piecewise_ode(rhs_for, [p["u0"]], [mpf(0)], d(100))
    crosscheck(value, lambda t: sol(t)[0], [mpf(t) for t in (0.5, 3, 12.5, 25, 50, 77, 99)], "lif-sine")
    return value


# ---------------------------------------------------------------------------------------------
# Cases.

DEFAULTS = {
    "exp": {"g_bar": 5, "tau": 2},
    "alpha": {"g_bar": 18, "tau": 1},
    "alpha-brian2": {"w": 1, "tau": 5},
    "alpha-brainpy": {"tau": 2},
    "dualexp-brainpy": {"w": 1, "tau1": 10, "tau2": 1},
    "dualexp-peak": {"w": 100, "tau1": 8, "tau2": 60},
    "voltage-jump": {"w": 1},
    "ampa": {"alpha": 0.98, "beta": 0.18, "T": 0.5, "T_dur": 0.5},
    "gabaa": {"alpha": 0.53, "beta": 0.18, "T": 1, "T_dur": 1},
    "mg-block": {"alpha": 0.062, "beta": 3.57, "cc_Mg": 1.2},
    "mg-block-brian2": {"Mg": 1, "K_Mg": 3.57, "V_s": 16.3},
    "nmda": {"g_max": 0.15, "V": -65, "alpha": 0.062, "beta": 3.57, "cc_Mg": 1.2,
             "tau_decay": 100, "tau_rise": 2, "a": 0.5},
    "gabab": {"k1": 0.18, "k2": 0.034, "k3": 0.09, "k4": 0.0012, "K_d": 100, "T": 0.5, "T_dur": 0.3},
    "gap": {"C": 200, "g_l": 10, "u_rest": -65, "w": 5, "I": 100, "t_off": 100, "cell": 1},
    "lif-coba": {"C": 200, "g_l": 10, "u_rest": -65, "g": 5, "E": 0, "g_i": 0, "E_i": -65, "I": 0, "u0": -65},
    "lif-rate": {"C": 1500, "g_l": 10, "u_rest": -60, "u_th": -50, "u_reset": -60, "t_ref": 0, "g": 10, "E": -70},
    "rate-ch": {"m": 1, "g_l": 10, "u_rest": -60, "g": 10, "E": -60},
    "lif-sine": {"C": 200, "g_l": 10, "u_rest": -65, "I0": 50, "I1": 100, "f": 10, "phi": 0, "u0": -65},
    "psp": {"C": 250, "tau_m": 10, "tau_s": 2, "w": 100},
    "psp-alpha": {"C": 250, "tau_m": 10, "tau_s": 2, "w": 100},
    "campbell": {"nu": 1000, "w": 0.01, "tau": 5},
    "campbell-variance": {"nu": 1000, "w": 0.01, "tau": 5},
    "exp-seed-sign": {"g_bar": 1, "tau": 5},
    "alpha-seed-sign": {"g_bar": 1, "tau": 5},
    "dualexp-seed-sign": {"g_bar": 1, "tau1": 10, "tau2": 1},
    "alpha-seed-ode": {"w": 1, "tau": 5},
    "alpha-brian2-seed-peak": {"w": 1, "tau": 5},
    "dualexp-peak-seed-peak": {"w": 100, "tau1": 8, "tau2": 60},
    "alpha-brainpy-seed-closed-form": {"tau": 2},
    "shunting-seed-sign": {"C": 200, "g_l": 10, "g_e": 1, "E_e": 65, "g_i": 5},
    "lif-rate-seed-approx": {"C": 1500, "g_l": 10, "u_rest": -60, "u_th": -50, "u_reset": -60, "t_ref": 0, "g": 10, "E": -70},
}

CASES = []


def case(case_id, kernel, overrides, spikes, points, evaluate, peak, note=""):
    params = {k: d(v) for k, v in DEFAULTS[kernel].items()}
    params.update({k: d(v) for k, v in overrides.items()})
    pts = sorted({float(x) for x in points})
    values = [fmt(evaluate(params, spikes, d(x))) for x in pts]
    pk = peak(params, spikes) if peak else None
    CASES.append({
        "id": case_id,
        "kernel": kernel,
        "overrides": {k: float(v) for k, v in overrides.items()},
        "spikes": spikes and [float(s) for s in spikes],
        "note": note,
        "points": pts,
        "values": values,
        "peak": None if pk is None else {"time": fmt(pk[0]), "value": fmt(pk[1])},
    })
    sys.stderr.write(f"  {case_id}: {len(pts)} points\n")


def tail_points(tau, spikes=(0,), extra=()):
    base = [-1, 0, 1e-9, 1e-3, 0.1 * tau, 0.5 * tau, tau, 1.5 * tau, 2 * tau, 3 * tau, 5 * tau,
            10 * tau, 20 * tau, 30 * tau, 50 * tau]
    return [s + x for s in spikes[:1] for x in base] + list(spikes) + list(extra)


def linear(kernel, response_of, peak_of=None):
    def evaluate(p, spikes, t):
        return superpose(lambda s: response_of(p, s), [d(x) for x in (spikes or [0])])(t)

    def peak(p, spikes):
        spikes = spikes or [0]
        if peak_of is None or len(spikes) != 1:
            return None
        t, v = peak_of(p)
        return (d(spikes[0]) + t, v)
    return evaluate, peak


def main():
    # Exponential.
    ev, pk = linear("exp", lambda p, s: p["g_bar"] * mpmath.exp(-s / p["tau"]), lambda p: (0, p["g_bar"]))
    case("exp/default", "exp", {}, None, tail_points(2), ev, pk)
    case("exp/train", "exp", {}, [0, 5, 5, 12.5], tail_points(2, (0, 5, 12.5), [4.999, 5.001, 12.4, 13]), ev, pk)

    # Alpha, three normalisations.
    ev, pk = linear("alpha", lambda p, s: p["g_bar"] * (s / p["tau"]) * mpmath.exp(-s / p["tau"]),
                    lambda p: (p["tau"], p["g_bar"] / mpmath.e))
    case("alpha/default", "alpha", {}, None, tail_points(1), ev, pk)
    case("alpha/train", "alpha", {}, [0, 0.5, 3], tail_points(1, (0, 0.5, 3)), ev, pk)
    ev, pk = linear("alpha-brian2", lambda p, s: p["w"] * (s / p["tau"]) * mpmath.exp(-s / p["tau"]),
                    lambda p: (p["tau"], p["w"] / mpmath.e))
    case("alpha-brian2/default", "alpha-brian2", {}, None, tail_points(5), ev, pk)
    ev, pk = linear("alpha-brainpy", lambda p, s: s * mpmath.exp(-s / p["tau"]), lambda p: (p["tau"], p["tau"] / mpmath.e))
    case("alpha-brainpy/default", "alpha-brainpy", {}, None, tail_points(2), ev, pk)

    # Dual exponential, BrainPy form: default, both orders, near-degenerate down to 1e-12, equal.
    ev, pk = linear("dualexp-brainpy", lambda p, s: p["w"] * dualexp_shape(s, p["tau1"], p["tau2"]),
                    lambda p: (lambda t: (t, p["w"] * dualexp_shape(t, p["tau1"], p["tau2"])))(dualexp_peak_time(p["tau1"], p["tau2"])))
    pt = lambda a, b: float(dualexp_peak_time(d(a), d(b)))
    case("dualexp-brainpy/default", "dualexp-brainpy", {}, None, tail_points(10, extra=[pt(10, 1)]), ev, pk)
    case("dualexp-brainpy/reversed", "dualexp-brainpy", {"tau1": 1, "tau2": 10}, None, tail_points(10, extra=[pt(1, 10)]), ev, pk)
    case("dualexp-brainpy/gabab-ex1", "dualexp-brainpy", {"w": 0.05, "tau1": 40, "tau2": 200}, None, tail_points(200, extra=[pt(40, 200)]), ev, pk)
    for rel in ["1e-1", "1e-4", "1e-8", "1e-12"]:
        t2 = float(5 * (1 + float(rel)))
        case(f"dualexp-brainpy/near-{rel}", "dualexp-brainpy", {"tau1": 5, "tau2": t2}, None,
             tail_points(5, extra=[pt(5, t2)]), ev, pk, note=f"|tau1 - tau2|/tau = {rel}")
    case("dualexp-brainpy/equal", "dualexp-brainpy", {"tau1": 5, "tau2": 5}, None, tail_points(5), ev, pk, note="alpha limit")

    # Dual exponential, Brian2 peak-normalised form.
    ev, pk = linear("dualexp-peak", lambda p, s: brian2_dualexp(s, p["w"], p["tau1"], p["tau2"]),
                    lambda p: (dualexp_peak_time(p["tau1"], p["tau2"]), p["w"]))
    case("dualexp-peak/default", "dualexp-peak", {}, None, tail_points(60, extra=[pt(8, 60), 8, 16.1]), ev, pk)
    case("dualexp-peak/reversed", "dualexp-peak", {"tau1": 60, "tau2": 8}, None, tail_points(60, extra=[pt(60, 8)]), ev, pk)
    for rel in ["1e-4", "1e-8", "1e-12"]:
        t2 = float(8 * (1 + float(rel)))
        case(f"dualexp-peak/near-{rel}", "dualexp-peak", {"tau1": 8, "tau2": t2}, None, tail_points(8, extra=[pt(8, t2)]), ev, pk)
    case("dualexp-peak/equal", "dualexp-peak", {"tau1": 8, "tau2": 8}, None, tail_points(8), ev, pk)
    case("dualexp-peak/train", "dualexp-peak", {}, [0, 100], tail_points(60, (0, 100)), ev, pk)
    # Peak value must be w: confirm the reference formula agrees with itself.
    p = {"w": d(100), "tau1": d(8), "tau2": d(60)}
    assert abs(brian2_dualexp(dualexp_peak_time(p["tau1"], p["tau2"]), **p) - 100) < mpf(10) ** -40

    # Voltage jump.
    case("voltage-jump/train", "voltage-jump", {"w": 2.5}, [0, 1, 1, 3],
         [-1, -1e-9, 0, 1e-9, 0.5, 1 - 1e-9, 1, 2, 3 - 1e-9, 3, 3.5, 10, 100, 1000, 50], 
         lambda p, spikes, t: p["w"] * sum(1 for s in spikes if d(s) <= t), None)

    # Markov kinetics (ODE-integrated).
    for name, spikes, t_end in [("ampa", [0], 60), ("gabaa", [0], 120)]:
        p = {k: d(v) for k, v in DEFAULTS[name].items()}
        val, peak = markov(p["alpha"], p["beta"], p["T"], p["T_dur"], [d(s) for s in spikes], d(t_end))
        case(f"{name}/default", name, {}, None,
             [-1, 0, 1e-6, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 30, 40, 50, 55.5555, float(peak[0])],
             lambda p, s, t, val=val: val(t), lambda p, s, peak=peak: peak)
    p = {k: d(v) for k, v in DEFAULTS["ampa"].items()}
    train = [0, 0.3, 2, 10]
    val, peak = markov(p["alpha"], p["beta"], p["T"], p["T_dur"], [d(s) for s in train], d(60))
    case("ampa/train-overlap", "ampa", {}, train,
         [-1, 0, 0.1, 0.3, 0.5, 0.8, 1, 2, 2.2, 2.5, 3, 10, 10.5, 11, 20, 40, 55],
         lambda p, s, t: val(t), lambda p, s: peak, note="spike at 0.3 ms restarts the 0.5 ms pulse")

    # Mg block (both parameterisations).
    vs = [-120, -100, -90, -80, -70, -65, -60, -50, -40, -30, -20, -10, 0, 10, 20, 40, 60]
    case("mg-block/default", "mg-block", {}, None, vs,
         lambda p, s, v: 1 / (1 + mpmath.exp(-p["alpha"] * v) * p["cc_Mg"] / p["beta"]), None)
    case("mg-block-brian2/default", "mg-block-brian2", {}, None, vs,
         lambda p, s, v: 1 / (1 + p["Mg"] / p["K_Mg"] * mpmath.exp(-v / p["V_s"])), None)

    # NMDA (ODE-integrated s/x).
    p = {k: d(v) for k, v in DEFAULTS["nmda"].items()}
    val, peak = nmda(p, [d(0)], d(5000))
    case("nmda/default", "nmda", {}, None,
         [-1, 0, 1e-6, 1e-3, 0.1, 0.5, 1, 2, 4, 6, 10, 20, 50, 100, 200, 500, 1000, 5000, float(peak[0])],
         lambda p, s, t: val(t), lambda p, s: peak)
    train = [0, 5, 10, 50]
    val2, peak2 = nmda(p, [d(s) for s in train], d(1000))
    case("nmda/train", "nmda", {"V": -65}, train,
         [0, 1, 5, 5.001, 7, 10, 12, 30, 50, 50.5, 60, 100, 200, 500, 1000, float(peak2[0])],
         lambda p, s, t: val2(t), lambda p, s: peak2)
    p3 = dict(p)
    p3["V"] = d(-20)
    p3["tau_rise"] = d(150)
    val3, peak3 = nmda(p3, [d(0)], d(8000))
    case("nmda/slow-rise", "nmda", {"V": -20, "tau_rise": 150}, None,
         [0, 1, 10, 50, 100, 150, 200, 300, 500, 1000, 2000, 4000, 8000, 0.001, 25, float(peak3[0])],
         lambda p, s, t: val3(t), lambda p, s: peak3, note="tau_rise > tau_decay: incomplete gamma with a <= 0")

    # GABA_B (ODE-integrated R, G).
    p = {k: d(v) for k, v in DEFAULTS["gabab"].items()}
    val, peak = gabab(p, [d(0)], d(3000))
    case("gabab/default", "gabab", {}, None,
         [-1, 0, 0.1, 0.3, 1, 5, 10, 20, 40, 60, 80, 100, 200, 500, 1000, 3000, float(peak[0])],
         lambda p, s, t: val(t), lambda p, s: peak)
    train = [0, 0.1, 10, 20]
    val2, peak2 = gabab(p, [d(s) for s in train], d(3000))
    case("gabab/train", "gabab", {}, train,
         [0, 0.1, 0.2, 0.4, 5, 10, 10.3, 20, 20.3, 50, 100, 300, 1000, 3000, float(peak2[0])],
         lambda p, s, t: val2(t), lambda p, s: peak2)

    # Gap junction (ODE-integrated pair).
    for cell in (0, 1):
        for w in (5, 0.01):
            p = {k: d(v) for k, v in DEFAULTS["gap"].items()}
            p["cell"], p["w"] = d(cell), d(w)
            val, peak = gap(p, d(2000))
            case(f"gap/cell{cell}-w{w}", "gap", {"cell": cell, "w": w}, None,
                 [-1, 0, 1e-6, 0.01, 1, 5, 10, 20, 50, 99, 100, 100.5, 101, 110, 150, 200, 400, 1000, float(peak[0])],
                 lambda p, s, t, val=val: val(t), lambda p, s, peak=peak: peak)

    # Conductance LIF (closed form, naive).
    def coba(p, s, t):
        gin = p["g_l"] + p["g"] + p["g_i"]
        uinf = (p["g_l"] * p["u_rest"] + p["g"] * p["E"] + p["g_i"] * p["E_i"] + p["I"]) / gin
        return uinf + (p["u0"] - uinf) * mpmath.exp(-t * gin / p["C"]) if t > 0 else p["u0"]
    case("lif-coba/default", "lif-coba", {}, None, [0, 1e-9, 0.01, 0.5, 1, 2, 5, 10, 13.3, 20, 40, 60, 100, 200, 667], coba, None)
    case("lif-coba/shunt", "lif-coba", {"g_i": 50, "I": 300, "u0": -70}, None,
         [0, 1e-9, 0.01, 0.5, 1, 2, 3, 5, 10, 20, 40, 60, 100, 200, 400], coba, None)

    # LIF rate and the seed's truncated approximation.
    def rate(p, s, i):
        g = p["g_l"] + p["g"]
        uinf = (p["g_l"] * p["u_rest"] + p["g"] * p["E"] + i) / g
        if uinf <= p["u_th"]:
            return mpf(0)
        return 1000 / (p["t_ref"] + p["C"] / g * mpmath.log((uinf - p["u_reset"]) / (uinf - p["u_th"])))
    currents = [-100, 0, 100, 199, 200, 200.001, 201, 250, 300, 400, 500, 700, 1000, 1250, 1500, 1e5]
    case("lif-rate/default", "lif-rate", {}, None, currents, rate, None)
    case("lif-rate/refractory-shunt60", "lif-rate", {"t_ref": 2, "g": 60}, None,
         [0, 400, 599, 600, 600.0001, 601, 700, 800, 1000, 1200, 1500, 3000, 1e4, 1e5, 1e6], rate, None)
    case("lif-rate/no-shunt", "lif-rate", {"g": 0}, None, [0, 50, 99.9, 100, 100.1, 150, 200, 400, 800, 1500, 3000, 6000, 1e4, 1e5, 1e6], rate, None)

    def approx(p, s, i):
        g = p["g_l"] + p["g"]
        r_m = 1 / g
        # Eq. (19) with R_m -> shunted R_m and u_rest -> the shunt-weighted rest, as the seed intends:
        # (u_rest_eff - u_th)/(C R (u_th - u_reset)) + I/(C (u_th - u_reset)), in Hz.
        u_eff = (p["g_l"] * p["u_rest"] + p["g"] * p["E"]) / g
        return 1000 * ((u_eff - p["u_th"]) / (p["C"] * r_m * (p["u_th"] - p["u_reset"])) + i / (p["C"] * (p["u_th"] - p["u_reset"])))
    case("lif-rate-seed-approx/default", "lif-rate-seed-approx", {}, None, currents, approx, None)

    def ch(p, s, i):
        uinf = (p["g_l"] * p["u_rest"] + p["g"] * p["E"] + i) / (p["g_l"] + p["g"])
        return p["m"] * max(mpf(0), uinf - p["u_rest"]) ** 2
    case("rate-ch/default", "rate-ch", {}, None, [-100, -1, 0, 1e-6, 1, 10, 50, 100, 150, 200, 300, 500, 700, 1000, 1500], ch, None)
    case("rate-ch/hyperpolarising-shunt", "rate-ch", {"E": -70, "g": 20}, None,
         [-100, 0, 100, 199, 200, 201, 250, 300, 500, 700, 1000, 1500, 2000, 5000, 1e4], ch, None)

    # Sinusoidal LIF (ODE-integrated).
    for name, over in [("default", {}), ("phase", {"phi": 1, "u0": -60, "f": 37})]:
        p = {k: d(v) for k, v in DEFAULTS["lif-sine"].items()}
        p.update({k: d(v) for k, v in over.items()})
        val = lif_sine(p, d(1000))
        case(f"lif-sine/{name}", "lif-sine", over, None,
             [0, 1e-6, 0.01, 1, 5, 12.5, 20, 25, 37.5, 50, 75, 100, 200, 333.3, 500, 1000],
             lambda p, s, t, val=val: val(t), None)

    # Current-based PSPs, exponential and alpha currents, including tau_m -> tau_s.
    for kernel, fn in [("psp", psp_exp), ("psp-alpha", psp_alpha)]:
        def peak_of(p, kernel=kernel, fn=fn):
            if kernel == "psp":
                t = p["tau_m"] if p["tau_m"] == p["tau_s"] else p["tau_m"] * p["tau_s"] / (p["tau_m"] - p["tau_s"]) * mpmath.log(p["tau_m"] / p["tau_s"])
            else:
                t = psp_alpha_peak_time(p["tau_m"], p["tau_s"])
            return (t, fn(t, p["C"], p["tau_m"], p["tau_s"], p["w"]))
        ev, pk = linear(kernel, lambda p, s, fn=fn: fn(s, p["C"], p["tau_m"], p["tau_s"], p["w"]), peak_of)
        variants = [("default", {}), ("reversed", {"tau_m": 2, "tau_s": 10}), ("equal", {"tau_m": 10, "tau_s": 10}),
                    ("near-1e-6", {"tau_s": 10 * (1 + 1e-6)}), ("near-1e-12", {"tau_s": 10 * (1 + 1e-12)}),
                    ("far", {"tau_m": 20, "tau_s": 0.1})]
        for vname, over in variants:
            p = {k: d(v) for k, v in DEFAULTS[kernel].items()}
            p.update({k: d(v) for k, v in over.items()})
            tp = float(peak_of(p)[0])
            tau = float(max(p["tau_m"], p["tau_s"]))
            case(f"{kernel}/{vname}", kernel, over, None, tail_points(tau, extra=[tp]), ev, pk)
        case(f"{kernel}/train", kernel, {}, [0, 3, 4], tail_points(10, (0, 3, 4)), ev, pk)

    # Campbell's theorem.
    case("campbell/default", "campbell", {}, None, tail_points(5),
         lambda p, s, t: p["nu"] / 1000 * p["w"] * p["tau"] * (1 - mpmath.exp(-t / p["tau"])) if t > 0 else mpf(0), None)
    case("campbell-variance/default", "campbell-variance", {"nu": 4500}, None, tail_points(5),
         lambda p, s, t: p["nu"] / 1000 * p["w"] ** 2 * p["tau"] / 2 * (1 - mpmath.exp(-2 * t / p["tau"])) if t > 0 else mpf(0), None)

    # Known-wrong variants: the printed formulas, evaluated as printed.
    ev, _ = linear("exp-seed-sign", lambda p, s: p["g_bar"] * mpmath.exp(s / p["tau"]))
    case("exp-seed-sign/default", "exp-seed-sign", {}, None, [-1, 0, 1, 2, 5, 10, 20, 50, 100, 250, 0.5, 3, 7, 15, 30], ev, None)
    ev, _ = linear("alpha-seed-sign", lambda p, s: p["g_bar"] * s / p["tau"] * mpmath.exp(s / p["tau"]))
    case("alpha-seed-sign/default", "alpha-seed-sign", {}, None, [-1, 0, 1, 2, 5, 10, 20, 50, 100, 250, 0.5, 3, 7, 15, 30], ev, None)
    ev, _ = linear("dualexp-seed-sign", lambda p, s: p["g_bar"] * p["tau1"] * p["tau2"] / (p["tau1"] - p["tau2"]) * (mpmath.exp(s / p["tau1"]) - mpmath.exp(s / p["tau2"])))
    case("dualexp-seed-sign/default", "dualexp-seed-sign", {}, None, [-1, 0, 0.1, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 100], ev, None)
    ev, _ = linear("alpha-seed-ode", lambda p, s: -p["w"] * mpmath.sinh(s / p["tau"]))
    case("alpha-seed-ode/default", "alpha-seed-ode", {}, None, [-1, 0, 1e-6, 0.5, 1, 2, 5, 10, 15, 20, 25, 50, 100, 250, 3], ev, None)
    ev, pk = linear("alpha-brian2-seed-peak", lambda p, s: p["w"] * (s / p["tau"]) * mpmath.exp(-s / p["tau"]), lambda p: (p["tau"], p["w"]))
    case("alpha-brian2-seed-peak/default", "alpha-brian2-seed-peak", {}, None, tail_points(5), ev, pk, note="peak = the claim as printed")
    ev, pk = linear("dualexp-peak-seed-peak", lambda p, s: brian2_dualexp(s, p["w"], p["tau1"], p["tau2"]),
                    lambda p: (p["tau1"] * mpmath.log(p["tau2"] / p["tau1"]), p["w"]))
    case("dualexp-peak-seed-peak/default", "dualexp-peak-seed-peak", {}, None, tail_points(60, extra=[16.1]), ev, pk, note="peak = the claim as printed")
    ev, pk = linear("alpha-brainpy-seed-closed-form", lambda p, s: s / p["tau"] * mpmath.exp(-s / p["tau"]), lambda p: (p["tau"], 1 / mpmath.e))
    case("alpha-brainpy-seed-closed-form/default", "alpha-brainpy-seed-closed-form", {}, None, tail_points(2), ev, pk)

    def shunt_wrong(p, s, t):
        # C du/dt = g_i u + g_e (E_e - u) - g_m u, u(0) = 0, solved by hand: u = g_e E_e/G (1 - e^{-G t/C}).
        G = p["g_l"] + p["g_e"] - p["g_i"]
        if t <= 0:
            return mpf(0)
        return p["g_e"] * p["E_e"] / G * (1 - mpmath.exp(-G * t / p["C"]))
    case("shunting-seed-sign/default", "shunting-seed-sign", {}, None, [-1, 0, 1e-6, 1, 5, 10, 20, 30, 50, 75, 100, 200, 500, 1000, 2000], shunt_wrong, None)
    case("shunting-seed-sign/diverging", "shunting-seed-sign", {"g_i": 20}, None, [0, 1e-6, 1, 5, 10, 20, 30, 50, 75, 100, 200, 500, 1000, 2000, 3000], shunt_wrong, None)

    json.dump({
        "generator": "scripts/generate_kernel_reference.py",
        "mpmath": mpmath.__version__,
        "python": sys.version.split()[0],
        "digits": mp.dps,
        "ode_digits": ODE_DPS,
        "comparison": "relative error <= 1e-12; absolute <= 1e-300 where the expected value underflows",
        "cases": CASES,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

/// Brent–Dekker bracketing root finder (pure Swift), bounded at 200 iterations.
/// Reference: Brent (1973), Algorithms for Minimization without Derivatives, ch. 4.
public enum RootFinding {
    /// A root of `f` in [lower, upper], where f changes sign (or vanishes at an end), to within
    /// `tolerance` (absolute, in the abscissa) plus a few ulp. Returns nil when the interval does
    /// not bracket a sign change or f is not finite there.
    public static func brent(_ lower: Double, _ upper: Double, tolerance: Double = 0, _ f: (Double) -> Double)
        -> Double?
    {
        var a = lower
        var b = upper
        var fa = f(a)
        var fb = f(b)
        guard fa.isFinite, fb.isFinite else { return nil }
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else { return nil }
        var c = a
        var fc = fa
        var d = b - a
        var e = d
        for _ in 0..<200 {
            if (fb < 0) == (fc < 0) {
                c = a
                fc = fa
                d = b - a
                e = d
            }
            if abs(fc) < abs(fb) {
                a = b
                b = c
                c = a
                fa = fb
                fb = fc
                fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let m = 0.5 * (c - b)
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double
                var q: Double
                if a == c {
                    p = 2 * m * s
                    q = 1 - s
                } else {
                    let qq = fa / fc
                    let r = fb / fc
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = m
                    e = m
                }
            } else {
                d = m
                e = m
            }
            a = b
            fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            guard fb.isFinite else { return nil }
        }
        return b
    }
}

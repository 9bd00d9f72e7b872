import CGSL

/// Special functions from GSL's `gsl_sf` module, with GSL's error estimate dropped and its
/// status turned into a thrown `GSLError`. Pure functions of their arguments.
public enum SpecialFunctions {
    /// Upper incomplete gamma function Γ(a, x) = ∫ₓ^∞ t^(a−1) e^(−t) dt (unnormalised).
    ///
    /// Domain: real `a`, `x ≥ 0` (`x > 0` when `a ≤ 0`).
    /// - Throws: `GSLError` outside the domain or on overflow.
    /// GSL: `gsl_sf_gamma_inc_e`. Reference: DLMF 8.2.2.
    public static func upperIncompleteGamma(_ a: Double, _ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_gamma_inc_e(a, x, &result), "gsl_sf_gamma_inc_e")
        return result.val
    }

    /// Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for `a > 0`, `x ≥ 0`.
    ///
    /// GSL: `gsl_sf_gamma_inc_P_e`. Reference: DLMF 8.2.4.
    public static func regularizedLowerGamma(_ a: Double, _ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_gamma_inc_P_e(a, x, &result), "gsl_sf_gamma_inc_P_e")
        return result.val
    }

    /// Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), for `a > 0`, `x ≥ 0`.
    ///
    /// GSL: `gsl_sf_gamma_inc_Q_e`. Reference: DLMF 8.2.4.
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_gamma_inc_Q_e(a, x, &result), "gsl_sf_gamma_inc_Q_e")
        return result.val
    }

    /// Gamma function Γ(x), for `x` not a non-positive integer. GSL: `gsl_sf_gamma_e`.
    public static func gamma(_ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_gamma_e(x, &result), "gsl_sf_gamma_e")
        return result.val
    }

    /// Principal branch W₀(x) of the Lambert W function, W e^W = x, for x ≥ −1/e.
    ///
    /// GSL: `gsl_sf_lambert_W0_e`. Reference: DLMF 4.13.
    public static func lambertW0(_ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_lambert_W0_e(x, &result), "gsl_sf_lambert_W0_e")
        return result.val
    }

    /// Secondary real branch W₋₁(x) ≤ −1 of the Lambert W function, for −1/e ≤ x < 0.
    ///
    /// GSL: `gsl_sf_lambert_Wm1_e`. Reference: DLMF 4.13.
    public static func lambertWm1(_ x: Double) throws(GSLError) -> Double {
        _ = GSL.ready
        var result = gsl_sf_result()
        try GSL.check(gsl_sf_lambert_Wm1_e(x, &result), "gsl_sf_lambert_Wm1_e")
        return result.val
    }
}

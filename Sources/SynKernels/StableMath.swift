#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cancellation-free building blocks shared by the kernels. Each is exact in the limit where the
/// naive formula divides 0 by 0, and loses at most a few ulp elsewhere.
enum StableMath {
    /// φ(u) = (1 − e^(−u))/u, with φ(0) = 1. Accurate for every finite u (uses `expm1`).
    static func oneMinusExpOver(_ u: Double) -> Double {
        u == 0 ? 1 : -expm1(-u) / u
    }

    /// log(1 + r)/r, with value 1 at r = 0; r > −1. Accurate as r → 0 (uses `log1p`).
    static func log1pOver(_ r: Double) -> Double {
        r == 0 ? 1 : log1p(r) / r
    }

    /// (e^(−a·t) − e^(−b·t))/(b − a) for rates a, b ≥ 0 and t ≥ 0, symmetric in a and b.
    ///
    /// Written as t·e^(−min(a,b)·t)·φ(|b − a|·t): no cancellation as a → b (limit t·e^(−a·t)),
    /// no overflow when the rates differ by orders of magnitude.
    static func expDifferenceQuotient(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let slow = min(a, b)
        let fast = max(a, b)
        return t * exp(-slow * t) * oneMinusExpOver((fast - slow) * t)
    }

    /// ψ(u) = (1 − e^(−u)(1 + u))/u², with ψ(0) = 1/2; series for |u| < 1.
    static func psi(_ u: Double) -> Double {
        if abs(u) < 1 {
            // ψ(u) = Σ_{n≥2} (−1)^n (n−1) u^(n−2)/n!
            var sum = 0.0
            var power = 1.0
            var factorial = 2.0
            var sign = 1.0
            for n in 2...40 {
                if n > 2 {
                    power *= u
                    factorial *= Double(n)
                    sign = -sign
                }
                let term = sign * Double(n - 1) * power / factorial
                sum += term
                if abs(term) < 1e-18 * abs(sum) { break }
            }
            return sum
        }
        return (1 - exp(-u) * (1 + u)) / (u * u)
    }

    /// ∫₀ᵗ e^(−a(t−s)) · s · e^(−b·s) ds for rates a, b ≥ 0: the response of a leaky integrator
    /// (rate a) to an alpha-shaped input s·e^(−b·s).
    ///
    /// Equals e^(−at)·t²·ψ((b − a)t), evaluated as [e^(−at) − e^(−bt)(1 + (b−a)t)]/(b − a)²
    /// when |b − a|·t ≥ 1 (no overflow, no cancellation there).
    static func leakyAlphaIntegral(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let d = b - a
        let u = d * t
        if abs(u) < 1 { return exp(-a * t) * t * t * psi(u) }
        return (exp(-a * t) - exp(-b * t) * (1 + u)) / (d * d)
    }

    /// ∫₀ᵗ (e^(−a·s) − e^(−b·s)) ds for 0 < a ≤ b, t ≥ 0, without cancellation.
    ///
    /// For b·t < 1 an alternating series in t; otherwise
    /// [δ(1 − e^(−at)) − a·e^(−at)(1 − e^(−δt))]/(a·b) with δ = b − a, whose two terms differ
    /// by a factor ≥ 1.5 there.
    static func integratedExpDifference(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let delta = b - a
        if delta == 0 || t == 0 { return 0 }
        if b * t < 1 {
            // Σ_{n≥1} (−1)^(n+1) (b^n − a^n) t^(n+1)/(n+1)!, with b^n − a^n = δ Σ_k a^k b^(n−1−k)
            var sum = 0.0
            var sign = 1.0
            var aPower = 1.0  // a^(n-1)
            var geometric = 1.0  // Σ_{k=0}^{n-1} a^k b^(n-1-k)
            var tPower = t * t  // t^(n+1)
            var factorial = 2.0  // (n+1)!
            for n in 1...60 {
                if n > 1 {
                    aPower *= a
                    geometric = geometric * b + aPower
                    tPower *= t
                    factorial *= Double(n + 1)
                    sign = -sign
                }
                let term = sign * delta * geometric * tPower / factorial
                sum += term
                if abs(term) < 1e-18 * abs(sum) { break }
            }
            return sum
        }
        let decay = exp(-a * t)
        return (delta * -expm1(-a * t) - a * decay * -expm1(-delta * t)) / (a * b)
    }
}

import SynVerifyGSL

/// Exact propagation of a linear system dy/dt = A·y + b over a step h (NEST's exact
/// integration, Rotter & Diesmann 1999), rounded so that the error does not grow as h shrinks.
///
/// Increment form: y ← y + Φ·(A·y + b) with Φ = h·φ1(hA) = A⁻¹(e^{Ah} − I),
/// φ1(X) = Σ X^k/(k + 1)!. Each step's rounding is then relative to the increment, not to y, as
/// in NEST's expm1 form for one variable (V ← V + (V∞ − V)·(−expm1(−h/τ))); the form
/// y ← P·y + q with P = e^{Ah} rounded carries an error of ε·|y| into every step, and N = T/h
/// steps add N of them (NEST's table for its DC test: 3.4e-11 at 2^-13 ms against 7.5e-14).
/// A piecewise-constant b (a step input) enters through A·y + b alone, so Φ serves every
/// interval between its switches.
///
/// Φ for ‖hA‖∞ ≤ 1 (every realistic step of a synapse or membrane): the Taylor series of φ1
/// summed until a term no longer changes the sum (at most 40 terms: 1/(k + 1)! < 1e-17 by
/// k = 18). Beyond, where nothing cancels: the top-right block of e^M, M = [[hA, hI], [0, 0]]
/// (GSL's matrix exponential).
public struct ExactPropagator: Sendable {
    /// Φ, n×n, row-major.
    public let matrix: [Double]

    public init(_ system: LinearSystem, step h: Double) throws(GSLError) {
        let n = system.offset.count
        let x = system.matrix.map { $0 * h }
        let norm = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + abs(x[i * n + $1]) } }.max() ?? 0
        if norm <= 1 {
            matrix = Self.phi1(x, n: n).map { $0 * h }
            return
        }
        let m = 2 * n
        var augmented = [Double](repeating: 0, count: m * m)
        for i in 0..<n {
            for j in 0..<n { augmented[i * m + j] = x[i * n + j] }
            augmented[i * m + n + i] = h
        }
        let e = try MatrixExponential.exponential(of: augmented, order: m)
        matrix = (0..<n).flatMap { i in (0..<n).map { j in e[i * m + n + j] } }
    }

    /// φ1(X) = Σ_{k≥0} X^k/(k + 1)! by its Taylor series (‖X‖∞ ≤ 1), row-major.
    static func phi1(_ x: [Double], n: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: n * n)
        var term = [Double](repeating: 0, count: n * n)  // X^k/(k + 1)!
        for i in 0..<n { term[i * n + i] = 1 }
        for k in 0..<40 {
            var changed = false
            for e in 0..<(n * n) {
                let next = sum[e] + term[e]
                if next != sum[e] { changed = true }
                sum[e] = next
            }
            if !changed && k > 0 { break }
            // term ← X·term/(k + 2)
            var product = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    var s = 0.0
                    for l in 0..<n { s += x[i * n + l] * term[l * n + j] }
                    product[i * n + j] = s / Double(k + 2)
                }
            }
            term = product
        }
        return sum
    }
}

import CGSL

/// The exponential of a square matrix, e^A, by GSL's scaling-and-squaring Padé method at double
/// precision. Used for exact propagation of linear constant-coefficient systems.
/// GSL: `gsl_linalg_exponential_ss` (GSL_PREC_DOUBLE).
public enum MatrixExponential {
    /// - Parameters:
    ///   - matrix: n×n entries, row-major.
    ///   - n: the order, ≥ 1.
    /// - Returns: e^A, row-major.
    /// - Throws: `GSLError` when GSL fails or an entry is not finite.
    public static func exponential(of matrix: [Double], order n: Int) throws(GSLError) -> [Double] {
        _ = GSL.ready
        guard n >= 1, matrix.count == n * n, matrix.allSatisfy(\.isFinite) else {
            throw GSLError(code: GSLError.domainCode, routine: "gsl_linalg_exponential_ss")
        }
        guard let a = gsl_matrix_alloc(n, n), let e = gsl_matrix_alloc(n, n) else {
            throw GSLError(code: GSLError.failedCode, routine: "gsl_matrix_alloc")
        }
        defer {
            gsl_matrix_free(a)
            gsl_matrix_free(e)
        }
        for i in 0..<n {
            for j in 0..<n { gsl_matrix_set(a, i, j, matrix[i * n + j]) }
        }
        try GSL.check(gsl_linalg_exponential_ss(a, e, cgsl_prec_double()), "gsl_linalg_exponential_ss")
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { result[i * n + j] = gsl_matrix_get(e, i, j) }
        }
        return result
    }
}

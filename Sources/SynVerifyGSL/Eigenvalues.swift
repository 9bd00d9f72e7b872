import CGSL

/// Eigenvalues of a real square matrix by GSL's Francis QR (`gsl_eigen_nonsymm`), used to read a
/// model's time scales off its Jacobian: an eigenvalue λ (1/ms) is a mode that changes by e in
/// 1/|λ| ms.
public enum Eigenvalues {
    /// The largest |λ| over the eigenvalues of the n×n row-major `matrix` (its spectral radius);
    /// nil when an entry is not finite or GSL does not converge.
    public static func spectralRadius(of matrix: [Double], order n: Int) -> Double? {
        _ = GSL.ready
        guard n >= 1, matrix.count == n * n, matrix.allSatisfy(\.isFinite) else { return nil }
        if n == 1 { return abs(matrix[0]) }
        guard let a = gsl_matrix_alloc(n, n), let values = gsl_vector_complex_alloc(n),
            let work = gsl_eigen_nonsymm_alloc(n)
        else { return nil }
        defer {
            gsl_matrix_free(a)
            gsl_vector_complex_free(values)
            gsl_eigen_nonsymm_free(work)
        }
        for i in 0..<n {
            for j in 0..<n { gsl_matrix_set(a, i, j, matrix[i * n + j]) }
        }
        guard gsl_eigen_nonsymm(a, values, work) == cgsl_success() else { return nil }
        var radius = 0.0
        for i in 0..<n { radius = max(radius, gsl_complex_abs(gsl_vector_complex_get(values, i))) }
        return radius
    }
}

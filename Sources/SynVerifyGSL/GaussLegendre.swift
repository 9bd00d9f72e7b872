import CGSL

/// Fixed-order Gauss–Legendre quadrature rules from GSL's precomputed tables.
public enum GaussLegendre {
    /// Nodes and weights of the n-point rule on [−1, 1], ordered by node.
    ///
    /// - Throws: `GSLError` if GSL cannot build the table (n < 1 or out of memory).
    /// GSL: `gsl_integration_glfixed_table_alloc`, `gsl_integration_glfixed_point`.
    public static func rule(order n: Int) throws(GSLError) -> [(node: Double, weight: Double)] {
        _ = GSL.ready
        guard n >= 1, let table = gsl_integration_glfixed_table_alloc(n) else {
            throw GSLError(code: GSLError.failedCode, routine: "gsl_integration_glfixed_table_alloc")
        }
        defer { gsl_integration_glfixed_table_free(table) }
        var rule: [(node: Double, weight: Double)] = []
        rule.reserveCapacity(n)
        for i in 0..<n {
            var x = 0.0
            var w = 0.0
            try GSL.check(gsl_integration_glfixed_point(-1, 1, i, &x, &w, table), "gsl_integration_glfixed_point")
            rule.append((x, w))
        }
        return rule.sorted { $0.node < $1.node }
    }
}

import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

@Suite("Analytic Jacobians against finite differences")
struct JacobianTests {
    static let models = ModelCatalog.entries.map(\.name)

    /// At states taken from an accurate solve (after the first spike, in the middle and late),
    /// ∂f/∂y and ∂f/∂t must match central differences (step 1e-6·max(1, |x|)) to 1e-5 relative
    /// to the largest entry of the row, the accuracy central differences give here.
    @Test("∂f/∂y and ∂f/∂t match central differences", arguments: models)
    func jacobian(name: String) throws {
        let entry = try ModelCatalog.entry(named: name)
        let model = try entry.make()
        guard model.hasJacobian else { return }
        let n = model.variables.count
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-10
        options.epsRel = 1e-10
        options.endTime = entry.defaultEndTime
        let times = [0.137, 0.31, 0.77].map { $0 * entry.defaultEndTime }
        options.outputTimes = times
        let solution = try Integrator.solve(model, options: options)
        for (k, t) in times.enumerated() {
            let y = (0..<n).map { solution.values[$0][k] }
            var dfdy = [Double](repeating: 0, count: n * n)
            var dfdt = [Double](repeating: 0, count: n)
            try model.jacobian(t, y, &dfdy, &dfdt)
            func f(_ time: Double, _ state: [Double]) throws -> [Double] {
                var out = [Double](repeating: 0, count: n)
                try model.derivatives(time, state, &out)
                return out
            }
            for j in 0..<n {
                let h = 1e-6 * max(1, abs(y[j]))
                var plus = y
                var minus = y
                plus[j] += h
                minus[j] -= h
                let fp = try f(t, plus)
                let fm = try f(t, minus)
                for i in 0..<n {
                    let numeric = (fp[i] - fm[i]) / (2 * h)
                    let scale = max((0..<n).map { abs(dfdy[i * n + $0]) }.max() ?? 0, 1e-12)
                    #expect(
                        abs(dfdy[i * n + j] - numeric) <= 1e-5 * scale,
                        "\(name) ∂f\(i)/∂y\(j) at t = \(t): \(dfdy[i * n + j]) vs \(numeric)")
                }
            }
            let h = 1e-6 * max(1, abs(t))
            let fp = try f(t + h, y)
            let fm = try f(t - h, y)
            for i in 0..<n {
                let numeric = (fp[i] - fm[i]) / (2 * h)
                let scale = max(abs(numeric), abs(dfdt[i]), 1e-9)
                #expect(
                    abs(dfdt[i] - numeric) <= 1e-5 * scale,
                    Comment(rawValue: "\(name) ∂f\(i)/∂t at t = \(t): \(dfdt[i]) vs \(numeric)"))
            }
        }
    }
}

/// Consistency checks of a spec that need no integration: the closed form at t = 0 equals the
/// state the ODE starts from (after spikes at 0), and where every state variable has a closed
/// form, its time derivative (central difference, step 1e-4 ms) equals the right-hand side at
/// the closed-form state, relative to the largest value (tolerance 1e-6), at fixed times and on
/// both sides of every spike and switch.
public enum SpecLint {
    public struct Findings: Sendable {
        public var checks: [String] = []
        public var problems: [String] = []
    }

    public static func check(_ model: SpecModel) -> Findings {
        var findings = Findings()
        findings.checks.append("syntax and units")
        let n = model.variables.count
        // At t = 0 the ODE's state is the initial one after the spikes at 0 (the state at a later
        // first spike would need the integration this check avoids).
        let start = 0.0
        var y = model.initialState
        y.withUnsafeMutableBufferPointer { b in
            for (k, s) in model.spikeTimes.enumerated() where s <= start { model.applySpike(k, to: b.baseAddress!) }
        }
        let closed = model.exactState(at: start)
        if model.needsNumericReference {
            findings.checks.append("no closed form (reference: numeric)")
            return findings
        }
        let scale = max(1, (0..<n).compactMap { closed[$0].map(abs) }.max() ?? 1, y.map(abs).max() ?? 1)
        for i in 0..<n {
            guard let c = closed[i] else { continue }
            if abs(c - y[i]) > 1e-9 * scale {
                findings.problems.append(
                    "closed form of \(model.variables[i].name) at t = \(start) ms is \(c), "
                        + "but the ODE starts at \(y[i])"
                )
            }
        }
        findings.checks.append("closed form at t = \(start) ms")
        guard closed.allSatisfy({ $0 != nil }) else { return findings }
        let h = 1e-4
        var worst = 0.0
        let jumps = Array(Set(model.spikeTimes + model.breakpoints)).sorted()
        // Fixed samples, and both sides and the middle of every interval between jumps (the first
        // 200), so that a closed form that leaves out a pulse is caught inside it.
        let inner = jumps.prefix(200)
        let near = inner.flatMap { [$0 - 10 * h, $0 + 10 * h] } + zip(inner, inner.dropFirst()).map { ($0 + $1) / 2 }
        for t in [start + 0.37, start + 1.9, start + 7.3, start + 31] + near
        where t > start && t + h < model.endTime && jumps.allSatisfy({ abs($0 - t) > 2 * h }) {
            let here = model.exactState(at: t).map { $0! }
            let up = model.exactState(at: t + h).map { $0! }
            let down = model.exactState(at: t - h).map { $0! }
            var f = [Double](repeating: 0, count: n)
            here.withUnsafeBufferPointer { yp in
                f.withUnsafeMutableBufferPointer { fp in try? model.derivatives(t, yp.baseAddress!, fp.baseAddress!) }
            }
            for i in 0..<n {
                let derivative = (up[i] - down[i]) / (2 * h)
                worst = max(worst, abs(derivative - f[i]) / max(1, abs(f[i]), here.map(abs).max() ?? 1))
            }
        }
        if worst > 1e-6 {
            findings.problems.append(
                "the closed form does not solve the ODE: its derivative differs from the right-hand side by \(worst) "
                    + "(relative)"
            )
        }
        findings.checks.append("closed form solves the ODE (\(worst) relative)")
        return findings
    }
}

import SynIntegrators
import SynKernels
import SynModels
import Yams

/// The spec sections that state what the model must do: closed forms, expectations, a
/// known-wrong claim, and the methods to verify it with.
extension SpecReader {
    /// `closed_form` (per state variable, with `superpose`) or `reference: numeric`.
    mutating func readClosedForms() throws(SpecFile.SpecError) -> (forms: [String: SpecExpression], superpose: Bool) {
        var closedForms: [String: SpecExpression] = [:]
        var superpose = false
        if let node = top["closed_form"] {
            guard let mapping = node.mapping else {
                throw fail(mark(node), "'closed_form' must map variables to expressions of t")
            }
            for (keyNode, valueNode) in mapping {
                let key = keyNode.string ?? "?"
                if key == "superpose" {
                    guard let flag = valueNode.bool else {
                        throw fail(mark(valueNode), "superpose: expected true or false")
                    }
                    superpose = flag
                    continue
                }
                let i = try stateIndex(key, at: mark(keyNode), "closed_form")
                closedForms[key] = try timeExpression(
                    valueNode, "closed form of \(key)", dimension: equations.differentials[i].unit.dimension)
            }
        }
        if let node = top["reference"] {
            guard node.string == "numeric" else {
                throw fail(mark(node), "'reference': the only reference besides closed_form is 'numeric'")
            }
            guard closedForms.isEmpty else {
                throw fail(mark(node), "give closed_form or reference: numeric, not both")
            }
            extras.numericReference = true
        }
        return (closedForms, superpose)
    }

    /// `expect`: the peak `{variable, time, value}` of the first variable, and the firing `rate`.
    mutating func readExpectations() throws(SpecFile.SpecError) -> Peak? {
        guard let node = top["expect"] else { return nil }
        let keys = ["peak", "rate", "spikes", "spike_tolerance", "error", "relative_error"]
        guard let mapping = node.mapping, !mapping.keys.isEmpty,
            mapping.keys.allSatisfy({ keys.contains($0.string ?? "") })
        else {
            throw fail(
                mark(node),
                "expect: give peak: {variable: …, time: …, value: …}, rate: …, spikes: [times] "
                    + "(with spike_tolerance: …), error: {variable: bound} and/or relative_error: {variable: bound}")
        }
        try readExpectedSpikes(mapping)
        try readErrorBounds(mapping)
        var peak: Peak?
        if let p = mapping["peak"] {
            guard let pm = p.mapping, let variable = pm["variable"]?.string, let timeNode = pm["time"],
                let valueNode = pm["value"]
            else {
                throw fail(mark(p), "expect: give peak: {variable: …, time: …, value: …}")
            }
            guard let i = states.firstIndex(of: variable), i == 0 else {
                throw fail(mark(p), "expect.peak.variable must be the first state variable (\(states.first ?? ""))")
            }
            let dimension = equations.differentials[i].unit.dimension
            let time = try timeExpression(timeNode, "expected peak time", dimension: .time).evaluate { values[$0] }
            let value = try timeExpression(valueNode, "expected peak value", dimension: dimension).evaluate {
                values[$0]
            }
            guard let time, let value, time.isFinite, value.isFinite else {
                throw fail(mark(p), "expected peak time or value is not finite")
            }
            peak = Peak(time: time, value: value)
        }
        if let r = mapping["rate"] {
            guard extras.threshold != nil else { throw fail(mark(r), "expect.rate needs a threshold") }
            let rate = try constant(r, "expected rate", .frequency).value * 1000  // 1/ms → Hz
            guard rate >= 0 else { throw fail(start(r), "expected rate is negative (\(rate) Hz)") }
            extras.rate = rate
        }
        return peak
    }

    /// The default tolerance of expected spike times (ms): what the crossing locator resolves.
    static let defaultSpikeTolerance = 1e-9

    /// `expect.spikes`: the spike times (ms) a threshold model must produce, in order, each
    /// within `spike_tolerance` (ms; default 1e-9 ms).
    mutating func readExpectedSpikes(_ mapping: Node.Mapping) throws(SpecFile.SpecError) {
        guard let node = mapping["spikes"] else {
            if let tolerance = mapping["spike_tolerance"] {
                throw fail(mark(tolerance), "expect.spike_tolerance needs expect.spikes")
            }
            return
        }
        guard extras.threshold != nil else { throw fail(mark(node), "expect.spikes needs a threshold") }
        guard let list = node.sequence else {
            throw fail(mark(node), "expect.spikes must be a list of times, e.g. [4.7 ms]")
        }
        var times: [Double] = []
        for item in list {
            let time = try constant(item, "expected spike time", .time).value
            guard time >= 0, time >= (times.last ?? 0) else {
                throw fail(start(item), "expected spike times must be ≥ 0 ms and in increasing order")
            }
            times.append(time)
        }
        var tolerance = Self.defaultSpikeTolerance
        if let node = mapping["spike_tolerance"] {
            tolerance = try constant(node, "expect.spike_tolerance", .time).value
            guard tolerance > 0 else { throw fail(start(node), "expect.spike_tolerance must be > 0 ms") }
        }
        extras.expectedSpikes = (times, tolerance)
    }

    /// `expect.error: {v: 1e-4 mV}` (absolute, in the variable's dimension) and
    /// `expect.relative_error: {v: 1e-6}`: the accuracy each variable must reach; only for a
    /// variable with a closed form, or any with `reference: numeric`.
    mutating func readErrorBounds(_ mapping: Node.Mapping) throws(SpecFile.SpecError) {
        var absolute: [Int: Double] = [:]
        var relative: [Int: Double] = [:]
        for (key, relativeForm) in [("error", false), ("relative_error", true)] {
            guard let node = mapping[key] else { continue }
            guard let bounds = node.mapping else {
                throw fail(mark(node), "expect.\(key) must map variables to bounds, e.g. {v: 1e-4 mV}")
            }
            for (variableNode, valueNode) in bounds {
                let name = variableNode.string ?? "?"
                let i = try stateIndex(name, at: mark(variableNode), "expect.\(key)")
                // A bound is printed only where it is checked: against a closed form or the reference.
                guard extras.numericReference || top["closed_form"]?.mapping?[name] != nil else {
                    throw fail(
                        mark(variableNode),
                        "expect.\(key).\(name): \(name) has no closed form to hold the bound against; "
                            + "give closed_form: {\(name): …} or reference: numeric")
                }
                let dimension = relativeForm ? SpecDimension.dimensionless : equations.differentials[i].unit.dimension
                let value = try constant(valueNode, "expect.\(key).\(name)", dimension).value
                guard value > 0 else { throw fail(start(valueNode), "expect.\(key).\(name) must be > 0") }
                if relativeForm { relative[i] = value } else { absolute[i] = value }
            }
        }
        for i in Set(absolute.keys).union(relative.keys) {
            extras.errorBounds[i] = ErrorBound(absolute: absolute[i], relative: relative[i])
        }
    }

    /// `known_wrong: {claim, correction, correct_model}`: a seed's formula the verifier must flag.
    func readKnownWrong() throws(SpecFile.SpecError) -> KnownWrongClaim? {
        guard let node = top["known_wrong"] else { return nil }
        guard let claim = node["claim"]?.string, let correction = node["correction"]?.string else {
            throw fail(mark(node), "known_wrong: give claim and correction")
        }
        return KnownWrongClaim(claim: claim, correction: correction, correctModel: node["correct_model"]?.string ?? "")
    }

    /// `methods`: GSL steppers and simulator methods, `name@step` for a fixed step (a simulator
    /// method needs one).
    func readMethods() throws(SpecFile.SpecError) -> [(method: IntegrationMethod, fixedStep: Double?)] {
        guard let node = top["methods"] else { return [] }
        guard let list = node.sequence, !list.isEmpty else {
            throw fail(mark(node), "'methods' must be a non-empty list")
        }
        var methods: [(method: IntegrationMethod, fixedStep: Double?)] = []
        for item in list {
            let text = item.string ?? ""
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard let method = IntegrationMethod(name: parts.first ?? "") else {
                throw fail(
                    mark(item),
                    "unknown method '\(parts.first ?? "")'; known: "
                        + "\(IntegrationMethod.allNames.joined(separator: ", "))"
                )
            }
            var step: Double?
            if parts.count == 2 {
                guard let (value, unit) = SpecFile.compactQuantity(parts[1]), unit.dimension == .time, value > 0 else {
                    throw fail(mark(item), "'\(text)': the step after @ must be a time > 0, e.g. rk4@0.1ms")
                }
                step = value * unit.scale
            } else if case .simulator = method {
                throw fail(mark(item), "'\(text)': a simulator method needs its step, e.g. \(text)@0.1ms")
            }
            methods.append((method, step))
        }
        return methods
    }
}

import SynReports
import SynSpec

extension ModelPage.Description {
    /// A spec model read from `path`: its description, equations as written, and each
    /// parameter's value in SynVerify's internal unit beside the text it was given as.
    public init(spec model: SpecModel, path: String) {
        let documentation = model.documentation
        var notes: [String] = []
        func show(_ x: Double) -> String { NumberFormat.significant(x) }
        if let rule = model.threshold {
            let v = model.variables[rule.variable]
            notes.append(
                "Threshold: \(v.name) ≥ \(show(rule.threshold)) \(v.unit) → reset to \(show(rule.reset)) "
                    + "\(v.unit), "
                    + "held \(show(rule.refractory)) ms")
        }
        if !model.breakpoints.isEmpty {
            notes.append(
                "Inputs switch at (ms): " + model.breakpoints.prefix(12).map(show).joined(separator: ", ")
                    + (model.breakpoints.count > 12 ? ", …" : ""))
        }
        if model.needsNumericReference {
            notes.append(
                "Reference: numeric (`reference: numeric`): rk8pd at eps 1e-13, cross-checked by a second stepper "
                    + "and at 1e-12")
        }
        self.init(
            name: model.name,
            summary: documentation.summary.isEmpty ? "Model from the spec file \(path)" : documentation.summary,
            equations: documentation.equations.joined(separator: ";  "), latex: nil, source: "spec file `\(path)`",
            variables: model.variables, endTime: model.endTime, spikes: model.spikeTimes,
            parameterHeader: ["name", "value", "unit", "as written"],
            parameterRows: documentation.parameters.map {
                [$0.name, NumberFormat.significant($0.value), $0.unit, "`\($0.definition)`"]
            },
            notes: notes)
    }
}

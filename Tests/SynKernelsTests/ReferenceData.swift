import Foundation
import SynTestSupport
import Testing

/// The committed high-precision reference, `data/reference/kernels.json`, written by
/// `scripts/generate_kernel_reference.py` (mpmath, 50 digits; ODE-integrated where stated).
/// Nothing in it comes from the Swift code under test.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let id: String
    let kernel: String
    let overrides: [(name: String, value: Double)]
    let spikes: [Double]?
    let points: [Double]
    /// Expected values, parsed from 25-digit decimal strings (correctly rounded by strtod).
    let values: [Double]
    let peak: (time: Double, value: Double)?

    var testDescription: String { id }
}

enum ReferenceData {
    static let loaded = load()
    static let cases: [ReferenceCase] = loaded.cases
    /// Every case of the file that could not be read, with why: the test of the file requires none.
    static let problems: [String] = loaded.problems
    /// How many cases the file lists.
    static let listed: Int = loaded.listed

    static func load() -> (cases: [ReferenceCase], problems: [String], listed: Int) {
        let url = repositoryRoot.appendingPathComponent("data/reference/kernels.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let raw = root["cases"] as? [[String: Any]]
        else { return ([], ["data/reference/kernels.json is missing or not {\"cases\": [...]}"], 0) }
        var cases: [ReferenceCase] = []
        var problems: [String] = []
        for (k, c) in raw.enumerated() {
            guard let id = c["id"] as? String, let kernel = c["kernel"] as? String,
                let points = c["points"] as? [Double], let texts = c["values"] as? [String]
            else {
                problems.append("cases[\(k)]: needs id, kernel, points (numbers) and values (decimal strings)")
                continue
            }
            let values = texts.compactMap(Double.init)
            guard values.count == texts.count, values.count == points.count else {
                problems.append("\(id): \(texts.count) values for \(points.count) points, \(values.count) readable")
                continue
            }
            // Keys in the generator's declared order are not needed: overrides are by name.
            guard let overrideObject = (c["overrides"] ?? [String: Double]()) as? [String: Double] else {
                problems.append("\(id): overrides must map names to numbers")
                continue
            }
            let overrides = overrideObject.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            var peak: (Double, Double)?
            if let p = c["peak"], !(p is NSNull) {
                guard let p = p as? [String: String], let t = p["time"].flatMap(Double.init),
                    let v = p["value"].flatMap(Double.init)
                else {
                    problems.append("\(id): peak must be {time, value} as decimal strings")
                    continue
                }
                peak = (t, v)
            }
            if c["spikes"] != nil && !(c["spikes"] is NSNull) && !(c["spikes"] is [Double]) {
                problems.append("\(id): spikes must be a list of numbers")
                continue
            }
            cases.append(
                ReferenceCase(
                    id: id, kernel: kernel, overrides: overrides, spikes: c["spikes"] as? [Double],
                    points: points, values: values, peak: peak))
        }
        return (cases, problems, raw.count)
    }
}

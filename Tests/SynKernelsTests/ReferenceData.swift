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
    static let cases: [ReferenceCase] = load()

    static func load() -> [ReferenceCase] {
        let url = repositoryRoot.appendingPathComponent("data/reference/kernels.json")
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let raw = root["cases"] as? [[String: Any]]
        else { return [] }
        return raw.compactMap { c in
            guard let id = c["id"] as? String, let kernel = c["kernel"] as? String,
                let points = c["points"] as? [Double], let values = c["values"] as? [String]
            else { return nil }
            // Keys in the generator's declared order are not needed: overrides are by name.
            let overrides = ((c["overrides"] as? [String: Double]) ?? [:])
                .sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            var peak: (Double, Double)?
            if let p = c["peak"] as? [String: String], let t = p["time"].flatMap(Double.init),
                let v = p["value"].flatMap(Double.init)
            {
                peak = (t, v)
            }
            return ReferenceCase(
                id: id, kernel: kernel, overrides: overrides, spikes: c["spikes"] as? [Double],
                points: points, values: values.compactMap(Double.init), peak: peak
            )
        }
    }
}

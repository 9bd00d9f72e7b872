import SynKernels
import Testing

/// Relative difference with an absolute floor for values that underflow.
func agrees(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absoluteFloor: Double = 1e-300) -> Bool {
    if actual == expected { return true }
    guard actual.isFinite, expected.isFinite else { return false }
    return abs(actual - expected) <= max(relative * abs(expected), absoluteFloor)
}

@Suite("Kernels against the 50-digit reference")
struct KernelReferenceTests {
    @Test("reference file is present and every case in it is read: none dropped, none malformed")
    func referenceLoaded() {
        #expect(ReferenceData.problems.isEmpty, "\(ReferenceData.problems)")
        #expect(ReferenceData.listed > 0 && ReferenceData.cases.count == ReferenceData.listed)
        #expect(Set(ReferenceData.cases.map(\.id)).count == ReferenceData.cases.count, "case ids are unique")
    }

    @Test("every kernel of the catalogue has >= 15 reference points", arguments: KernelCatalog.entries.map(\.name))
    func coverage(name: String) {
        let points = ReferenceData.cases.filter { $0.kernel == name }.map(\.points.count).reduce(0, +)
        #expect(points >= 15, "\(name): \(points) reference points")
    }

    @Test("values agree to 1e-12 relative", arguments: ReferenceData.cases)
    func values(_ c: ReferenceCase) throws {
        let kernel = try KernelCatalog.entry(named: c.kernel).make(overrides: c.overrides, spikes: c.spikes)
        for (x, expected) in zip(c.points, c.values) {
            let actual = kernel.value(at: x)
            #expect(
                agrees(actual, expected),
                "\(c.id) at \(x): \(actual) vs \(expected), rel \(abs(actual - expected) / abs(expected))")
        }
    }

    @Test("peak time and value agree to 1e-12 relative", arguments: ReferenceData.cases.filter { $0.peak != nil })
    func peaks(_ c: ReferenceCase) throws {
        let kernel = try KernelCatalog.entry(named: c.kernel).make(overrides: c.overrides, spikes: c.spikes)
        let expected = try #require(c.peak)
        let actual = try #require(kernel.peak, "\(c.id): kernel reports no peak")
        #expect(
            agrees(actual.time, expected.time, absoluteFloor: 1e-15),
            "\(c.id) peak time \(actual.time) vs \(expected.time)")
        #expect(agrees(actual.value, expected.value), "\(c.id) peak value \(actual.value) vs \(expected.value)")
    }

    @Test("kernels without a reference peak report none", arguments: ReferenceData.cases.filter { $0.peak == nil })
    func noPeak(_ c: ReferenceCase) throws {
        let kernel = try KernelCatalog.entry(named: c.kernel).make(overrides: c.overrides, spikes: c.spikes)
        #expect(kernel.peak == nil, "\(c.id): unexpected peak \(String(describing: kernel.peak))")
    }
}

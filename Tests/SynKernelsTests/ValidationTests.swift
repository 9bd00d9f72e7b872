import SynKernels
import Testing

@Suite("Parameter validation")
struct ValidationTests {
    static let specs: [(kernel: String, spec: ParameterSpec)] = KernelCatalog.entries.flatMap { entry in
        entry.parameters.map { (entry.name, $0) }
    }

    static func badValues(for domain: ParameterDomain) -> [Double] {
        switch domain {
        case .finite: [.nan, .infinity, -.infinity]
        case .positive: [.nan, .infinity, 0, -1, -.leastNonzeroMagnitude]
        case .nonNegative: [.nan, .infinity, -1e-300]
        case .oneOf: [.nan, 0.5, 2]
        }
    }

    @Test(
        "every parameter rejects values outside its domain, naming itself",
        arguments: specs.map { "\($0.kernel)/\($0.spec.name)" })
    func rejectsOutOfRange(_ key: String) throws {
        let parts = key.split(separator: "/").map(String.init)
        let entry = try KernelCatalog.entry(named: parts[0])
        let spec = try #require(entry.parameters.first { $0.name == parts[1] })
        for bad in Self.badValues(for: spec.domain) {
            do {
                _ = try entry.make(overrides: [(spec.name, bad)])
                Issue.record("\(key) accepted \(bad)")
            } catch {
                guard case .parameterOutOfRange(let name, _, _, let allowed) = error else {
                    Issue.record("\(key): wrong error \(error)")
                    continue
                }
                #expect(name == spec.name)
                #expect(!allowed.isEmpty)
                #expect(error.description.contains("'\(spec.name)'"))
                #expect(!error.description.contains("\n"))
            }
        }
    }

    /// Kernels whose reference cases all set parameters or spikes explicitly (a step per spike, a
    /// pair of cells, a variance): their defaults are checked through those cases' overrides.
    static let withoutDefaultCase: Set<String> = ["voltage-jump", "gap", "campbell-variance"]

    @Test(
        "every kernel's defaults give the 50-digit reference's values of its default case; finite at its samples",
        arguments: KernelCatalog.entries.map(\.name))
    func defaultsBuild(_ name: String) throws {
        let entry = try KernelCatalog.entry(named: name)
        let kernel = try entry.make()
        for x in entry.samplePoints { #expect(kernel.value(at: x).isFinite, "\(name) at \(x)") }
        guard !Self.withoutDefaultCase.contains(name) else {
            #expect(ReferenceData.cases.contains { $0.kernel == name }, "\(name) has reference cases")
            return
        }
        let reference = try #require(
            ReferenceData.cases.first { $0.kernel == name && $0.overrides.isEmpty && $0.spikes == nil },
            "\(name): no reference case at its defaults")
        for (x, expected) in zip(reference.points, reference.values) {
            #expect(agrees(kernel.value(at: x), expected), "\(name) at \(x): \(kernel.value(at: x)) vs \(expected)")
        }
    }

    @Test("unknown, repeated and misplaced inputs are named")
    func otherErrors() throws {
        let exp = try KernelCatalog.entry(named: "exp")
        #expect(throws: InputError.unknownParameter(name: "tau1", kernel: "exp", known: ["g_bar", "tau"])) {
            try exp.make(overrides: [("tau1", 1)])
        }
        #expect(throws: InputError.duplicateParameter(name: "tau")) {
            try exp.make(overrides: [("tau", 1), ("tau", 2)])
        }
        #expect(throws: InputError.spikesNotAccepted(kernel: "lif-coba")) {
            try KernelCatalog.entry(named: "lif-coba").make(spikes: [0])
        }
        #expect(throws: InputError.self) { try exp.make(spikes: [0, .nan]) }
        #expect(throws: InputError.self) { try KernelCatalog.entry(named: "no-such-kernel") }
        #expect(
            throws: InputError.parameterOutOfRange(
                name: "u_reset", value: -50, unit: "mV", allowed: "< u_th (-50.0 mV)")
        ) {
            try KernelCatalog.entry(named: "lif-rate").make(overrides: [("u_reset", -50)])
        }
        #expect(throws: InputError.self) {
            try KernelCatalog.entry(named: "dualexp-seed-sign").make(overrides: [("tau1", 3), ("tau2", 3)])
        }
    }

    @Test("too many spikes are refused, not allocated")
    func spikeLimit() {
        #expect(throws: InputError.self) {
            try SpikeTrain([Double](repeating: 0, count: SpikeTrain.maximumCount + 1))
        }
    }

    @Test("spike trains are sorted and keep duplicates")
    func spikeOrder() throws {
        #expect(try SpikeTrain([5, 0, 5]).times == [0, 5, 5])
        let kernel = try ExponentialKernel(gBar: 1, tau: 2, spikes: [5, 0, 5])
        #expect(kernel.value(at: 5) == 2 + exp(-2.5))  // two spikes at 5 ms, one 5 ms earlier
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

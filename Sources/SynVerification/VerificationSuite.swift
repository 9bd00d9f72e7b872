import SynIntegrators
import SynModels
import SynVerifyGSL

/// What `synverify report` and `synverify check` run: catalogue models × methods, with the step
/// ladder (ms) for fixed-step methods, the tolerance ladder for adaptive GSL steppers, and the
/// regression allowances of the gate. Declared in `data/suite.yaml`; `builtIn` when no file is
/// given. Entries run in declared order.
public struct VerificationSuite: Sendable, Equatable {
    /// A user's model from a spec file: its path (as written in the suite) and the model built
    /// from it, with its default end time (ms). Equal when the paths are.
    public struct CustomModel: Sendable, Equatable {
        public let path: String
        public let model: any VerifiableModel
        public let endTime: Double
        public init(path: String, model: any VerifiableModel, endTime: Double) {
            self.path = path
            self.model = model
            self.endTime = endTime
        }
        public static func == (a: CustomModel, b: CustomModel) -> Bool { a.path == b.path }
    }

    public struct Entry: Sendable, Equatable {
        /// Catalogue model name (`synverify list`), or the spec's name for a custom model.
        public var model: String
        /// Set for a model from a spec file; nil for a catalogue model.
        public var custom: CustomModel? = nil
        /// Set for rows another simulator computes (`methods` are its `.external` methods).
        public var engine: Engine? = nil
        /// How the engine's methods run: over `stepLadder`, or adaptively over `toleranceLadder`
        /// or at the simulator's defaults.
        public var engineSchedule: EngineSchedule = .steps
        /// Methods in declared order: simulator methods get a convergence study over
        /// `stepLadder`, GSL steppers a tolerance study over `toleranceLadder`.
        public var methods: [IntegrationMethod]
        /// End time (ms); nil for the model's default.
        public var endTime: Double?
        /// Fixed steps (ms), at least two, each > 0.
        public var stepLadder: [Double]
        /// eps = eps_abs = eps_rel, at least two, each in (0, 1).
        public var toleranceLadder: [Double]
        /// The gate: an error may grow by at most this factor (≥ 1) over the baseline.
        public var errorGrowthFactor: Double
        /// The gate: the measured order must stay within ± this of the nominal order (> 0).
        public var orderTolerance: Double

        public init(
            model: String, methods: [IntegrationMethod], endTime: Double? = nil,
            stepLadder: [Double] = VerificationSuite.defaultStepLadder,
            toleranceLadder: [Double] = VerificationSuite.defaultToleranceLadder,
            errorGrowthFactor: Double = RegressionGate.defaultErrorGrowthFactor,
            orderTolerance: Double = RegressionGate.defaultOrderTolerance
        ) {
            self.model = model
            self.methods = methods
            self.endTime = endTime
            self.stepLadder = stepLadder
            self.toleranceLadder = toleranceLadder
            self.errorGrowthFactor = errorGrowthFactor
            self.orderTolerance = orderTolerance
        }
    }

    public var entries: [Entry]
    /// Simulators that run the seed's f–I experiment for the report's f–I page (`fi_engines`).
    public var fiEngines: [SeedFIExperiment.Engine]

    public init(entries: [Entry], fiEngines: [SeedFIExperiment.Engine] = []) {
        self.entries = entries
        self.fiEngines = fiEngines
    }

    /// dt (ms): halving from 0.4 ms.
    public static let defaultStepLadder: [Double] = [0.4, 0.2, 0.1, 0.05, 0.025]
    /// eps: every second decade from 1e-4 to 1e-10.
    public static let defaultToleranceLadder: [Double] = [1e-4, 1e-6, 1e-8, 1e-10]

    /// The default suite: the synapse and neuron models with closed forms, the simulators'
    /// methods and GSL's workhorse steppers, and every known-wrong seed variant (which must
    /// fail). `data/suite.yaml` states the same suite (a test holds them equal).
    public static let builtIn: VerificationSuite = {
        let simulator: [IntegrationMethod] = [.simulator(.euler), .simulator(.heun), .simulator(.classicRK4)]
        let adaptive: [IntegrationMethod] = [.gsl(.rkf45), .gsl(.rk8pd), .gsl(.msbdf)]
        var entries: [Entry] = ["exp", "alpha", "dualexp-peak", "ampa", "gabab", "nmda-kinetics"].map {
            Entry(model: $0, methods: simulator + adaptive)
        }
        // Fixed steps move every spike of a threshold model by up to dt: its trajectory
        // comparison would measure the shift, so only located crossings run here.
        entries.append(Entry(model: "lif-coba", methods: adaptive))
        entries += ModelCatalog.entries.filter { $0.name.contains("-seed-") }.map {
            Entry(model: $0.name, methods: [.gsl(.rk8pd)])
        }
        return VerificationSuite(entries: entries)
    }()

    /// One of `count` deterministic shares of a suite, 1-based as written (`2/4`).
    public struct Share: Sendable, Equatable, CustomStringConvertible {
        public let index: Int
        public let count: Int
        /// The largest number of shares.
        public static let maximumCount = 1000
        /// The whole suite as one share.
        public static let whole = Share(index: 1, count: 1)!

        /// Nil unless 1 ≤ index ≤ count ≤ `maximumCount`.
        public init?(index: Int, count: Int) {
            guard (1...Self.maximumCount).contains(count), (1...count).contains(index) else { return nil }
            self.index = index
            self.count = count
        }

        /// Parses `i/n`.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
            self.init(index: i, count: n)
        }

        public var description: String { "\(index)/\(count)" }
    }

    /// The share `share` of the suite: every `count`-th model × method pair in declared order,
    /// starting at the `index`-th, so the shares together are the suite. `interleave` undoes it.
    public func shard(_ share: Share) -> VerificationSuite {
        var position = 0
        var shared: [Entry] = []
        for entry in entries {
            var methods: [IntegrationMethod] = []
            for method in entry.methods {
                if position % share.count == share.index - 1 { methods.append(method) }
                position += 1
            }
            if !methods.isEmpty {
                var copy = entry
                copy.methods = methods
                shared.append(copy)
            }
        }
        return VerificationSuite(entries: shared)
    }

    /// The rows of every share (`parts[i]` from share i + 1 of `parts.count`), in suite order:
    /// share i holds suite positions i, i + n, i + 2n, … (0-based), as `shard` made them.
    public static func interleave<Row>(_ parts: [[Row]]) -> [Row] {
        var merged: [Row] = []
        let longest = parts.map(\.count).max() ?? 0
        for k in 0..<longest {
            for part in parts where k < part.count { merged.append(part[k]) }
        }
        return merged
    }
}

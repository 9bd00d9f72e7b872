import SynIntegrators
import SynModels

/// Another simulator, run by the suite like a method of SynVerify's own: each of its methods at
/// each step of the entry's ladder gives a trace (`TraceSource`), verified like any row, with
/// its order measured from the ladder. Rows are `IntegrationMethod.external("name:method")`.
public struct Engine: Sendable, Equatable {
    /// Short name, the prefix of its rows' methods ("brian2").
    public let name: String
    public let source: any TraceSource

    public init(name: String, source: any TraceSource) {
        self.name = name
        self.source = source
    }

    public static func == (a: Engine, b: Engine) -> Bool { a.name == b.name && a.source.identity == b.source.identity }

    /// The row method for the engine's `method` ("brian2:rk4"); a method run once at the
    /// simulator's own tolerances is "scipy:RK45@defaults".
    public func method(_ method: String, atDefaults: Bool = false) -> IntegrationMethod {
        .external("\(name):\(method)\(atDefaults ? Self.defaultsSuffix : "")")
    }

    /// Marks a row's method as run at the simulator's default tolerances.
    public static let defaultsSuffix = "@defaults"

    /// The engine's own name of the method of a row label ("scipy:RK45@defaults" → "RK45").
    public func programMethod(ofRow label: String) -> String {
        var method = String(label.dropFirst(name.count + 1))
        if method.hasSuffix(Self.defaultsSuffix) { method.removeLast(Self.defaultsSuffix.count) }
        return method
    }

    /// The nominal order of a simulator's method named as Brian2, NEURON, NEST and BrainPy name
    /// them (euler 1, rk2/midpoint/heun/heun2 2, rk4 4, exponential_euler/exp_auto 1; 0: not known
    /// or exact, e.g. NEURON's fixed0/fixed2/cvode and NEST's grid/ps, whose orders depend on the
    /// mechanism). Brian2's `heun` is its stochastic Heun scheme, whose drift part is forward Euler
    /// (`x_new = x + dt*f(x, t)` plus the noise terms; brian2.stateupdaters.explicit.heun): order 1
    /// for an ODE. BrainPy's float32 methods (`rk4_f32`) claim none: their errors stop at
    /// float32's round-off (about 1e-7 relative), where no order can be fitted; its `_runner`
    /// methods (its synapse classes under its runner, `_runner_dualexpon` too) claim their integrator's.
    public static func nominalOrder(of method: String, engine: String = "") -> Int {
        // BrainPy's `_runner` rows: its synapse classes with that integrator, under BrainPy's runner
        // (`_runner_dualexpon`: its DualExpon class where `_runner` takes DualExponV2).
        if engine == "brainpy", let runner = method.range(of: "_runner") {
            return nominalOrder(of: String(method[..<runner.lowerBound]), engine: engine)
        }
        return switch (engine, method) {
        case ("brian2", "heun"): 1
        case ("brainpy", let m) where m.hasSuffix("_f32"): 0
        case (_, "euler"), (_, "exponential_euler"), ("brainpy", "exp_auto"): 1
        case (_, "rk2"), (_, "midpoint"), (_, "heun"), ("brainpy", "heun2"): 2
        case (_, "rk4"), (_, "classic_rk4"): 4
        default: 0
        }
    }

    /// SynVerify's method that computes what this engine's method computes for an ODE, or nil
    /// (BrainPy's rk2 is Ralston's β = 2/3 scheme, which SynVerify does not have).
    public static func ownMethod(of method: String, engine: String) -> String? {
        switch (engine, method) {
        case ("brian2", "heun"): "euler"
        case ("brainpy", "rk2"): nil
        case ("brainpy", "heun2"): "heun"
        case ("brainpy", "exp_auto"): "exponential_euler"
        case (_, "euler"): "euler"
        case (_, "rk2"), (_, "midpoint"): "midpoint"
        case (_, "heun"): "heun"
        case (_, "rk4"): "classic_rk4"
        case (_, "exponential_euler"): "exponential_euler"
        case (_, "exact"), (_, "linear"), ("odetoolbox", "propagator"): "exact"
        default: nil
        }
    }
}

/// How an engine's methods run over a suite entry: at each fixed step of its step ladder
/// (Brian2's and NEURON's methods), or adaptively, writing a row every `recordStep` ms, at each
/// tolerance of its tolerance ladder or once at the simulator's own default tolerances.
public enum EngineSchedule: Sendable, Equatable {
    case steps
    case tolerances(recordStep: Double)
    case defaults(recordStep: Double)

    public var isDefaults: Bool {
        if case .defaults = self { return true }
        return false
    }
}

/// One run of an engine's method: a fixed step (ms); or adaptive with rtol = atol = `eps` (atol
/// in the states' units), a row every `record` ms; or adaptive at the simulator's defaults.
public enum EngineRung: Sendable, Equatable, CustomStringConvertible {
    case step(Double)
    case tolerance(Double, record: Double)
    case defaults(record: Double)

    /// The interval (ms) of the trace's rows.
    public var recordStep: Double {
        switch self {
        case .step(let h): h
        case .tolerance(_, let record), .defaults(let record): record
        }
    }

    public var description: String {
        switch self {
        case .step(let h): "at \(h) ms"
        case .tolerance(let eps, _): "at tolerance \(eps)"
        case .defaults: "at its default tolerances"
        }
    }
}

/// Runs an outside method and returns its trace, or why it could not.
public protocol TraceSource: Sendable {
    /// What makes two sources the same (their command line), for suite equality and identity.
    var identity: String { get }
    /// The trace of `model` (a suite row's) with `method` run as `rung` says, up to `endTime`
    /// (ms); a failure is a reason in words ("engine failed: …").
    func trace(of model: any VerifiableModel, path: String?, method: String, rung: EngineRung, endTime: Double)
        -> Result<ExternalTrace, EngineFailure>
    /// The traces of `jobs` (methods at rungs), in order: by default one `trace` call each; a source
    /// that `runsBatches` runs them in one process.
    func traces(of model: any VerifiableModel, path: String?, jobs: [EngineJob], endTime: Double)
        -> [Result<ExternalTrace, EngineFailure>]
    /// Whether `traces` runs its jobs in one process, so that a suite hands it an entry's rows at once.
    var runsBatches: Bool { get }
}

/// One run an engine is asked for: its own method name at a rung.
public struct EngineJob: Sendable, Equatable {
    public let method: String
    public let rung: EngineRung
    public init(method: String, rung: EngineRung) {
        self.method = method
        self.rung = rung
    }
}

extension TraceSource {
    public func traces(of model: any VerifiableModel, path: String?, jobs: [EngineJob], endTime: Double)
        -> [Result<ExternalTrace, EngineFailure>]
    {
        jobs.map { trace(of: model, path: path, method: $0.method, rung: $0.rung, endTime: endTime) }
    }

    public var runsBatches: Bool { false }
}

/// Why an outside run gave no trace: one line.
public struct EngineFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// An engine whose program is not run (`--no-engines`): every row is a failure saying so, never a pass.
public struct NotRunEngine: TraceSource {
    public let identity: String
    public init(identity: String) { self.identity = identity }
    public func trace(of model: any VerifiableModel, path: String?, method: String, rung: EngineRung, endTime: Double)
        -> Result<ExternalTrace, EngineFailure>
    {
        .failure(EngineFailure("skipped: not run (--no-engines), so not verified"))
    }
}

extension VerificationSuite {
    /// The suite with its engines' programs left unrun: their rows fail as skipped (`--no-engines`,
    /// for a suite whose `command:` entries one does not trust to run).
    public var withoutRunningEngines: VerificationSuite {
        var suite = self
        for k in suite.entries.indices {
            guard let engine = suite.entries[k].engine else { continue }
            suite.entries[k].engine = Engine(name: engine.name, source: NotRunEngine(identity: engine.source.identity))
        }
        return suite
    }
}

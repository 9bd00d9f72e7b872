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

    /// The row method for the engine's `method` ("brian2:rk4").
    public func method(_ method: String) -> IntegrationMethod { .external("\(name):\(method)") }

    /// The nominal order of a simulator's method named as Brian2, NEURON and NEST name them
    /// (euler 1, rk2/midpoint/heun 2, rk4 4, exponential_euler 1; 0: not known or exact, e.g.
    /// NEURON's fixed0/fixed2/cvode, whose orders depend on the mechanism). Brian2's `heun` is its
    /// stochastic Heun scheme, whose drift part is forward Euler (`x_new = x + dt*f(x, t)` plus
    /// the noise terms; brian2.stateupdaters.explicit.heun): order 1 for an ODE.
    public static func nominalOrder(of method: String, engine: String = "") -> Int {
        switch (engine, method) {
        case ("brian2", "heun"): 1
        case (_, "euler"), (_, "exponential_euler"): 1
        case (_, "rk2"), (_, "midpoint"), (_, "heun"): 2
        case (_, "rk4"), (_, "classic_rk4"): 4
        default: 0
        }
    }

    /// SynVerify's method that computes what this engine's method computes for an ODE, or nil.
    public static func ownMethod(of method: String, engine: String) -> String? {
        switch (engine, method) {
        case ("brian2", "heun"): "euler"
        case (_, "euler"): "euler"
        case (_, "rk2"), (_, "midpoint"): "midpoint"
        case (_, "heun"): "heun"
        case (_, "rk4"): "classic_rk4"
        case (_, "exponential_euler"): "exponential_euler"
        case (_, "exact"), (_, "linear"): "exact"
        default: nil
        }
    }
}

/// Runs an outside method and returns its trace, or why it could not.
public protocol TraceSource: Sendable {
    /// What makes two sources the same (their command line), for suite equality and identity.
    var identity: String { get }
    /// The trace of `model` (a suite row's) with `method` at the fixed `step` (ms) up to
    /// `endTime` (ms); a failure is a reason in words ("engine failed: …").
    func trace(of model: any VerifiableModel, path: String?, method: String, step: Double, endTime: Double)
        -> Result<ExternalTrace, EngineFailure>
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
    public func trace(of model: any VerifiableModel, path: String?, method: String, step: Double, endTime: Double)
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

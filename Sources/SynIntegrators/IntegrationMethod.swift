import SynVerifyGSL

/// The fixed-step methods simulators use (Brian2, BrainPy, NEST), implemented in Swift.
public enum SimulatorMethod: String, CaseIterable, Sendable {
    /// Forward Euler, order 1.
    case euler
    /// Exponential Euler on the conditionally linear form (Brian2 `exponential_euler`), order 1.
    case exponentialEuler = "exponential_euler"
    /// Explicit midpoint Runge–Kutta (Brian2 `rk2`/`midpoint`), order 2.
    case midpoint
    /// Heun's method (explicit trapezoid), order 2.
    case heun
    /// The classic four-stage Runge–Kutta (Brian2 `rk4`), order 4.
    case classicRK4 = "classic_rk4"
    /// Exact propagation of a linear constant-coefficient system through the matrix exponential
    /// (NEST's exact integration; Brian2 `exact`/`linear`).
    case exact

    public var nominalOrder: Int {
        switch self {
        case .euler, .exponentialEuler: 1
        case .midpoint, .heun: 2
        case .classicRK4: 4
        case .exact: 0
        }
    }

    /// Right-hand-side evaluations per step.
    public var evaluationsPerStep: Int {
        switch self {
        case .euler, .exponentialEuler: 1
        case .midpoint, .heun: 2
        case .classicRK4: 4
        case .exact: 0
        }
    }
}

/// Any method SynVerify can integrate with: a GSL stepper or a simulator method.
public enum IntegrationMethod: Sendable, Equatable, CustomStringConvertible {
    case gsl(Stepper)
    case simulator(SimulatorMethod)
    /// Numbers computed outside SynVerify (a simulator's trace, an engine's run), named by
    /// `label` (e.g. "trace a.csv", "brian2:rk4"). SynVerify cannot integrate with it.
    case external(String)

    /// Parses a GSL stepper name (`rk8pd`, `msbdf`, …) or a simulator method name (`euler`,
    /// `exponential_euler`, `midpoint`, `heun`, `classic_rk4`, `exact`).
    public init?(name: String) {
        if let stepper = Stepper(rawValue: name) {
            self = .gsl(stepper)
            return
        }
        if let method = SimulatorMethod(rawValue: name) {
            self = .simulator(method)
            return
        }
        return nil
    }

    public static var allNames: [String] {
        Stepper.allCases.map(\.rawValue) + SimulatorMethod.allCases.map(\.rawValue)
    }

    public var description: String {
        switch self {
        case .gsl(let s): s.rawValue
        case .simulator(let m): m.rawValue
        case .external(let label): label
        }
    }

    public var nominalOrder: Int {
        switch self {
        case .gsl(let s): s.nominalOrder
        case .simulator(let m): m.nominalOrder
        case .external: 0
        }
    }
}

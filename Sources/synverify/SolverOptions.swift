import ArgumentParser
import SynIntegrators
import SynModels
import SynReports
import SynVerification
import SynVerifyGSL

/// Model parameters, spikes and solver options shared by solve, compare and rate.
struct SolverOptions: ParsableArguments {
    @Option(help: "GSL stepper or simulator method.")
    var method: String = "rk8pd"

    @Option(name: .customLong("eps-abs"), parsing: .unconditional, help: "Absolute tolerance (adaptive mode).")
    var epsAbs: Double = 1e-10

    @Option(name: .customLong("eps-rel"), parsing: .unconditional, help: "Relative tolerance (adaptive mode).")
    var epsRel: Double = 1e-10

    @Option(help: "Step-size control: y, yp, standard, scaled.")
    var control: String = "y"

    @Option(
        name: .customLong("a-y"), parsing: .unconditional, help: "Weight of |y| in the standard and scaled controls.")
    var aY: Double = 1

    @Option(
        name: .customLong("a-dydt"), parsing: .unconditional,
        help: "Weight of h·|y′| in the standard and scaled controls.")
    var aDydt: Double = 0

    @Option(
        name: .customLong("scale-abs"),
        help: "Comma-separated absolute scales, one per state variable (scaled control).")
    var scaleAbs: String?

    @Option(name: .customLong("h-init"), parsing: .unconditional, help: "Initial step (ms).")
    var initialStep: Double = 1e-3

    @Option(name: .customLong("h-min"), parsing: .unconditional, help: "Smallest adaptive step before failing (ms).")
    var minimumStep: Double = 0

    @Option(name: .customLong("h-max"), parsing: .unconditional, help: "Largest adaptive step (ms).")
    var maximumStep: Double = .infinity

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Step budget.")
    var maximumSteps: Int = 10_000_000

    @Option(parsing: .unconditional, help: "Fixed step (ms, or with a unit): fixed-step mode.")
    var dt: String?

    @Flag(
        name: .customLong("threshold-interpolation"),
        help: "Simulator methods: interpolate threshold crossings inside the step.")
    var thresholdInterpolation = false

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "End time (default: the model's).")
    var endTime: String?

    @Option(parsing: .unconditional, help: "Comma-separated presynaptic spike times.")
    var spikes: String?

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("Parameter NAME=VALUE (unit suffix allowed).", valueName: "name=value"))
    var parameters: [String] = []

    func validate() throws {
        guard IntegrationMethod(name: method) != nil else {
            throw ValidationError(
                "unknown method '\(method)'; known: \(IntegrationMethod.allNames.joined(separator: ", "))")
        }
        guard ControlKind(rawValue: control) != nil else {
            throw ValidationError("unknown control '\(control)'; known: y, yp, standard, scaled")
        }
    }

    var solveOptions: SolveOptions {
        get throws {
            var options = SolveOptions()
            options.control = ControlKind(rawValue: control)!
            options.epsAbs = epsAbs
            options.epsRel = epsRel
            options.aY = aY
            options.aDydt = aDydt
            options.initialStep = initialStep
            options.minimumStep = minimumStep
            options.maximumStep = maximumStep
            options.maximumSteps = maximumSteps
            options.thresholdInterpolation = thresholdInterpolation
            if let scaleAbs {
                options.scaleAbs = try QuantityList.parse(
                    scaleAbs, as: .dimensionless, for: "--scale-abs", allowEmpty: false)
            }
            return options
        }
    }

    func request(model: String, at: String?, overrides extra: [String] = []) throws -> SolveRequest {
        try SolveRequest(
            model: model, assignments: parameters + extra, spikes: spikes,
            method: IntegrationMethod(name: method)!, options: solveOptions,
            endTime: endTime, dt: dt, at: at)
    }
}

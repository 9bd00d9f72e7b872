import ArgumentParser
import SynFiles
import SynIntegrators
import SynModels
import SynReports
import SynSystem
import SynVerification
import SynVerifyGSL

/// Model parameters, spikes and solver options shared by solve, compare and rate.
struct SolverOptions: ParsableArguments {
    /// The library's defaults, each stated once (in `SolveOptions`).
    static let defaults = SolveOptions()

    @Option(help: "GSL stepper or simulator method.", transform: OptionValue.method)
    var method: IntegrationMethod = Self.defaults.method

    @Option(name: .customLong("eps-abs"), parsing: .unconditional, help: "Absolute tolerance (adaptive mode).")
    var epsAbs: Double = Self.defaults.epsAbs

    @Option(name: .customLong("eps-rel"), parsing: .unconditional, help: "Relative tolerance (adaptive mode).")
    var epsRel: Double = Self.defaults.epsRel

    @Option(help: "Step-size control: y, yp, standard, scaled.", transform: OptionValue.control)
    var control: ControlKind = Self.defaults.control

    @Option(
        name: .customLong("a-y"), parsing: .unconditional, help: "Weight of |y| in the standard and scaled controls.")
    var aY: Double = Self.defaults.aY

    @Option(
        name: .customLong("a-dydt"), parsing: .unconditional,
        help: "Weight of h·|y′| in the standard and scaled controls.")
    var aDydt: Double = Self.defaults.aDydt

    @Option(
        name: .customLong("scale-abs"),
        help: "Comma-separated absolute scales, one per state variable (scaled control).")
    var scaleAbs: String?

    @Option(name: .customLong("h-init"), parsing: .unconditional, help: "Initial step (ms).")
    var initialStep: Double = Self.defaults.initialStep

    @Option(name: .customLong("h-min"), parsing: .unconditional, help: "Smallest adaptive step before failing (ms).")
    var minimumStep: Double = Self.defaults.minimumStep

    @Option(name: .customLong("h-max"), parsing: .unconditional, help: "Largest adaptive step (ms).")
    var maximumStep: Double = Self.defaults.maximumStep

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Step budget.")
    var maximumSteps: Int = Self.defaults.maximumSteps

    @Option(parsing: .unconditional, help: "Fixed step (ms, or with a unit): fixed-step mode.")
    var dt: String?

    @Flag(
        name: .customLong("threshold-interpolation"),
        help: "Simulator methods: interpolate threshold crossings inside the step.")
    var thresholdInterpolation = false

    /// How a fixed-step method places a threshold crossing.
    enum ThresholdPlacement: String, ExpressibleByArgument, CaseIterable {
        case grid, linear, precise
    }

    @Option(
        help: ArgumentHelp(
            "Simulator methods: a crossing on the grid (grid), interpolated inside the step (linear, the same as "
                + "--threshold-interpolation), or exactly inside it (precise; --method exact).",
            valueName: "placement"))
    var threshold: ThresholdPlacement = .grid

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "End time (default: the model's).")
    var endTime: String?

    @Option(parsing: .unconditional, help: "Comma-separated presynaptic spike times.")
    var spikes: String?

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("Parameter NAME=VALUE (unit suffix allowed).", valueName: "name=value"))
    var parameters: [String] = []

    var solveOptions: SolveOptions {
        get throws {
            var options = SolveOptions()
            options.control = control
            options.epsAbs = epsAbs
            options.epsRel = epsRel
            options.aY = aY
            options.aDydt = aDydt
            options.initialStep = initialStep
            options.minimumStep = minimumStep
            options.maximumStep = maximumStep
            options.maximumSteps = maximumSteps
            options.thresholdInterpolation = thresholdInterpolation || threshold == .linear
            options.preciseThreshold = threshold == .precise
            if let scaleAbs {
                options.scaleAbs = try QuantityList.parse(
                    scaleAbs, as: .dimensionless, for: "--scale-abs", allowEmpty: false)
            }
            return options
        }
    }

    func request(model: String, at: String?, overrides extra: [String] = []) throws -> SolveRequest {
        try announced(
            ModelSource.request(
                model: model, assignments: parameters + extra, spikes: spikes,
                method: method, options: solveOptions,
                endTime: endTime, dt: dt, at: at))
    }
}

/// `request` after its notes (spikes sorted, repeated, after t_end) went to standard error.
func announced(_ request: SolveRequest) -> SolveRequest {
    for note in request.notes { FileSystem.writeToStandardError("synverify: note: \(note)\n") }
    return request
}

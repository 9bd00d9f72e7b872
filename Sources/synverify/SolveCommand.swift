import ArgumentParser
import SynIntegrators
import SynModels
import SynReports
import SynVerifyGSL

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Integrate a catalogue model with a GSL stepper or a simulator method.",
        discussion: """
            Methods: GSL steppers \(Stepper.allCases.map(\.rawValue).joined(separator: ", ")) (adaptive, or fixed \
            step with --dt); simulator methods \(SimulatorMethod.allCases.map(\.rawValue).joined(separator: ", ")) \
            (fixed step, --dt required). Models: \(ModelCatalog.entries.map(\.name).joined(separator: ", ")).
            Example: synverify solve dualexp-peak --method rk8pd --eps-abs 1e-12 --at 0,18.6,100 --json
            """
    )

    @Argument(help: "Catalogue model name, or a spec file (.yaml).")
    var model: String

    @OptionGroup var solver: SolverOptions

    @Option(parsing: .unconditional, help: "Comma-separated output times (default: 11 evenly spaced).")
    var at: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let request = try solver.request(model: model, at: at)
        let solution = try request.solve()
        print(json ? request.json(solution).serialized(pretty: true) : request.text(solution))
    }
}

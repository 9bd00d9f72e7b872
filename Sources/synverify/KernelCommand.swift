import ArgumentParser
import SynKernels
import SynReports
import SynSystem
import SynVerification

struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Evaluate a closed-form kernel.",
        discussion: """
            Examples:
              synverify kernel dualexp-peak --param tau1=8ms --param tau2=60ms --at 0,10,18.6,50
              synverify kernel mg-block --at -80mV,-65mV,0mV --json
              synverify kernel lif-rate --param g=30nS --at 0.5nA,1nA --json
            """
    )

    @Argument(help: "Kernel name (see `synverify list`).")
    var name: String

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("Parameter assignment NAME=VALUE; VALUE may carry a unit suffix.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Comma-separated presynaptic spike times (default: one spike at 0 ms).", valueName: "t1,t2,..."))
    var spikes: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Comma-separated abscissa values: times, voltages (mg-block) or currents (lif-rate).",
            valueName: "x1,x2,..."))
    var at: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let evaluation = try KernelEvaluation(name: name, assignments: parameters, spikes: spikes, at: at)
        for note in evaluation.notes { FileSystem.writeToStandardError("synverify: note: \(note)\n") }
        print(json ? evaluation.json.serialized(pretty: true) : evaluation.text)
    }
}

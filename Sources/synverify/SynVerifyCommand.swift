import ArgumentParser
import SynKernels
import SynSystem
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `synverify`: closed-form kernels of synaptic and neuron models, and the verification of
/// numerical integrators, the catalogue's models and users' spec files against them.
@main
struct SynVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synverify",
        abstract: "Check ODE integrators against closed-form solutions of synaptic and neuron models.",
        discussion:
            "Internal units: ms, mV, nS, pF, pA, mM, Hz. Values accept unit suffixes (5ms, -65mV, 0.01uS, 1.5nA, "
            + "40Hz).",
        version: synverifyVersion,
        subcommands: [
            ListCommand.self, KernelCommand.self, SolveCommand.self, CompareCommand.self, ConvergenceCommand.self,
            ToleranceCommand.self, RateCommand.self, StiffnessCommand.self, FICommand.self, ReportCommand.self,
            CheckCommand.self, BaselineCommand.self, MergeCommand.self, VerifyCommand.self, LintCommand.self,
            ProblemCommand.self,
        ]
    )

    /// Bad input exits with status 2 and one line on stderr; `--help` exits 0; an `ExitCode`
    /// thrown by a command (a gate's 1) passes through unchanged.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                terminate(0)
            }
            let message =
                (error as? InputError)?.description ?? (error as? ODESolverError)?.description ?? message(for: error)
            let firstLine =
                message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "\(error)"
            FileSystem.writeToStandardError("synverify: error: \(firstLine)\n")
            terminate(2)
        }
    }
}

/// Ends the process with `status` (the libc call, named apart from ParsableCommand.exit).
func terminate(_ status: Int32) -> Never {
    #if canImport(Glibc)
        Glibc.exit(status)
    #else
        Darwin.exit(status)
    #endif
}

import ArgumentParser
import SynKernels
import SynReports

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every kernel with its parameters, units and defaults."
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        print(json ? KernelListing.json().serialized(pretty: true) : KernelListing.text())
    }
}

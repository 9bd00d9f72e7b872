import ArgumentParser
import SynFiles
import SynVerification

/// Where a simulator's output comes from: `compare --trace` (and `convergence --trace`).
struct TraceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A trace another simulator wrote (CSV/TSV with header, white-space .dat, .npy, JSON), judged in place "
                + "of a solve.", valueName: "file"))
    var trace: String?

    @OptionGroup var selection: TraceColumns

    @Option(
        name: .customLong("spike-file"),
        help: ArgumentHelp(
            "Spike times the simulator wrote (ms, or a header such as 't [s]'); default: TRACE.spikes beside the "
                + "trace when it exists.", valueName: "file"))
    var spikeFile: String?

    func validate() throws {
        if trace == nil && (selection.columns != nil || selection.scale != nil || spikeFile != nil) {
            throw ValidationError("--columns, --scale and --spike-file describe a --trace; give one")
        }
    }

    /// The trace for the model and end time of `request`.
    func read(_ path: String, for request: SolveRequest, label: String? = nil) throws -> ExternalTrace {
        var trace = try TraceFile.read(
            path, variables: request.model.variables, selection: selection.selection,
            endTime: request.options.endTime, label: label)
        trace.spikes =
            try spikeFile.map { path throws(FormatError) in try TraceFile.readSpikes(path) }
            ?? TraceFile.spikesBeside(path)
        trace.step = request.options.fixedStep
        return trace
    }
}

/// Which columns of a trace to read and how to scale them (`compare --trace`, `convergence --trace`).
struct TraceColumns: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The trace's time column, then the variables' columns: names or 0-based indices, optionally "
                + "column:variable (e.g. t,v or 0,2:g).", valueName: "list"),
        transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var columns: [String]?

    @Option(
        help: ArgumentHelp(
            "Factors for the selected columns, in order (OMV's scaling; e.g. 1e3,1e3 for s and V into ms and mV).",
            valueName: "list"),
        transform: { text in
            try text.split(separator: ",").map { item in
                guard let x = Double(item.trimmingCharacters(in: .whitespaces)), x.isFinite, x != 0 else {
                    throw ValidationError("--scale: '\(item)' is not a finite, non-zero number")
                }
                return x
            }
        })
    var scale: [Double]?

    var selection: TraceFile.Selection { TraceFile.Selection(columns: columns, scale: scale) }
}

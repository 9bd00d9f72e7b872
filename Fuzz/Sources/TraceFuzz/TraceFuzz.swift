import FuzzDriver
import SynFiles
import SynIntegrators

/// libFuzzer entry: any bytes, read as a trace in each format SynVerify reads (CSV, TSV,
/// white-space .dat, .npy, JSON) for a two-variable model, and as a spike list. Errors are the
/// expected outcome; a crash, hang, sanitizer report or memory blow-up (libFuzzer's -rss_limit_mb)
/// is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let variables = [StateVariable("v", "mV"), StateVariable("g", "nS")]
    for path in ["f.csv", "f.tsv", "f.dat", "f.npy", "f.json"] {
        _ = try? TraceFile.parse(bytes: bytes, path: path, variables: variables, endTime: 1)
        _ = try? TraceFile.parse(
            bytes: bytes, path: path, variables: variables,
            selection: TraceFile.Selection(columns: ["0", "2:g"], scale: [1e3, 1e9]), endTime: 1)
    }
    _ = try? TraceFile.spikes(bytes: bytes, path: "f.spikes")
    return 0
}

@_cdecl("TraceFuzz_main")
public func traceFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzz(data, size) }
}

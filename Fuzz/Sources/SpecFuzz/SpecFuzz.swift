import FuzzDriver
import SynSpec

/// libFuzzer entry: any bytes, read as a spec file and as a single expression. Errors are the
/// expected outcome for nearly every input; a crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let spec = try? SpecFile.parse(text, file: "fuzz.yaml") {
        // Exercise the compiled model once at a few states.
        let n = spec.model.variables.count
        var y = [Double](repeating: 0.5, count: n)
        var f = [Double](repeating: 0, count: n)
        var jacobian = [Double](repeating: 0, count: n * n)
        var dfdt = [Double](repeating: 0, count: n)
        try? spec.model.derivatives(1, &y, &f)
        try? spec.model.jacobian(1, &y, &jacobian, &dfdt)
        var a = [Double](repeating: 0, count: n)
        var b = [Double](repeating: 0, count: n)
        _ = spec.model.linearCoefficients(1, &y, &a, &b)
        for k in spec.model.spikeTimes.indices.prefix(4) { spec.model.applySpike(k, to: &y) }
        _ = spec.model.breakpoints
        _ = spec.model.exactState(at: 2)
        _ = SpecLint.check(spec.model)
    }
    if let parsed = try? ExpressionParser.parse(text) {
        _ = parsed.expression.derivative(with: "x")
        _ = parsed.expression.evaluate { _ in 1.5 }
    }
    return 0
}

@_cdecl("SpecFuzz_main")
public func specFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in fuzz(data, size) }
}

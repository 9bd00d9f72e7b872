import Crypto
import SynSystem
import Synchronization

/// A tape compiled to machine code: the tape's instructions written out as C, in the same order
/// and with the same operations (no contraction into fused multiply–adds, the same libm calls),
/// compiled by the system's C compiler into a shared library and loaded, so that it computes
/// bit for bit what the tape computes, at the speed of compiled code. Brian2 and NEST's
/// ODE-toolbox generate code for the same reason.
///
/// The compiler is `$SYNVERIFY_CC`, else `clang` (the Swift toolchain ships one), else `cc`, else `gcc`.
/// Libraries are cached by the hash of their source in a directory only this user may write
/// (`$TMPDIR`, else /tmp: `synverify-native-UID`). When no compiler runs, or the directory is
/// not ours, `compile` returns nil and the tape is used: results do not depend on it.
struct NativeCode: @unchecked Sendable {
    typealias Function = @convention(c) (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    let function: Function

    /// The C source of `tape`: `void synverify_tape(double t, const double *y, double *out)`.
    static func source(of tape: ExpressionTape) -> String {
        var constants: [UInt64] = []
        func constant(_ x: Double) -> String {
            constants.append(x.bitPattern)
            return "K[\(constants.count - 1)].d"
        }
        let base = tape.inputCount + 1
        func slot(_ index: Int32) -> String {
            let i = Int(index)
            return i == 0 ? "t" : i < base ? "y[\(i - 1)]" : "v\(i - base)"
        }
        var body: [String] = []
        for (k, ins) in tape.instructions.enumerated() {
            let a = slot(ins.a)
            let b = slot(ins.b)
            let value: String
            switch ins.operation {
            case .constant: value = constant(ins.constant)
            case .signal: preconditionFailure("signals are not compiled (checked by the caller)")
            case .negate: value = "-\(a)"
            case .add: value = "\(a) + \(b)"
            case .subtract: value = "\(a) - \(b)"
            case .multiply: value = "\(a) * \(b)"
            case .divide: value = "\(a) / \(b)"
            case .power: value = "(\(b) == 2.0 ? \(a) * \(a) : pow(\(a), \(b)))"
            case .exp, .log, .log1p, .expm1, .sin, .cos, .tanh, .log10, .tan, .sinh, .cosh, .floor, .ceil:
                value = "\(ins.operation)(\(a))"
            case .arcsin: value = "asin(\(a))"
            case .arccos: value = "acos(\(a))"
            case .arctan: value = "atan(\(a))"
            case .int: value = "trunc(\(a))"
            case .sign: value = "(\(a) > 0 ? 1.0 : (\(a) < 0 ? -1.0 : \(a)))"
            case .exprel: value = "(\(a) == 0.0 ? 1.0 : expm1(\(a)) / \(a))"
            case .exprelDerivative:
                let series = [840.0, 144, 30, 8, 3].reduce("1.0 / 5760.0 + \(a) / 45360.0") {
                    "1.0 / \($1) + \(a) * (\($0))"
                }
                value = "(fabs(\(a)) < 0.05 ? 0.5 + \(a) * (\(series)) : (exp(\(a)) - expm1(\(a)) / \(a)) / \(a))"
            case .lambertw: preconditionFailure("lambertw is not compiled (checked by the caller)")
            case .less: value = "(\(a) < \(b) ? 1.0 : 0.0)"
            case .lessEqual: value = "(\(a) <= \(b) ? 1.0 : 0.0)"
            case .greater: value = "(\(a) > \(b) ? 1.0 : 0.0)"
            case .greaterEqual: value = "(\(a) >= \(b) ? 1.0 : 0.0)"
            case .equal: value = "(\(a) == \(b) ? 1.0 : 0.0)"
            case .notEqual: value = "(\(a) != \(b) ? 1.0 : 0.0)"
            case .and: value = "(\(a) != 0.0 && \(b) != 0.0 ? 1.0 : 0.0)"
            case .or: value = "(\(a) != 0.0 || \(b) != 0.0 ? 1.0 : 0.0)"
            case .not: value = "(\(a) == 0.0 ? 1.0 : 0.0)"
            case .sqrt: value = "sqrt(\(a))"
            case .abs: value = "fabs(\(a))"
            // Swift.min/max on Double: y < x ? y : x and y >= x ? y : x (NaN handling included).
            case .min: value = "(\(b) < \(a) ? \(b) : \(a))"
            case .max: value = "(\(b) >= \(a) ? \(b) : \(a))"
            case .addConstant: value = "\(a) + \(constant(ins.constant))"
            case .subtractConstant: value = "\(a) - \(constant(ins.constant))"
            case .subtractFromConstant: value = "\(constant(ins.constant)) - \(a)"
            case .multiplyConstant: value = "\(a) * \(constant(ins.constant))"
            case .divideByConstant: value = "\(a) / \(constant(ins.constant))"
            case .divideConstant: value = "\(constant(ins.constant)) / \(a)"
            case .multiplyConstantAdd: value = "\(a) * \(constant(ins.constant)) + \(b)"
            case .multiplyConstantSubtract: value = "\(a) * \(constant(ins.constant)) - \(b)"
            }
            body.append("    const double v\(k) = \(value);")
        }
        for (k, output) in tape.outputs.enumerated() { body.append("    out[\(k)] = \(slot(output));") }
        let table =
            constants.isEmpty
            ? ""
            : "static const union { unsigned long long u; double d; } K[] = {"
                + constants.map { "{0x\(String($0, radix: 16))ULL}" }.joined(separator: ", ") + "};\n"
        return "#include <math.h>\n" + table
            + "void synverify_tape(double t, const double *restrict y, double *restrict out) {\n"
            + "    (void)t; (void)y;\n" + body.joined(separator: "\n") + "\n}\n"
    }

    /// Compiles and loads `tape`, or nil (no compiler, a failed compile, an unsafe cache
    /// directory, or a tape that reads input signals or calls lambertw).
    static func compile(_ tape: ExpressionTape) -> NativeCode? {
        // GSL's Lambert W is not linked into the library: such tapes stay tapes.
        guard tape.signals.isEmpty, !tape.instructions.contains(where: { $0.operation == .lambertw }),
            FileSystem.environmentValue("SYNVERIFY_NATIVE") != "0"
        else { return nil }
        let source = source(of: tape)
        let key = SHA256.hash(data: Array(source.utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        return loaded.withLock { cache in
            if let code = cache[key] { return code }
            guard let directory = cacheDirectory else { return nil }
            let library = "\(directory.path)/\(key).so"
            let stored = "\(directory.path)/\(key).c"
            // The library is loaded only beside the very source it was compiled from.
            let current = FileSystem.isReadable(library) && (try? FileSystem.readText(stored)) == source
            if !current {
                guard build(source, into: library, storing: stored, in: directory.path) else { return nil }
            }
            guard let symbol = SharedLibrary.symbol("synverify_tape", in: library) else { return nil }
            let code = NativeCode(function: unsafeBitCast(symbol, to: Function.self))
            cache[key] = code
            return code
        }
    }

    /// Loaded libraries by the SHA-256 of their source (they stay loaded for the life of the
    /// process).
    private static let loaded = Mutex<[String: NativeCode]>([:])

    /// `$TMPDIR/synverify-native-UID` (or under /tmp), created mode 0700, opened and checked once
    /// by descriptor (`PrivateDirectory`); nil unless it is a directory owned by this user that
    /// nobody else may write.
    private static let cacheDirectory: PrivateDirectory? = {
        let root = FileSystem.environmentValue("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return PrivateDirectory("\(root)/synverify-native-\(FileSystem.userID)")
    }()

    /// Writes the source and compiles it to a uniquely named library, then renames the source
    /// and the library into place (atomic: concurrent processes never load a half-written file).
    private static func build(_ source: String, into library: String, storing stored: String, in directory: String)
        -> Bool
    {
        let unique = "\(directory)/tmp-\(FileSystem.processID)-\(UInt64.random(in: 0 ..< .max))"
        let sourcePath = unique + ".c"
        let libraryPath = unique + ".so"
        defer {
            FileSystem.removeFile(sourcePath)
            FileSystem.removeFile(libraryPath)
        }
        do { try FileSystem.write(source, to: sourcePath) } catch { return false }
        let compilers = FileSystem.environmentValue("SYNVERIFY_CC").map { [$0] } ?? ["clang", "cc", "gcc"]
        for compiler in compilers {
            let arguments = [
                compiler, "-O2", "-fPIC", "-shared", "-ffp-contract=off", "-fno-fast-math", "-o", libraryPath,
                sourcePath, "-lm",
            ]
            if ChildProcess.run(arguments), FileSystem.rename(sourcePath, to: stored),
                FileSystem.rename(libraryPath, to: library)
            {
                return true
            }
        }
        return false
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

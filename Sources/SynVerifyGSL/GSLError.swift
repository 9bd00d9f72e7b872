import CGSL

/// A failure reported by the GNU Scientific Library, carrying its status code.
///
/// GSL returns an `int` status from every routine; this type is the only place that status is
/// interpreted (GSL's constants import into Swift as `Int`, its calls return `Int32`).
/// `description` is GSL's own text from `gsl_strerror`, prefixed with the routine that failed.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GSL's status code (`GSL_EDOM`, `GSL_ERANGE`, `GSL_EMAXITER`, …).
    public let code: Int32
    /// The GSL routine that reported it, e.g. `gsl_sf_gamma_inc_e`.
    public let routine: String

    public init(code: Int32, routine: String) {
        self.code = code
        self.routine = routine
    }

    /// Input outside the function's domain (`GSL_EDOM`).
    public static let domainCode = Int32(GSL_EDOM)
    /// Result out of range: overflow (`GSL_ERANGE`).
    public static let rangeCode = Int32(GSL_ERANGE)
    /// Underflow (`GSL_EUNDRFLW`).
    public static let underflowCode = Int32(GSL_EUNDRFLW)
    /// Iteration limit reached (`GSL_EMAXITER`).
    public static let maxIterationsCode = Int32(GSL_EMAXITER)
    /// User function signalled a problem (`GSL_EBADFUNC`).
    public static let badFunctionCode = Int32(GSL_EBADFUNC)
    /// No progress could be made (`GSL_ENOPROG`).
    public static let noProgressCode = Int32(GSL_ENOPROG)
    /// Generic failure (`GSL_EFAILED`).
    public static let failedCode = Int32(GSL_FAILURE)

    public var description: String {
        let text = String(cString: gsl_strerror(code))
        return "\(routine) failed: \(text) (GSL status \(code))"
    }
}

/// Switches GSL's default error handler (which aborts the process) off, exactly once.
///
/// Every entry point of this module touches `GSL.ready` before its first GSL call.
enum GSL {
    static let ready: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Throws `GSLError` unless `status` is `GSL_SUCCESS`.
    @inline(__always)
    static func check(_ status: Int32, _ routine: String) throws(GSLError) {
        if status != cgsl_success() { throw GSLError(code: status, routine: routine) }
    }
}

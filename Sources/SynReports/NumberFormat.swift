#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one number formatter of every markdown report: `significant` digits in C's `%g` style,
/// independent of locale, with −0 shown as 0 and non-finite values as "—".
public enum NumberFormat {
    public static func significant(_ x: Double, digits: Int = 6) -> String {
        guard x.isFinite else { return x.isNaN ? "—" : (x > 0 ? "∞" : "−∞") }
        if x == 0 { return "0" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { ptr in
            withVaList([Int32(digits), x]) { vsnprintf(ptr.baseAddress, 64, "%.*g", $0) }
        }
        guard count > 0 else { return x.description }
        let bytes = buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `decimals` digits after the point in C's `%f` style, independent of locale; finite `x`
    /// with |x| < 1e15 (pixel coordinates, percentages).
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return significant(x) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBufferPointer { ptr in
            withVaList([Int32(decimals), x]) { vsnprintf(ptr.baseAddress, 64, "%.*f", $0) }
        }
        guard count > 0 && count < 64 else { return x.description }
        let bytes = buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

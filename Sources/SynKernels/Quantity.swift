/// Parses numbers with unit suffixes ("5ms", "-65mV", "0.01uS", "1.5nA", "40Hz") into
/// SynVerify's internal units (ms, mV, nS, pF, pA, mM, Hz).
///
/// A bare number is taken to be in the internal unit already. A suffix of another dimension
/// than the one expected is an error, as is an unknown suffix or a non-finite number.
public enum Quantity {
    /// Suffix, its dimension and the factor that converts it to the internal unit (the one
    /// unit table of SynVerify: spec files derive theirs from it).
    public static let suffixes: [(suffix: String, dimension: Dimension, factor: Double)] = [
        ("kHz", .frequency, 1e3), ("Hz", .frequency, 1),
        ("ms", .time, 1), ("us", .time, 1e-3), ("µs", .time, 1e-3), ("s", .time, 1e3),
        ("mV", .voltage, 1), ("uV", .voltage, 1e-3), ("µV", .voltage, 1e-3), ("V", .voltage, 1e3),
        ("mS", .conductance, 1e6), ("uS", .conductance, 1e3), ("µS", .conductance, 1e3),
        ("nS", .conductance, 1), ("pS", .conductance, 1e-3), ("S", .conductance, 1e9),
        ("uF", .capacitance, 1e6), ("µF", .capacitance, 1e6), ("nF", .capacitance, 1e3),
        ("pF", .capacitance, 1), ("F", .capacitance, 1e12),
        ("mA", .current, 1e9), ("uA", .current, 1e6), ("µA", .current, 1e6),
        ("nA", .current, 1e3), ("pA", .current, 1), ("A", .current, 1e12),
        ("mM", .concentration, 1), ("uM", .concentration, 1e-3), ("µM", .concentration, 1e-3),
        ("M", .concentration, 1e3),
    ]

    /// Parses `text` as a value of `dimension`, returned in the internal unit.
    ///
    /// - Parameters:
    ///   - text: a decimal number, optionally followed by a unit suffix (no space needed).
    ///   - dimension: what the caller expects.
    ///   - name: what is being parsed, for the error message (a parameter name, "--at").
    /// - Throws: `InputError.malformedQuantity` or `.wrongDimension`.
    public static func parse(_ text: String, as dimension: Dimension, for name: String) throws(InputError) -> Double {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else {
            throw .malformedQuantity(text: text, name: name, reason: "empty value")
        }
        if let number = Double(trimmed) {
            guard number.isFinite else {
                throw .malformedQuantity(text: text, name: name, reason: "must be a finite number")
            }
            return number
        }
        for entry in suffixes where trimmed.hasSuffix(entry.suffix) {
            let numberPart = String(trimmed.dropLast(entry.suffix.count)).trimmingSpaces()
            guard let number = Double(numberPart), !numberPart.isEmpty else { continue }
            guard number.isFinite else {
                throw .malformedQuantity(text: text, name: name, reason: "must be a finite number")
            }
            guard entry.dimension == dimension else {
                throw .wrongDimension(text: text, name: name, found: entry.dimension, expected: dimension)
            }
            return number * entry.factor
        }
        throw .malformedQuantity(
            text: text, name: name,
            reason:
                "not a number with a known unit (expected \(dimension.noun) in \(dimension.unit); suffixes: s ms us, "
                + "V mV, S mS uS nS pS, F uF nF pF, A mA uA nA pA, M mM uM, Hz kHz)"
        )
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

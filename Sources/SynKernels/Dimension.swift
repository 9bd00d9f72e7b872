/// Physical dimension of a parameter or abscissa, with SynVerify's internal unit for it.
///
/// Internal units: ms, mV, nS, pF, pA, mM, Hz (so nS·mV = pA and pF/nS = ms).
public enum Dimension: String, Sendable, CaseIterable {
    case time
    case voltage
    case conductance
    case capacitance
    case current
    case concentration
    case frequency
    case dimensionless
    case angle
    case perTime
    case perVoltage
    case perConcentrationPerTime
    case ratePerVoltageSquared

    /// The internal unit in which values of this dimension are stored.
    public var unit: String {
        switch self {
        case .time: "ms"
        case .voltage: "mV"
        case .conductance: "nS"
        case .capacitance: "pF"
        case .current: "pA"
        case .concentration: "mM"
        case .frequency: "Hz"
        case .dimensionless: "1"
        case .angle: "rad"
        case .perTime: "1/ms"
        case .perVoltage: "1/mV"
        case .perConcentrationPerTime: "1/(mM·ms)"
        case .ratePerVoltageSquared: "Hz/mV²"
        }
    }

    /// A noun for error messages: "a time", "a voltage", …
    var noun: String {
        switch self {
        case .time: "a time"
        case .voltage: "a voltage"
        case .conductance: "a conductance"
        case .capacitance: "a capacitance"
        case .current: "a current"
        case .concentration: "a concentration"
        case .frequency: "a frequency"
        case .dimensionless: "a dimensionless number"
        case .angle: "an angle"
        case .perTime: "a rate (1/ms)"
        case .perVoltage: "an inverse voltage (1/mV)"
        case .perConcentrationPerTime: "a binding rate (1/(mM·ms))"
        case .ratePerVoltageSquared: "a gain (Hz/mV²)"
        }
    }
}

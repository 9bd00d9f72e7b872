import SynKernels
import Testing

@Suite("Unit suffixes")
struct QuantityTests {
    @Test(
        "good suffixes convert to internal units",
        arguments: [
            ("5ms", Dimension.time, 5.0), ("0.5s", .time, 500), ("250us", .time, 0.25), ("1e-3s", .time, 1),
            ("-65mV", .voltage, -65), ("0.1V", .voltage, 100),
            ("10nS", .conductance, 10), ("0.01uS", .conductance, 10), ("2mS", .conductance, 2e6),
            ("500pS", .conductance, 0.5),
            ("1500pF", .capacitance, 1500), ("1nF", .capacitance, 1000),
            ("1.5nA", .current, 1500), ("200pA", .current, 200), ("-2uA", .current, -2e6),
            ("1.2mM", .concentration, 1.2), ("50uM", .concentration, 0.05),
            ("40Hz", .frequency, 40), ("2kHz", .frequency, 2000),
            ("7", .time, 7), (" 3.5 ", .voltage, 3.5),
        ])
    func good(_ input: (String, Dimension, Double)) throws {
        let value = try Quantity.parse(input.0, as: input.1, for: "x")
        #expect(abs(value - input.2) <= 1e-15 * abs(input.2))
    }

    @Test(
        "wrong dimension is named",
        arguments: [("5mV", Dimension.time), ("10nS", .current), ("5ms", .voltage), ("40Hz", .time)])
    func wrongDimension(_ input: (String, Dimension)) {
        do {
            _ = try Quantity.parse(input.0, as: input.1, for: "parameter 'p'")
            Issue.record("accepted \(input.0)")
        } catch {
            guard case .wrongDimension = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(error.description.contains("parameter 'p'"))
        }
    }

    @Test(
        "malformed values are refused",
        arguments: ["", "ms", "5xyz", "nan", "inf", "-inf", "1e999", "5 m s", "five", "1e999ms", "--5"])
    func malformed(_ text: String) {
        #expect(throws: InputError.self) { try Quantity.parse(text, as: .time, for: "--at") }
    }
}

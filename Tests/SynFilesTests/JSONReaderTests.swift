import SynReports
import SynVerification
import Testing

@testable import SynFiles

@Suite("JSON reader")
struct JSONReaderTests {
    /// Every double the writer prints reads back to the same bits (SplitMix64-seeded sample over
    /// all exponents, plus values Foundation's Linux parser was seen to read 1–3 ulp off).
    @Test("numbers round-trip bit for bit")
    func numbersRoundTrip() throws {
        var generator = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { generator.next() }
        var values: [Double] = [
            0.011556485621625923, 3.3306690738754696e-16, 110132.32874703394, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -0.0, 1, 0.1,
        ]
        while values.count < 20_000 {
            let x = Double(bitPattern: next())
            if x.isFinite { values.append(x) }
        }
        let text = JSONValue.array(values.map { .number($0) }).serialized()
        let parsed = try #require(try JSONReader.parse(text).arrayValue)
        #expect(parsed.count == values.count)
        for (a, b) in zip(values, parsed) {
            #expect(b.doubleValue?.bitPattern == a.bitPattern, "\(a)")
        }
    }

    @Test("integers stay integers, doubles stay doubles")
    func kinds() throws {
        let value = try JSONReader.parse(#"{"n": 48, "x": 1.0, "e": 1e-10, "neg": -3}"#)
        #expect(value["n"] == .integer(48) && value["neg"] == .integer(-3))
        #expect(value["x"] == .number(1) && value["e"] == .number(1e-10))
        #expect(value["missing"] == nil)
    }

    @Test("strings: escapes, unicode and surrogate pairs")
    func strings() throws {
        let value = try JSONReader.parse(#"["a\"b\\c\nd\u0001", "τ′ − ∞", "\ud83d\ude00", "\/"]"#)
        #expect(value.arrayValue?.compactMap(\.stringValue) == ["a\"b\\c\nd\u{1}", "τ′ − ∞", "😀", "/"])
        // What the writer escapes reads back unchanged.
        let original = "quote \" backslash \\ newline \n tab \t bell \u{7} τ"
        #expect(try JSONReader.parse(JSONValue.string(original).serialized()).stringValue == original)
    }

    @Test(
        "malformed text is an error with its byte offset",
        arguments: [
            ("", 0, "unexpected end"), ("{", 1, "expected a member name"), ("[1,]", 3, "unexpected character"),
            ("[1 2]", 3, "expected ','"), ("\"abc", 4, "unterminated string"), ("tru", 0, "expected true"),
            ("1 2", 2, "text after the value"), ("+1", 2, "malformed number"), ("\"\\ud800\"", 7, "unpaired surrogate"),
            ("{\"a\" 1}", 5, "expected ':'"),
        ])
    func malformed(_ input: (String, Int, String)) {
        #expect {
            _ = try JSONReader.parse(input.0)
        } throws: { error in
            guard let e = error as? JSONReader.ParseError else { return false }
            return e.offset == input.1 && e.reason.contains(input.2)
        }
    }

    @Test("nesting is bounded")
    func nesting() {
        #expect(throws: JSONReader.ParseError.self) {
            _ = try JSONReader.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        }
        #expect(throws: Never.self) {
            _ = try JSONReader.parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60))
        }
    }
}

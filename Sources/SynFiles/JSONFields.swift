import SynReports

/// Typed access to the members of one JSON object of a file, each failure one error naming the
/// place (`entries[3].max_abs_error`). Null and a missing member read as nil where allowed.
struct JSONFields {
    let object: JSONValue
    let place: String
    let bad: (String) -> FormatError

    init(_ object: JSONValue, at place: String, _ bad: @escaping (String) -> FormatError) {
        self.object = object
        self.place = place
        self.bad = bad
    }

    /// The JSON object of a versioned file: its text parsed, with `schema_version` checked.
    static func document(_ text: String, schemaVersion: Int, _ bad: (String) -> FormatError) throws(FormatError)
        -> JSONValue
    {
        let object: JSONValue
        do { object = try JSONReader.parse(text) } catch { throw bad("not a JSON object (\(error.description))") }
        guard object["schema_version"]?.intValue == schemaVersion else {
            throw bad("schema_version must be \(schemaVersion)")
        }
        return object
    }

    /// The member, or nil when missing or null.
    func value(_ key: String) -> JSONValue? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    func required<T>(_ key: String, _ get: (JSONValue) -> T?) throws(FormatError) -> T {
        guard let v = value(key).flatMap(get) else { throw bad("\(place).\(key) is missing or of the wrong type") }
        return v
    }

    /// A finite number, or nil.
    func number(_ key: String) throws(FormatError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else { throw bad("\(place).\(key) must be a finite number or null") }
        return d
    }

    /// An integer, or nil.
    func integer(_ key: String) throws(FormatError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let n = v.intValue else { throw bad("\(place).\(key) must be an integer or null") }
        return n
    }

    func doubles(_ key: String) throws(FormatError) -> [Double] {
        guard let list = object[key]?.arrayValue?.map(\.doubleValue), list.allSatisfy({ $0 != nil }) else {
            throw bad("\(place).\(key) must be a list of numbers")
        }
        return list.map { $0! }
    }

    func integers(_ key: String) throws(FormatError) -> [Int] {
        guard let list = object[key]?.arrayValue?.map(\.intValue), list.allSatisfy({ $0 != nil }) else {
            throw bad("\(place).\(key) must be a list of integers")
        }
        return list.map { $0! }
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Numeric text tables (CSV, TSV, white-space columns) parsed straight from bytes: `strtod` on
/// each field, no String per field. Lines starting with `#` and blank lines are skipped.
enum TextTable {
    /// `separator` nil: runs of spaces and tabs. The first line is a header when any of its
    /// fields is not a number. `flatten`: every number of the file in one column (spike lists).
    /// The most fields a row or header may have (a trace has a time column and one per variable;
    /// a spike list, read flattened, may hold any number of numbers on a line). Checked while the
    /// line is split, before any field is kept: a 20 MB line of separators cost 770 MB before.
    static let maximumFields = 10_000

    static func parse(_ bytes: consuming [UInt8], separator: UInt8?, file: String, flatten: Bool = false)
        throws(FormatError) -> TraceFile.Table
    {
        // The caller's bytes, not a copy (a 1 GB trace stays 1 GB), with the 0 strtod stops at.
        var terminated = bytes
        let count = terminated.count
        terminated.append(0)
        return try terminated.withUnsafeBufferPointer { (buffer) throws(FormatError) -> TraceFile.Table in
            var reader = Reader(base: buffer.baseAddress!, count: count, separator: separator, file: file)
            return try reader.table(flatten: flatten)
        }
    }

    struct Reader {
        let base: UnsafePointer<UInt8>
        let count: Int
        let separator: UInt8?
        let file: String
        var position = 0
        var line = 0

        /// The fields of the next content line as byte ranges, or nil at the end; a line of more
        /// than `limit` fields is refused as it is split.
        mutating func nextLine(limit: Int = TextTable.maximumFields) throws(FormatError) -> [Range<Int>]? {
            while position < count {
                line += 1
                var end = position
                while end < count && base[end] != 10 { end += 1 }
                let start = position
                position = end + 1
                var stop = end
                if stop > start && base[stop - 1] == 13 { stop -= 1 }  // CRLF
                var first = start
                while first < stop && (base[first] == 32 || base[first] == 9) { first += 1 }
                if first == stop || base[first] == UInt8(ascii: "#") { continue }
                guard let found = fields(start, stop, limit: limit) else {
                    throw FormatError(
                        "\(file):\(line): more than \(limit) fields on one line; a trace has a time column and "
                            + "one per variable")
                }
                return found
            }
            return nil
        }

        /// The line's fields as byte ranges; nil as soon as there are more than `limit`.
        func fields(_ start: Int, _ stop: Int, limit: Int) -> [Range<Int>]? {
            var ranges: [Range<Int>] = []
            var k = start
            if let separator {
                var fieldStart = start
                while k <= stop {
                    if k == stop || base[k] == separator {
                        guard ranges.count < limit else { return nil }
                        ranges.append(fieldStart..<k)
                        fieldStart = k + 1
                    }
                    k += 1
                }
                return ranges
            }
            while k < stop {
                while k < stop && (base[k] == 32 || base[k] == 9 || base[k] == UInt8(ascii: ",")) { k += 1 }
                guard k < stop else { break }
                let fieldStart = k
                while k < stop && base[k] != 32 && base[k] != 9 && base[k] != UInt8(ascii: ",") { k += 1 }
                guard ranges.count < limit else { return nil }
                ranges.append(fieldStart..<k)
            }
            return ranges
        }

        /// The field as a number, or nil when it is not one (surrounding blanks and quotes allowed).
        func number(_ range: Range<Int>) -> Double? {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper && (base[lower] == 32 || base[lower] == 9 || base[lower] == 34) { lower += 1 }
            while upper > lower && (base[upper - 1] == 32 || base[upper - 1] == 9 || base[upper - 1] == 34) {
                upper -= 1
            }
            guard lower < upper else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let start = UnsafeRawPointer(base + lower).assumingMemoryBound(to: CChar.self)
            let value = strtod(start, &end)
            let consumed = end.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? 0
            guard consumed == upper - lower else { return nil }
            return value
        }

        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
                .trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        }

        mutating func table(flatten: Bool) throws(FormatError) -> TraceFile.Table {
            // A spike list may hold any number of times on a line (numbers only: a header line of
            // words is held to the limit when its names are kept).
            let limit = flatten ? Int.max : TextTable.maximumFields
            guard var fields = try nextLine(limit: limit) else { throw FormatError("\(file): no data (an empty file)") }
            var names: [String]?
            if fields.contains(where: { number($0) == nil }) {
                guard fields.count <= TextTable.maximumFields else {
                    throw FormatError("\(file):\(line): a header of more than \(TextTable.maximumFields) names")
                }
                names = fields.map(text)
                guard let next = try nextLine(limit: limit) else {
                    // A spike list may be empty: a model that never fired.
                    if flatten {
                        return TraceFile.Table(names: [names!.joined(separator: " ")], columns: [[]], lines: [])
                    }
                    throw FormatError("\(file): a header but no data rows")
                }
                fields = next
            }
            let width = flatten ? 1 : fields.count
            if let names, !flatten, names.count != width {
                throw FormatError("\(file):\(line): \(width) fields, but the header names \(names.count) columns")
            }
            var columns = [[Double]](repeating: [], count: width)
            var lines: [Int] = []
            while true {
                if !flatten && fields.count != width {
                    throw FormatError("\(file):\(line): \(fields.count) fields where the first row has \(width)")
                }
                for (k, range) in fields.enumerated() {
                    guard let x = number(range) else {
                        throw FormatError("\(file):\(line): field \(k + 1) '\(text(range))' is not a number")
                    }
                    guard x.isFinite else {
                        throw FormatError("\(file):\(line): field \(k + 1) is \(x): a trace must be finite")
                    }
                    columns[flatten ? 0 : k].append(x)
                }
                lines.append(line)
                guard let next = try nextLine(limit: limit) else { break }
                fields = next
            }
            // A spike list's header is its whole line ("t [s]").
            return TraceFile.Table(
                names: names.map { flatten ? [$0.joined(separator: " ")] : $0 }, columns: columns, lines: lines)
        }
    }
}

/// NumPy's `.npy` format (version 1–3): a header dictionary, then the array's bytes. 2-D arrays
/// of little-endian float64 (`<f8`) or float32 (`<f4`), C or Fortran order; 1-D is one column.
enum NumpyArray {
    static func table(_ bytes: [UInt8], file: String) throws(FormatError) -> TraceFile.Table {
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw FormatError("\(file): not a NumPy .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw FormatError("\(file): truncated .npy header") }
            var length = 0
            for k in 0..<4 { length |= Int(bytes[8 + k]) << (8 * k) }
            headerLength = length
            headerStart = 12
        }
        guard headerStart + headerLength <= bytes.count else { throw FormatError("\(file): truncated .npy header") }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        let size: Int
        if header.contains("'descr': '<f8'") {
            size = 8
        } else if header.contains("'descr': '<f4'") {
            size = 4
        } else {
            throw FormatError("\(file): .npy dtype must be little-endian float64 or float32 ('<f8', '<f4'): \(header)")
        }
        let fortran = header.contains("'fortran_order': True")
        // The shape's parentheses, the closing one after the opening one (TraceFuzz found a header
        // with ')' before '(' that made an inverted range).
        guard let open = header.firstIndex(of: "("),
            let close = header[header.index(after: open)...].firstIndex(of: ")")
        else {
            throw FormatError("\(file): .npy header has no shape")
        }
        // Every element must be a whole number that fits: one that does not is named, never dropped
        // (a 1-D shape is written "(3,)").
        let fields = header[header.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var shape: [Int] = []
        for field in fields {
            guard let n = Int(field) else {
                throw FormatError("\(file): .npy shape element '\(field)' is not a whole number below 2^63")
            }
            shape.append(n)
        }
        guard (1...2).contains(shape.count), shape.allSatisfy({ $0 > 0 }) else {
            throw FormatError("\(file): .npy shape must be 1-D or 2-D and not empty, not \(shape)")
        }
        let rows = shape[0]
        let width = shape.count == 2 ? shape[1] : 1
        let start = headerStart + headerLength
        // The size in bytes, checked for overflow before it is compared with the file.
        let (cells, overRows) = rows.multipliedReportingOverflow(by: width)
        let (needed, overSize) = cells.multipliedReportingOverflow(by: size)
        guard !overRows, !overSize, bytes.count - start >= needed else {
            throw FormatError("\(file): .npy data shorter than its shape \(shape)")
        }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: rows), count: width)
        bytes.withUnsafeBytes { raw in
            for r in 0..<rows {
                for c in 0..<width {
                    let index = fortran ? c * rows + r : r * width + c
                    let offset = start + index * size
                    columns[c][r] =
                        size == 8
                        ? Double(
                            bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                        )
                        : Double(
                            Float(
                                bitPattern: UInt32(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                }
            }
        }
        for (c, column) in columns.enumerated() {
            if let r = column.firstIndex(where: { !$0.isFinite }) {
                throw FormatError("\(file): row \(r), column \(c) is \(column[r]): a trace must be finite")
            }
        }
        return TraceFile.Table(names: nil, columns: columns, lines: [])
    }
}

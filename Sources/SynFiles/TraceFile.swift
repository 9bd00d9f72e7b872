import Foundation
import SynIntegrators
import SynReports
import SynSpec
import SynSystem
import SynVerification

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Traces written by other simulators, read into an `ExternalTrace` for one model: the one home
/// of the trace formats.
///
/// - CSV (`.csv`, comma) and TSV (`.tsv`, tab) with a header of column names, each optionally
///   with a unit: `t [ms]`, `v (volt)`, `g_e [nS]`. Without a unit a column is taken in the
///   internal unit (ms for the time, the variable's unit otherwise: mV, nS, pA, …).
/// - Whitespace-separated text (`.dat`, `.txt`, anything else), as NEURON, NEST and jNeuroML
///   write it: columns by index, a header line only if the first line is not numbers.
/// - NumPy `.npy`, 2-D (rows × columns, little-endian float64 or float32), columns by index.
/// - JSON: `{"t": [...], "v": [...]}`, columns by name.
///
/// Columns: without `columns`, the time is the column named `t` or `time` (else the first), and
/// every column named like a model variable is that variable (a two-column file's second column
/// is the first variable). `columns` lists the time column then the variables' columns, each a
/// name or a 0-based index, optionally `column:variable` (`2:v`, `g_syn:g`); a column without
/// `:variable` is the variable of its name, else the next variable in the model's order.
/// `scale` multiplies the selected columns in that order (OMV's `scaling`: 1000 turns s into ms)
/// before any header unit applies.
///
/// Every problem is one line naming the file (and the line where there is one): no data,
/// a field that is not a number, a NaN, times not increasing, a missing column, a unit that
/// does not fit, a trace that does not cover the model's time span.
///
/// Own parser, not SwiftCSV or CSV.swift: both build a String per field. Reading and converting
/// a 10⁶-row, two-column CSV (release builds, this machine, one session): SwiftCSV 0.10.0
/// `EnumeratedCSV` 5.87 s, CSV.swift 2.5.2 `CSVReader` 3.16 s, this parser 0.35 s (`make bench`,
/// section "trace", prints its figure; the bar for read and compare together is 1 s).
public enum TraceFile {
    /// What to take from a file besides its path.
    public struct Selection: Sendable, Equatable {
        public var columns: [String]?
        public var scale: [Double]?
        public init(columns: [String]? = nil, scale: [Double]? = nil) {
            self.columns = columns
            self.scale = scale
        }
    }

    /// A table as read: column names (nil for header-less formats) and columns of numbers.
    struct Table {
        var names: [String]?
        var columns: [[Double]]
        /// The file line of each row (1-based), for errors.
        var lines: [Int]
    }

    /// Reads the trace at `path` for `variables` (names and internal units), checks it and
    /// that it covers 0 … `endTime` ms.
    public static func read(
        _ path: String, variables: [StateVariable], selection: Selection = Selection(), endTime: Double,
        label: String? = nil
    ) throws(FormatError) -> ExternalTrace {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readBytes(path) } catch { throw FormatError("\(error)") }
        return try parse(
            bytes: consume bytes, path: path, variables: variables, selection: selection, endTime: endTime, label: label
        )
    }

    /// A trace from `bytes` as `read` reads the file at `path` (its ending chooses the format).
    public static func parse(
        bytes: consuming [UInt8], path: String, variables: [StateVariable], selection: Selection = Selection(),
        endTime: Double, label: String? = nil
    ) throws(FormatError) -> ExternalTrace {
        let table = try parse(consume bytes, format: Format(path: path), file: path)
        return try trace(
            table, file: path, variables: variables, selection: selection, endTime: endTime,
            label: label ?? "trace \(path)")
    }

    /// Spike times (ms) from a text file: numbers separated by white space, commas or new lines,
    /// optionally after a header line with a unit (`t [s]`), increasing.
    public static func readSpikes(_ path: String) throws(FormatError) -> [Double] {
        let bytes: [UInt8]
        do { bytes = try FileSystem.readBytes(path) } catch { throw FormatError("\(error)") }
        return try spikes(bytes: consume bytes, path: path)
    }

    /// Spike times from `bytes`, as `readSpikes` reads the file at `path`.
    public static func spikes(bytes: consuming [UInt8], path: String) throws(FormatError) -> [Double] {
        let table = try parse(consume bytes, format: .whitespace, file: path, flatten: true)
        let scale = try table.names?.first.map { name throws(FormatError) in
            try unitScale(of: name, dimension: .time, for: "spike times", file: path)
        }
        let times = (table.columns.first ?? []).map { $0 * (scale ?? 1) }
        for k in times.indices.dropFirst() where !(times[k] > times[k - 1]) {
            throw FormatError("\(path): spike times must increase: \(times[k]) ms after \(times[k - 1]) ms")
        }
        return times
    }

    /// The spikes a simulator wrote beside its trace, `TRACE.spikes` (as the engines write them),
    /// or nil when there is no such file.
    public static func spikesBeside(_ tracePath: String) throws(FormatError) -> [Double]? {
        FileSystem.exists(tracePath + ".spikes") ? try readSpikes(tracePath + ".spikes") : nil
    }

    enum Format {
        case delimited(UInt8)
        case whitespace, numpy, json
        init(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".csv") {
                self = .delimited(UInt8(ascii: ","))
            } else if lower.hasSuffix(".tsv") {
                self = .delimited(UInt8(ascii: "\t"))
            } else if lower.hasSuffix(".npy") {
                self = .numpy
            } else if lower.hasSuffix(".json") {
                self = .json
            } else {
                self = .whitespace
            }
        }
    }

    static func parse(_ bytes: consuming [UInt8], format: Format, file: String, flatten: Bool = false)
        throws(FormatError) -> Table
    {
        switch format {
        case .numpy: return try NumpyArray.table(bytes, file: file)
        case .json: return try jsonTable(bytes, file: file)
        case .delimited(let separator): return try TextTable.parse(consume bytes, separator: separator, file: file)
        case .whitespace: return try TextTable.parse(consume bytes, separator: nil, file: file, flatten: flatten)
        }
    }

    /// `{"t": [...], "v": [...]}`: equal-length arrays of numbers.
    static func jsonTable(_ bytes: [UInt8], file: String) throws(FormatError) -> Table {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FormatError("\(file): not UTF-8 text") }
        let value: JSONValue
        do { value = try JSONReader.parse(text) } catch { throw FormatError("\(file): \(error)") }
        guard let members = value.objectMembers, !members.isEmpty else {
            throw FormatError("\(file): expected an object of columns, e.g. {\"t\": [0, 0.1], \"v\": [-65, -64.9]}")
        }
        var columns: [[Double]] = []
        for (name, column) in members {
            guard let items = column.arrayValue else { throw FormatError("\(file): column '\(name)' is not a list") }
            var numbers: [Double] = []
            numbers.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                guard let x = item.doubleValue else {
                    throw FormatError("\(file): \(name)[\(k)] is not a number")
                }
                numbers.append(x)
            }
            guard numbers.count == columns.first?.count ?? numbers.count else {
                throw FormatError(
                    "\(file): column '\(name)' has \(numbers.count) values, '\(members[0].0)' \(columns[0].count)")
            }
            columns.append(numbers)
        }
        return Table(names: members.map(\.0), columns: columns, lines: [])
    }
}

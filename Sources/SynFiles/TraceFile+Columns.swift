import Foundation
import SynIntegrators
import SynSpec
import SynVerification

/// Which columns of a table are the time and which variable, in which unit (`TraceFile`).
extension TraceFile {
    /// One selected column: where it is, the variable it holds (nil: the time), its scale.
    struct Pick {
        var column: Int
        var variable: Int?
        var name: String
    }

    static func trace(
        _ table: Table, file: String, variables: [StateVariable], selection: Selection, endTime: Double, label: String
    ) throws(FormatError) -> ExternalTrace {
        let picks = try pick(table, file: file, variables: variables, selection: selection)
        if let scale = selection.scale, scale.count != picks.count {
            throw FormatError(
                "\(file): --scale gives \(scale.count) factors for \(picks.count) selected columns "
                    + "(\(picks.map(\.name).joined(separator: ", ")))")
        }
        var times: [Double] = []
        var columns: [Int: [Double]] = [:]
        for (k, p) in picks.enumerated() {
            let factor = selection.scale?[k] ?? 1
            let dimension = p.variable.map { SpecUnit.parse(variables[$0].unit)?.dimension } ?? .time
            let what = p.variable.map { "\(variables[$0].name) (\(variables[$0].unit))" } ?? "the time (ms)"
            let unit = try table.names.map { names throws(FormatError) in
                try unitScale(of: names[p.column], dimension: dimension, for: what, file: file)
            }
            let values = table.columns[p.column].map { $0 * factor * (unit ?? 1) }
            if let i = p.variable { columns[i] = values } else { times = values }
        }
        try checkTimes(times, table: table, file: file, endTime: endTime)
        return ExternalTrace(label: label, times: times, columns: columns)
    }

    /// The time column then the variables' columns.
    static func pick(_ table: Table, file: String, variables: [StateVariable], selection: Selection)
        throws(FormatError) -> [Pick]
    {
        let names = table.names?.map(baseName)
        let known = variables.map(\.name)
        // A name that stands twice would make one column silently win over the other.
        func unique(_ name: String) throws(FormatError) {
            guard let names, let first = names.firstIndex(of: name), let second = names.lastIndex(of: name),
                first != second
            else { return }
            throw FormatError(
                "\(file): column '\(name)' appears twice in the header (columns \(first) and \(second)); "
                    + "rename one or choose by index with --columns")
        }
        func column(_ text: String) throws(FormatError) -> Int {
            if let index = Int(text) {
                guard (0..<table.columns.count).contains(index) else {
                    throw FormatError(
                        "\(file): no column \(index): the file has \(table.columns.count) "
                            + "(0 … \(table.columns.count - 1))"
                    )
                }
                return index
            }
            try unique(text)
            guard let names, let index = names.firstIndex(of: text) else {
                throw FormatError(
                    "\(file): no column named '\(text)'"
                        + (names.map { "; columns: \($0.joined(separator: ", "))" }
                            ?? " (the file has no header: use indices)"))
            }
            return index
        }
        guard let listed = selection.columns else {
            for name in known + ["t", "time"] { try unique(name) }
            let time = names?.firstIndex { $0 == "t" || $0 == "time" } ?? 0
            var picks = [Pick(column: time, variable: nil, name: names?[time] ?? "0")]
            for (k, name) in (names ?? []).enumerated() where k != time {
                if let i = known.firstIndex(of: name) { picks.append(Pick(column: k, variable: i, name: name)) }
            }
            if picks.count == 1 && table.columns.count == 2 && !known.isEmpty {
                picks.append(Pick(column: 1 - time, variable: 0, name: names?[1 - time] ?? "1"))
            }
            guard picks.count > 1 else {
                throw FormatError(
                    "\(file): no column names a variable of the model (\(known.joined(separator: ", "))); "
                        + "choose them with --columns, e.g. --columns t,\(known.first ?? "v")")
            }
            return picks
        }
        guard listed.count >= 2 else {
            throw FormatError("\(file): --columns lists the time column and at least one variable's, e.g. t,v")
        }
        var picks: [Pick] = []
        var next = 0
        for (k, entry) in listed.enumerated() {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let index = try column(parts[0])
            guard k > 0 else {
                picks.append(Pick(column: index, variable: nil, name: parts[0]))
                continue
            }
            let variable: Int
            if parts.count == 2 {
                guard let i = known.firstIndex(of: parts[1]) else {
                    throw FormatError(
                        "\(file): '\(parts[1])' is not a variable of the model (\(known.joined(separator: ", ")))")
                }
                variable = i
            } else if let i = known.firstIndex(of: names?[index] ?? parts[0]) {
                variable = i
            } else {
                guard next < known.count else {
                    throw FormatError("\(file): more columns listed than the model has variables (\(known.count))")
                }
                variable = next
            }
            guard !picks.contains(where: { $0.variable == variable }) else {
                throw FormatError("\(file): two columns for \(known[variable])")
            }
            next = variable + 1
            picks.append(Pick(column: index, variable: variable, name: parts[0]))
        }
        return picks
    }

    /// A header name without its unit: `v [mV]` → `v`.
    static func baseName(_ header: String) -> String {
        let cut = header.firstIndex { $0 == "[" || $0 == "(" } ?? header.endIndex
        return header[..<cut].trimmingCharacters(in: .whitespaces)
    }

    /// The factor that turns a header's unit (`t [s]`, `v (volt)`) into the internal unit of
    /// `dimension`; 1 without a unit. Nil `dimension`: the variable's unit is not one SynVerify
    /// can convert, so only a unit-less header is accepted.
    static func unitScale(of header: String, dimension: SpecDimension?, for what: String, file: String)
        throws(FormatError) -> Double
    {
        guard let open = header.firstIndex(where: { $0 == "[" || $0 == "(" }) else { return 1 }
        // The last closing bracket after the opening one (a header such as ')(' has none: a fuzzer
        // found that the first ')' before '(' made an inverted range).
        let inside = header[header.index(after: open)...]
        let close = inside.lastIndex { $0 == "]" || $0 == ")" } ?? header.endIndex
        let text = header[header.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        guard let unit = SpecUnit.parse(text) else {
            throw FormatError("\(file): column '\(header)': unknown unit '\(text)'")
        }
        guard let dimension, unit.dimension == dimension else {
            throw FormatError(
                "\(file): column '\(header)': unit '\(text)' (\(unit.dimension)) does not fit \(what)")
        }
        return unit.scale
    }

    /// Times finite, strictly increasing, from 0 to at least `endTime` (ms).
    static func checkTimes(_ times: [Double], table: Table, file: String, endTime: Double) throws(FormatError) {
        func place(_ k: Int) -> String { k < table.lines.count ? "\(file):\(table.lines[k])" : "\(file): row \(k + 1)" }
        for k in times.indices.dropFirst() where !(times[k] > times[k - 1]) {
            throw FormatError("\(place(k)): time \(times[k]) ms does not increase (previous \(times[k - 1]) ms)")
        }
        guard let first = times.first, let last = times.last else { throw FormatError("\(file): no data rows") }
        let slack = 1e-9 * max(endTime, 1)
        guard first <= slack else {
            throw FormatError("\(file): the trace starts at \(first) ms; it must start at 0 ms, where the model does")
        }
        guard last >= endTime - slack else {
            throw FormatError(
                "\(file): the trace ends at \(last) ms, before the model's end time \(endTime) ms; "
                    + "compare up to there with --t-end \(last)ms")
        }
    }
}

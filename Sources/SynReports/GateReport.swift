import SynVerification

/// The gate's outputs: terminal text, JUnit XML, pull-request markdown. Deterministic.
public enum GateReport {
    public static func text(_ outcomes: [RegressionGate.Outcome]) -> String {
        let regressions = outcomes.flatMap(\.regressions)
        var out = ""
        if regressions.isEmpty {
            out += "synverify check: all \(outcomes.count) rows hold against the baseline\n"
        } else {
            out +=
                "synverify check: \(regressions.count) regression(s) in "
                + "\(outcomes.filter { !$0.regressions.isEmpty }.count) of \(outcomes.count) rows\n"
            out += "row | measure | before | after | allowed\n"
            for r in regressions { out += "\(r.row) | \(r.measure) | \(r.before) | \(r.after) | \(r.allowed)\n" }
        }
        let new = outcomes.filter(\.new)
        if !new.isEmpty {
            out +=
                "rows not in the baseline (record them with `synverify baseline --write`): "
                + new.map(\.row).joined(separator: ", ") + "\n"
        }
        return out
    }

    public static func markdown(_ outcomes: [RegressionGate.Outcome], baseline: String) -> String {
        let regressions = outcomes.flatMap(\.regressions)
        var lines = ["## SynVerify check", ""]
        if regressions.isEmpty {
            lines.append("All \(outcomes.count) model × method rows hold against `\(baseline)`.")
        } else {
            lines.append("**\(regressions.count) regression(s)** against `\(baseline)`:")
            lines.append("")
            lines.append("| row | measure | before | after | allowed |")
            lines.append("|---|---|---|---|---|")
            for r in regressions {
                lines.append(
                    "| "
                        + [r.row, r.measure, r.before, r.after, r.allowed].map(SuiteReport.cell).joined(
                            separator: " | ") + " |")
            }
        }
        let new = outcomes.filter(\.new)
        if !new.isEmpty {
            lines.append("")
            lines.append(
                "Rows not in the baseline (record them with `synverify baseline --write`): "
                    + new.map { "`\($0.row)`" }.joined(separator: ", "))
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// JUnit XML: one `testsuite`, one `testcase` per row (classname synverify.MODEL, name
    /// METHOD), a `failure` per regressed row. `time` is the constant 0: reports carry no timings.
    public static func junit(_ outcomes: [RegressionGate.Outcome]) -> String {
        let failures = outcomes.filter { !$0.regressions.isEmpty }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"synverify\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" "
            + "time=\"0\">\n"
        out +=
            "  <testsuite name=\"synverify check\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" "
            + "skipped=\"0\" time=\"0\">\n"
        for outcome in outcomes {
            let parts = outcome.row.components(separatedBy: " / ")
            let model = parts.first ?? outcome.row
            let method = parts.count > 1 ? parts[1] : ""
            out += "    <testcase classname=\"synverify.\(xml(model))\" name=\"\(xml(method))\" time=\"0\""
            if outcome.regressions.isEmpty {
                out += "/>\n"
            } else {
                out += ">\n"
                let message = outcome.regressions.map {
                    "\($0.measure): \($0.before) → \($0.after) (allowed \($0.allowed))"
                }.joined(separator: "; ")
                out += "      <failure type=\"regression\" message=\"\(xml(message))\">\(xml(message))</failure>\n"
                out += "    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func xml(_ text: String) -> String { XMLText.escaped(text) }
}

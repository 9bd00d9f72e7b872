import SynKernels

/// The `synverify list` output: every kernel with its abscissa, output, parameters (units,
/// defaults, allowed range) and whether it is a known-wrong seed variant.
public enum KernelListing {
    public static func json(_ entries: [KernelEntry] = KernelCatalog.entries) -> JSONValue {
        .object([
            (
                "kernels",
                .array(
                    entries.map { entry in
                        var members: [(String, JSONValue)] = [
                            ("name", .string(entry.name)),
                            ("summary", .string(entry.summary)),
                            ("formula", .string(entry.formula)),
                            ("source", .string(entry.source)),
                            (
                                "abscissa",
                                .object([
                                    ("name", .string(entry.abscissa.rawValue)),
                                    ("unit", .string(entry.abscissa.dimension.unit)),
                                ])
                            ),
                            (
                                "output",
                                .object([("name", .string(entry.output.name)), ("unit", .string(entry.output.unit))])
                            ),
                            ("accepts_spikes", .bool(entry.acceptsSpikes)),
                            (
                                "parameters",
                                .array(
                                    entry.parameters.map { spec in
                                        .object([
                                            ("name", .string(spec.name)),
                                            ("unit", .string(spec.dimension.unit)),
                                            ("default", .number(spec.defaultValue)),
                                            ("allowed", .string(spec.domain.allowedText(unit: spec.dimension.unit))),
                                            ("summary", .string(spec.summary)),
                                        ])
                                    })
                            ),
                        ]
                        if case .knownWrong(let reason, let correct) = entry.correctness {
                            members.append(
                                (
                                    "known_wrong",
                                    .object([("reason", .string(reason)), ("correct_kernel", .string(correct))])
                                ))
                        } else {
                            members.append(("known_wrong", .null))
                        }
                        return .object(members)
                    })
            )
        ])
    }

    public static func text(_ entries: [KernelEntry] = KernelCatalog.entries) -> String {
        var lines: [String] = []
        for entry in entries {
            var head =
                "\(entry.name)  [\(entry.abscissa.rawValue) in \(entry.abscissa.dimension.unit) "
                + "→ \(entry.output.name) in \(entry.output.unit)]"
            if entry.acceptsSpikes { head += "  --spikes" }
            lines.append(head)
            lines.append("    \(entry.summary)")
            if case .knownWrong(let reason, let correct) = entry.correctness {
                lines.append("    KNOWN WRONG: \(reason); correct kernel: \(correct)")
            }
            for spec in entry.parameters {
                let unit = spec.dimension.unit == "1" ? "" : " \(spec.dimension.unit)"
                lines.append(
                    "    \(spec.name) = \(JSONValue.format(spec.defaultValue))\(unit) "
                        + " (\(spec.domain.allowedText(unit: spec.dimension.unit))) \(spec.summary)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}

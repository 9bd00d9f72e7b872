/// Every kernel SynVerify knows, in a fixed order: the correct closed forms first, then the
/// seeds' known-wrong variants.
public enum KernelCatalog {
    public static let entries: [KernelEntry] = [
        ExponentialKernel.entry,
        AlphaKernel.entry,
        AlphaKernel.brian2Entry,
        AlphaKernel.brainpyEntry,
        DualExponentialKernel.brainpyEntry,
        DualExponentialKernel.peakEntry,
        VoltageJumpKernel.entry,
        AMPAKernel.entry,
        GABAAKernel.entry,
        MagnesiumBlock.brainpyEntry,
        MagnesiumBlock.brian2Entry,
        NMDAKernel.entry,
        GABABKernel.entry,
        GapJunctionKernel.entry,
        ConductanceLIFKernel.entry,
        LIFRateKernel.entry,
        CarandiniHeegerRateKernel.entry,
        SinusoidalLIFKernel.entry,
        PostsynapticPotentialKernel.entry,
        PostsynapticPotentialKernel.alphaEntry,
        CampbellKernel.entry,
        CampbellKernel.varianceEntry,
        // Known-wrong variants from the seeds.
        GrowingExponentialErratum.exponentialEntry,
        GrowingExponentialErratum.alphaEntry,
        GrowingExponentialErratum.dualExponentialEntry,
        WrongAlphaODEErratum.entry,
        WrongPeakClaimErratum.alphaEntry,
        WrongPeakClaimErratum.dualExponentialEntry,
        AlphaClosedFormErratum.entry,
        ShuntingSignErratum.entry,
        TruncatedRateErratum.entry,
    ]

    /// The entry called `name`.
    /// - Throws: `InputError.unknownName` listing the known names.
    public static func entry(named name: String) throws(InputError) -> KernelEntry {
        try lookUp(name, in: entries, kind: "kernel", name: \.name)
    }
}

/// The element of `entries` called `name`, or `InputError.unknownName` listing the known ones.
public func lookUp<Entry>(_ name: String, in entries: [Entry], kind: String, name key: KeyPath<Entry, String>)
    throws(InputError) -> Entry
{
    guard let entry = entries.first(where: { $0[keyPath: key] == name }) else {
        throw .unknownName(kind: kind, name: name, known: entries.map { $0[keyPath: key] })
    }
    return entry
}

import SynModels
import SynReports
import SynSystem
import SynVerification

/// A report directory: which files it holds, in a fixed order, and how it is written.
public enum ReportFiles {
    /// Every file of the report, paths relative to the report directory, in a fixed order:
    /// README.md, results.json, kernels.md (unless `kernels` is false), then each model's page
    /// and plots in suite order. Catalogue models are described by their entries, spec models
    /// by `specs` (`ModelPage.Description(spec:path:)` of each); a model in neither has no page.
    public static func suite(
        _ results: [SuiteResult], fi: FICurves? = nil, specs: [ModelPage.Description] = [],
        kernels: Bool = true, origin: String = SuiteReport.defaultOrigin
    ) -> [ModelPage.File] {
        let rows = results.map(SuiteRow.init)
        func description(_ model: String) -> ModelPage.Description? {
            if let entry = try? ModelCatalog.entry(named: model) { return ModelPage.Description(entry) }
            return specs.first { $0.name == model }
        }
        let pageless = Set(rows.map(\.model).filter { description($0) == nil })
        let overview = SuiteReport.overview(
            rows, fiPage: fi != nil, pageless: pageless, origin: origin, kernels: kernels)
        var files: [ModelPage.File] = [("README.md", overview), ("results.json", ResultsFile.serialize(rows, fi: fi))]
        if kernels { files.append(("kernels.md", KernelReport.render())) }
        if let fi { files += FICurvesPage(fi).files() }
        files += EnginesPage.files(results)
        var models: [String] = []
        for r in results where !models.contains(r.model) { models.append(r.model) }
        for model in models {
            guard let page = description(model) else { continue }
            files += ModelPage.render(page, results.filter { $0.model == model })
        }
        return files
    }

    /// The report of shards merged by `synverify merge`: README.md and results.json, no pages.
    public static func merged(_ rows: [SuiteRow]) -> [ModelPage.File] {
        [("README.md", SuiteReport.overview(rows, linkPages: false)), ("results.json", ResultsFile.serialize(rows))]
    }

    /// The marker of a report directory: written into every report, and required in a directory
    /// before it is replaced.
    public static let marker = FileSystem.Marker(
        name: ".synverify-report", text: "synverify report directory, schema 1\n")

    /// Writes `files` as the directory `output`, replacing the previous report there only when
    /// complete (a failing, interrupted or killed run leaves it in place). Replaces only a
    /// directory that is missing or holds the marker of a SynVerify report, never another one.
    public static func write(_ files: [ModelPage.File], to output: String) throws(FileSystem.Failure) {
        try FileSystem.replaceDirectory(output, with: files, marker: marker)
    }
}

import Foundation
import Testing

@testable import SynReports

/// The SVG writer: axis ranges and ticks derived by hand, pixel positions derived from the stated
/// layout (640 × 400 px, margins left 78, right 18, top 36, bottom 52, so the plot area spans
/// x ∈ [78, 622] and y ∈ [36, 348]), bad input, determinism, and golden files for the whole text
/// (re-recorded with RECORD_SNAPSHOTS=1 and reviewed).
@Suite("SVG plots")
struct SVGPlotTests {
    @Test(
        "nice steps are the smallest 1, 2, 5 × 10^k not below the rough step",
        arguments: [(1.46, 2.0), (0.06, 0.1), (1.0, 1.0), (0.21, 0.5), (3e-7, 5e-7), (999, 1000)])
    func niceStep(rough: Double, expected: Double) {
        #expect(abs(AxisRange.niceStep(for: rough) - expected) <= 1e-15 * expected)
    }

    @Test("a linear axis over 0…7.3 runs 0…8 with ticks every 2")
    func linearAxis() {
        // Span 7.3 / 5 = 1.46 → step 2; ends floor(0/2)·2 = 0 and ceil(7.3/2)·2 = 8.
        let range = AxisRange(values: [0, 3, 7.3], scale: .linear)
        #expect(range.low == 0 && range.high == 8)
        #expect(range.ticks == [0, 2, 4, 6, 8])
        #expect(range.fraction(4) == 0.5)
    }

    @Test("a log axis over 3e-7…2e-2 runs over the decades 1e-7…1e-1")
    func logAxis() {
        let range = AxisRange(values: [3e-7, 1e-4, 2e-2], scale: .log10)
        #expect(range.low == -7 && range.high == -1)
        #expect(range.ticks.count == 7)
        #expect(range.ticks.map(range.label) == ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1"])
        #expect(abs(range.fraction(1e-4) - 0.5) < 1e-15)
    }

    @Test("a constant series gets a padded axis instead of a zero span")
    func constantSeries() {
        let range = AxisRange(values: [5, 5], scale: .linear)
        #expect(range.low < 5 && range.high > 5)
        let zero = AxisRange(values: [0], scale: .linear)
        #expect(zero.low == -1 && zero.high == 1)
    }

    @Test("data points land where the layout puts them")
    func pixelPositions() throws {
        // x axis 0…8 over 78…622 px: x = 4 → 350 px; y axis 0…8 over 348…36 px: y = 2 → 270 px.
        let plot = SVGPlot(
            title: "t", x: .init("t (ms)"), y: .init("g (nS)"),
            series: [.init("a", x: [0, 4, 7.3], y: [0, 2, 7.3], style: .markers)])
        let svg = try plot.render()
        #expect(svg.contains("<circle cx=\"350\" cy=\"270\""))
        #expect(svg.contains("<circle cx=\"78\" cy=\"348\""))
        // 7.3 → 78 + 7.3/8 · 544 = 574.4 px and 348 − 7.3/8 · 312 = 63.3 px.
        #expect(svg.contains("<circle cx=\"574.4\" cy=\"63.3\""))
    }

    @Test("points a log axis cannot show are left out and counted")
    func omittedPoints() throws {
        let plot = SVGPlot(
            title: "error", x: .init("dt (ms)", scale: .log10), y: .init("max |error| (mV)", scale: .log10),
            series: [.init("euler", x: [0.1, 0.01, 0.001], y: [1e-3, 0, 1e-5], style: .lineAndMarkers)])
        let svg = try plot.render()
        #expect(svg.contains("1 point(s) not drawable"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 + 0)
    }

    @Test("a family of analytic curves shares one legend entry and one dash")
    func analyticFamily() throws {
        let plot = SVGPlot(
            title: "f", x: .init("I (pA)"), y: .init("r (Hz)"),
            series: [
                .init("first", x: [0, 1], y: [0, 1], style: .analytic),
                .init("second", x: [0, 1], y: [1, 2], style: .analytic, inLegend: false),
            ])
        let svg = try plot.render()
        #expect(svg.contains(">first</text>") && !svg.contains(">second</text>"))
        #expect(svg.components(separatedBy: "stroke-dasharray=\"4 3\"").count - 1 == 3)  // two curves, one legend line
    }

    @Test("labels are XML-escaped")
    func escaping() throws {
        let plot = SVGPlot(
            title: "a < b & \"c\"", x: .init("x"), y: .init("y"), series: [.init("s>t", x: [0, 1], y: [0, 1])])
        let svg = try plot.render()
        #expect(svg.contains("<title>a &lt; b &amp; &quot;c&quot;</title>"))
        #expect(svg.contains(">s&gt;t</text>"))
        #expect(!svg.contains("a < b"))
    }

    @Test("bad input is an error that names the plot or series")
    func badInput() {
        let mismatched = SVGPlot(title: "p", x: .init("x"), y: .init("y"), series: [.init("s", x: [1, 2], y: [1])])
        #expect(throws: PlotError.mismatchedSeries(name: "s", xCount: 2, yCount: 1)) { try mismatched.render() }
        let nothing = SVGPlot(title: "p", x: .init("x"), y: .init("y"), series: [.init("s", x: [.nan], y: [1])])
        #expect(throws: PlotError.noDrawableData(title: "p")) { try nothing.render() }
        let noPositive = SVGPlot(
            title: "p", x: .init("x"), y: .init("y", scale: .log10), series: [.init("s", x: [1, 2], y: [0, -1])])
        #expect(throws: PlotError.noPositiveValues(title: "p")) { try noPositive.render() }
        #expect(PlotError.mismatchedSeries(name: "s", xCount: 2, yCount: 1).description.contains("'s'"))
    }

    @Test("coordinates: two decimals, no trailing zeros, no negative zero")
    func coordinates() {
        #expect(SVGPlot.coordinate(350) == "350")
        #expect(SVGPlot.coordinate(574.4) == "574.4")
        #expect(SVGPlot.coordinate(1.005001) == "1.01")
        #expect(SVGPlot.coordinate(-0.001) == "0")
    }

    // MARK: Golden files

    /// A convergence plot: measured errors err = C·dt^p of Euler (p = 1, C = 0.5 mV/ms) and RK4
    /// (p = 4, C = 2e-3 mV/ms⁴) with reference slopes 1 and 4 through their first points.
    static let convergencePlot: SVGPlot = {
        let dts = [0.4, 0.2, 0.1, 0.05, 0.025]
        return SVGPlot(
            title: "Convergence: dual exponential, max-norm error",
            x: .init("step size dt (ms)", scale: .log10),
            y: .init("max |error| (nS)", scale: .log10),
            series: [
                .init("euler", x: dts, y: dts.map { 0.5 * $0 }, style: .lineAndMarkers),
                .init("classic_rk4", x: dts, y: dts.map { 2e-3 * pow($0, 4) }, style: .lineAndMarkers),
                .init("slope 1", x: [0.4, 0.025], y: [0.2, 0.2 / 16], style: .reference),
                .init("slope 4", x: [0.4, 0.025], y: [2e-3 * 0.0256, 2e-3 * 0.0256 / 65536], style: .reference),
            ])
    }()

    /// An analytic trace against numeric samples: g(t) = e^(−t/5) nS, and classic RK4 with
    /// dt = τ = 5 ms, whose amplification factor is 1 − 1 + 1/2 − 1/6 + 1/24 = 0.375 per step.
    static let tracePlot: SVGPlot = {
        let fine = (0...50).map { Double($0) * 0.5 }
        let coarse = (0...5).map { Double($0) * 5 }
        return SVGPlot(
            title: "Single exponential: analytic vs rk4",
            x: .init("t (ms)"), y: .init("g (nS)"),
            series: [
                .init("analytic", x: fine, y: fine.map { exp(-$0 / 5) }, style: .reference),
                .init("rk4, dt = 5 ms", x: coarse, y: coarse.map { pow(0.375, $0 / 5) }, style: .markers),
            ])
    }()

    @Test("golden files", arguments: [("convergence", convergencePlot), ("trace", tracePlot)])
    func golden(name: String, plot: SVGPlot) throws {
        let svg = try plot.render()
        #expect(try plot.render() == svg, "rendering is deterministic")
        #expect(svg.hasSuffix("</svg>\n") && !svg.contains("\r"))
        try assertSnapshot(svg, named: "\(name).svg")
    }
}

/// Compares `text` with the golden file; with RECORD_SNAPSHOTS=1, writes it instead.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        // Recording checks nothing: the run fails so that it is never mistaken for a pass.
        Issue.record(
            "recorded golden file \(name): review it, then run again without RECORD_SNAPSHOTS",
            sourceLocation: sourceLocation)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing golden file \(name); run with RECORD_SNAPSHOTS=1 and review it", sourceLocation: sourceLocation)
        return
    }
    #expect(
        text == golden, "differs from golden file \(name); re-record with RECORD_SNAPSHOTS=1 if intended",
        sourceLocation: sourceLocation)
}

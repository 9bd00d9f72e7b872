#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A line plot written as a standalone SVG file that renders on GitHub: labelled axes (put the
/// unit in the label, e.g. "t (ms)"), linear or base-10 logarithmic scales, "nice" ticks
/// (1, 2, 5 × 10ᵏ on linear axes, decades on log axes), a legend, and dashed reference lines
/// (e.g. slopes of order 1, 2, 4 on a convergence plot).
///
/// Rendering is a pure function of the plot: coordinates are rounded to 0.01 px through one
/// formatter, series are drawn in declared order, so the bytes are the same on every run.
/// Points that a log axis cannot show (≤ 0) and non-finite points are left out of the lines
/// and counted in the SVG's `<desc>` element, so nothing is dropped silently.
public struct SVGPlot: Sendable {
    public enum Scale: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; the data on this axis must have positive values.
        case log10
    }

    public struct Axis: Sendable {
        /// Axis label with its unit, e.g. "step size dt (ms)".
        public var label: String
        public var scale: Scale
        public init(_ label: String, scale: Scale = .linear) {
            self.label = label
            self.scale = scale
        }
    }

    public enum Style: Sendable, Equatable {
        /// A solid line through the points.
        case line
        /// A solid line with a marker at every point (measured data).
        case lineAndMarkers
        /// Markers only.
        case markers
        /// A dashed grey line (analytic curve or reference slope); successive ones get different dashes.
        case reference
        /// A grey line with one fixed dash, for a family of closed-form curves drawn alike.
        case analytic
    }

    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var style: Style
        /// Whether the series has a legend entry (one entry can stand for a family of curves).
        public var inLegend: Bool
        public init(_ name: String, x: [Double], y: [Double], style: Style = .line, inLegend: Bool = true) {
            self.name = name
            self.x = x
            self.y = y
            self.style = style
            self.inLegend = inLegend
        }
    }

    public var title: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var series: [Series]
    /// Picture size (px).
    public var width = 640.0
    public var height = 400.0

    public init(title: String, x: Axis, y: Axis, series: [Series]) {
        self.title = title
        xAxis = x
        yAxis = y
        self.series = series
    }

    /// Plot-area margins (px): left, right, top, bottom.
    static let margins = (left: 78.0, right: 18.0, top: 36.0, bottom: 52.0)
    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    /// Dash patterns of the reference lines, in order.
    static let dashes = ["6 4", "2 3", "10 3 2 3", "1 5"]
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// The SVG text (LF line endings, final newline).
    /// - Throws: `PlotError` when a series' x and y counts differ, or when an axis has no
    ///   drawable value (none finite, or none positive on a log axis).
    public func render() throws(PlotError) -> String {
        let (kept, omitted) = try drawablePoints()
        let allPoints = kept.flatMap(\.points)
        let frame = Frame(
            width: width, height: height, xRange: AxisRange(values: allPoints.map(\.0), scale: xAxis.scale),
            yRange: AxisRange(values: allPoints.map(\.1), scale: yAxis.scale))
        var out = header(omitted: omitted) + axes(frame)
        let (paths, legend) = seriesPaths(kept, frame)
        out += paths
        if !legend.isEmpty { out += legendBox(legend, points: allPoints, frame) }
        out += "</svg>\n"
        return out
    }

    /// A series with the points that can be drawn.
    typealias KeptSeries = (series: Series, points: [(Double, Double)])
    /// One legend row.
    typealias LegendEntry = (name: String, colour: String, style: Style, dash: String)

    /// The plot area in pixels and the axes' ranges.
    struct Frame {
        let left: Double, right: Double, top: Double, bottom: Double, height: Double
        let xRange: AxisRange, yRange: AxisRange

        init(width: Double, height: Double, xRange: AxisRange, yRange: AxisRange) {
            let m = SVGPlot.margins
            left = m.left
            right = width - m.right
            top = m.top
            bottom = height - m.bottom
            self.height = height
            self.xRange = xRange
            self.yRange = yRange
        }

        func px(_ x: Double) -> Double { left + xRange.fraction(x) * (right - left) }
        func py(_ y: Double) -> Double { bottom - yRange.fraction(y) * (bottom - top) }
    }

    /// Each series with its drawable points (finite, and positive on a log axis), and how many
    /// points were left out.
    func drawablePoints() throws(PlotError) -> (kept: [KeptSeries], omitted: Int) {
        for s in series where s.x.count != s.y.count {
            throw .mismatchedSeries(name: s.name, xCount: s.x.count, yCount: s.y.count)
        }
        var omitted = 0
        var kept: [KeptSeries] = []
        for s in series {
            var points: [(Double, Double)] = []
            for (x, y) in zip(s.x, s.y) {
                if Self.drawable(x, on: xAxis.scale) && Self.drawable(y, on: yAxis.scale) {
                    points.append((x, y))
                } else {
                    omitted += 1
                }
            }
            kept.append((s, points))
        }
        guard kept.contains(where: { !$0.points.isEmpty }) else {
            let anyFinite = series.contains { s in zip(s.x, s.y).contains { $0.0.isFinite && $0.1.isFinite } }
            throw anyFinite ? .noPositiveValues(title: title) : .noDrawableData(title: title)
        }
        return (kept, omitted)
    }

    /// The opening tag, title, description, background and heading.
    func header(omitted: Int) -> String {
        var out = ""
        out +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.coordinate(width))\" "
            + "height=\"\(Self.coordinate(height))\" viewBox=\"0 0 \(Self.coordinate(width)) "
            + "\(Self.coordinate(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<title>\(Self.escaped(title))</title>\n"
        out +=
            "<desc>\(Self.escaped(yAxis.label)) against \(Self.escaped(xAxis.label)); \(series.count) series; "
            + "\(omitted) point(s) not drawable "
            + "(non-finite\(xAxis.scale == .log10 || yAxis.scale == .log10 ? " or not positive on a log axis" : ""))"
            + " left out.</desc>\n"
        out +=
            "<rect x=\"0\" y=\"0\" width=\"\(Self.coordinate(width))\" height=\"\(Self.coordinate(height))\" "
            + "fill=\"#ffffff\"/>\n"
        out +=
            "<text x=\"\(Self.coordinate(width / 2))\" y=\"20\" text-anchor=\"middle\" "
            + "font-size=\"14\">\(Self.escaped(title))</text>\n"
        return out
    }

    /// Grid lines, the frame, tick labels and axis labels.
    func axes(_ frame: Frame) -> String {
        let (left, right, top, bottom) = (frame.left, frame.right, frame.top, frame.bottom)
        let (xRange, yRange) = (frame.xRange, frame.yRange)
        func px(_ x: Double) -> Double { frame.px(x) }
        func py(_ y: Double) -> Double { frame.py(y) }
        var out = ""
        // Grid and ticks.
        out += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n"
        for tick in xRange.ticks {
            out +=
                "<line x1=\"\(Self.coordinate(px(tick)))\" y1=\"\(Self.coordinate(top))\" "
                + "x2=\"\(Self.coordinate(px(tick)))\" y2=\"\(Self.coordinate(bottom))\"/>\n"
        }
        for tick in yRange.ticks {
            out +=
                "<line x1=\"\(Self.coordinate(left))\" y1=\"\(Self.coordinate(py(tick)))\" "
                + "x2=\"\(Self.coordinate(right))\" y2=\"\(Self.coordinate(py(tick)))\"/>\n"
        }
        out += "</g>\n"
        out +=
            "<rect x=\"\(Self.coordinate(left))\" y=\"\(Self.coordinate(top))\" "
            + "width=\"\(Self.coordinate(right - left))\" height=\"\(Self.coordinate(bottom - top))\" "
            + "fill=\"none\" stroke=\"#000000\"/>\n"
        for tick in xRange.ticks {
            out +=
                "<text x=\"\(Self.coordinate(px(tick)))\" y=\"\(Self.coordinate(bottom + 16))\" "
                + "text-anchor=\"middle\">\(Self.escaped(xRange.label(tick)))</text>\n"
        }
        for tick in yRange.ticks {
            out +=
                "<text x=\"\(Self.coordinate(left - 6))\" y=\"\(Self.coordinate(py(tick) + 4))\" "
                + "text-anchor=\"end\">\(Self.escaped(yRange.label(tick)))</text>\n"
        }
        out +=
            "<text x=\"\(Self.coordinate((left + right) / 2))\" y=\"\(Self.coordinate(height - 12))\" "
            + "text-anchor=\"middle\">\(Self.escaped(xAxis.label))</text>\n"
        out +=
            "<text x=\"16\" y=\"\(Self.coordinate((top + bottom) / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 16 "
            + "\(Self.coordinate((top + bottom) / 2)))\">\(Self.escaped(yAxis.label))</text>\n"
        return out
    }

    /// The series as polylines and markers, clipped to the plot area, and the legend's rows.
    func seriesPaths(_ kept: [KeptSeries], _ frame: Frame) -> (String, [LegendEntry]) {
        let (left, right, top, bottom) = (frame.left, frame.right, frame.top, frame.bottom)
        func px(_ x: Double) -> Double { frame.px(x) }
        func py(_ y: Double) -> Double { frame.py(y) }
        var out = ""
        // Series, clipped to the plot area.
        out +=
            "<clipPath id=\"plot-area\"><rect x=\"\(Self.coordinate(left))\" y=\"\(Self.coordinate(top))\" "
            + "width=\"\(Self.coordinate(right - left))\" "
            + "height=\"\(Self.coordinate(bottom - top))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-width=\"1.5\">\n"
        var colourIndex = 0
        var referenceIndex = 0
        var legend: [LegendEntry] = []
        for (s, points) in kept {
            let colour: String
            let dash: String
            if s.style == .reference {
                colour = "#777777"
                dash = Self.dashes[referenceIndex % Self.dashes.count]
                referenceIndex += 1
            } else if s.style == .analytic {
                colour = "#777777"
                dash = "4 3"
            } else {
                colour = Self.palette[colourIndex % Self.palette.count]
                dash = ""
                colourIndex += 1
            }
            if s.inLegend { legend.append((s.name, colour, s.style, dash)) }
            guard !points.isEmpty else { continue }
            let path = points.map { "\(Self.coordinate(px($0.0))),\(Self.coordinate(py($0.1)))" }.joined(separator: " ")
            switch s.style {
            case .line, .lineAndMarkers:
                out += "<polyline stroke=\"\(colour)\" points=\"\(path)\"/>\n"
            case .reference, .analytic:
                out += "<polyline stroke=\"\(colour)\" stroke-dasharray=\"\(dash)\" points=\"\(path)\"/>\n"
            case .markers:
                break
            }
            if s.style == .lineAndMarkers || s.style == .markers {
                for (x, y) in points {
                    out +=
                        "<circle cx=\"\(Self.coordinate(px(x)))\" cy=\"\(Self.coordinate(py(y)))\" r=\"3\" "
                        + "fill=\"\(colour)\" stroke=\"none\"/>\n"
                }
            }
        }
        out += "</g>\n"
        return (out, legend)
    }

    /// The legend inside the plot area, in its emptiest corner.
    func legendBox(_ legend: [LegendEntry], points: [(Double, Double)], _ frame: Frame) -> String {
        let (left, right, top, bottom) = (frame.left, frame.right, frame.top, frame.bottom)
        var out = ""
        let rowHeight = 16.0
        let longest = legend.map(\.name.count).max() ?? 0
        let boxWidth = 40 + 7 * Double(longest)
        let boxHeight = rowHeight * Double(legend.count) + 8
        // The corner whose box covers the fewest drawn points (ties: top right, top left,
        // bottom right, bottom left).
        let corners = [
            (right - boxWidth - 8, top + 8), (left + 8, top + 8),
            (right - boxWidth - 8, bottom - boxHeight - 8), (left + 8, bottom - boxHeight - 8),
        ]
        let pixels = points.map { (frame.px($0.0), frame.py($0.1)) }
        func covered(_ corner: (Double, Double)) -> Int {
            pixels.count {
                $0.0 >= corner.0 - 4 && $0.0 <= corner.0 + boxWidth + 4 && $0.1 >= corner.1 - 4
                    && $0.1 <= corner.1 + boxHeight + 4
            }
        }
        var best = corners[0]
        var fewest = covered(corners[0])
        for corner in corners.dropFirst() {
            let n = covered(corner)
            if n < fewest {
                best = corner
                fewest = n
            }
        }
        let (boxLeft, boxTop) = best
        out += "<g>\n"
        out +=
            "<rect x=\"\(Self.coordinate(boxLeft))\" y=\"\(Self.coordinate(boxTop))\" "
            + "width=\"\(Self.coordinate(boxWidth))\" height=\"\(Self.coordinate(boxHeight))\" "
            + "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#999999\"/>\n"
        for (row, entry) in legend.enumerated() {
            let y = boxTop + 4 + rowHeight * (Double(row) + 0.5)
            let dash = entry.dash.isEmpty ? "" : " stroke-dasharray=\"\(entry.dash)\""
            if entry.style == .markers {
                out +=
                    "<circle cx=\"\(Self.coordinate(boxLeft + 18))\" cy=\"\(Self.coordinate(y))\" r=\"3\" "
                    + "fill=\"\(entry.colour)\"/>\n"
            } else {
                out +=
                    "<line x1=\"\(Self.coordinate(boxLeft + 6))\" y1=\"\(Self.coordinate(y))\" "
                    + "x2=\"\(Self.coordinate(boxLeft + 30))\" y2=\"\(Self.coordinate(y))\" "
                    + "stroke=\"\(entry.colour)\" stroke-width=\"1.5\"\(dash)/>\n"
            }
            out +=
                "<text x=\"\(Self.coordinate(boxLeft + 36))\" "
                + "y=\"\(Self.coordinate(y + 4))\">\(Self.escaped(entry.name))</text>\n"
        }
        out += "</g>\n"
        return out
    }

    static func drawable(_ value: Double, on scale: Scale) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// Pixel coordinates with two decimals, "-0.00" shown as "0".
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == 0 { return "0" }
        var text = NumberFormat.fixed(rounded, decimals: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Text for SVG content and attribute values.
    static func escaped(_ text: String) -> String { XMLText.escaped(text) }
}

/// Why a plot cannot be drawn.
public enum PlotError: Error, Equatable, CustomStringConvertible {
    case mismatchedSeries(name: String, xCount: Int, yCount: Int)
    case noDrawableData(title: String)
    case noPositiveValues(title: String)

    public var description: String {
        switch self {
        case .mismatchedSeries(let name, let xCount, let yCount):
            "plot series '\(name)': \(xCount) x values but \(yCount) y values (they must be equal)"
        case .noDrawableData(let title):
            "plot '\(title)': no finite point to draw"
        case .noPositiveValues(let title):
            "plot '\(title)': no finite point has values > 0 on its log axis (a log axis needs values > 0)"
        }
    }
}

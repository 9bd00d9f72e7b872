import SynIntegrators
import SynModels
import Yams

/// Reads one spec file's sections into a `SpecModel`, each section by its own parser (see
/// `SpecReader+Sections.swift`), in the order they build on each other: equations, parameters,
/// spikes, inputs, initial state, end time, `on_spike`, closed forms, threshold, expectations,
/// known-wrong claim, methods. Every error is one `SpecError` at a `file:line:column`.
struct SpecReader {
    static let keys = [
        "name", "description", "equations", "parameters", "initial", "input", "on_spike", "spikes", "threshold",
        "reset", "refractory", "closed_form", "reference", "expect", "t_end", "methods", "known_wrong", "pathways",
    ]

    /// A parameter given as an expression, resolved once the parameters it names are known.
    struct PendingParameter {
        let name: String
        let expression: SpecExpression
        let identifierLocations: [String: SpecLocation]
        let location: SpecLocation
    }

    let file: String
    let text: String
    let root: Node
    let top: Node.Mapping

    // What the sections read so far, for the sections after them.
    var equations = EquationSet(differentials: [], subexpressions: [])
    var equationsText = ""
    /// Parameter values (internal units) and dimensions.
    var values: [String: Double] = [:]
    var dimensions: [String: SpecDimension] = [:]
    var inputDimensions: [String: SpecDimension] = [:]
    var spikes: [Double] = []
    /// With `pathways`: each spike's pathway (index into the names), the names, their on_spike nodes.
    var spikePathways: [Int] = []
    var pathwayNames: [String] = []
    var pathwayNodes: [Node] = []
    var initial: [Double] = []
    var extras = SpecModel.Extras()

    var states: [String] { equations.differentials.map(\.name) }

    init(root: Node?, text: String, file: String) throws(SpecFile.SpecError) {
        self.file = file
        self.text = text
        guard let root, let top = root.mapping else {
            throw SpecFile.SpecError(
                file: file, location: nil, message: "expected a mapping with keys \(Self.keys.joined(separator: ", "))")
        }
        self.root = root
        self.top = top
    }

    /// The whole spec.
    mutating func read() throws(SpecFile.SpecError) -> SpecFile.Spec {
        for key in top.keys where !Self.keys.contains(key.string ?? "") {
            throw fail(mark(key), "unknown key '\(key.string ?? "?")'; allowed: \(Self.keys.joined(separator: ", "))")
        }
        let name = try readName()
        try readEquations()
        defineUnitConstants()
        try readParameters()
        try readSpikes()
        try readInputs()
        try checkEquations()
        try readInitial()
        let endTime = try readEndTime()
        let onSpike = try readOnSpike()
        let (closedForms, superpose) = try readClosedForms()
        try readThreshold()
        let peak = try readExpectations()
        let knownWrong = try readKnownWrong()
        let methods = try readMethods()
        extras.pathwayNames = pathwayNames
        extras.documentation.signals = extras.signals.map {
            ($0.name, inputDimensions[$0.name] ?? .dimensionless, $0.signal)
        }
        let model = SpecModel(
            name: name, equations: equations, constants: values, initialState: initial, spikeTimes: spikes,
            spikePathways: spikePathways, endTime: endTime, onSpike: onSpike, closedForms: closedForms,
            superpose: superpose, peak: peak,
            knownWrong: knownWrong, extras: extras)
        return SpecFile.Spec(model: model, description: top["description"]?.string ?? "", methods: methods)
    }

    // MARK: - Places and errors

    func fail(_ location: SpecLocation?, _ message: String) -> SpecFile.SpecError {
        SpecFile.SpecError(file: file, location: location, message: message)
    }

    func mark(_ node: Node) -> SpecLocation? { node.mark.map { SpecLocation(line: $0.line, column: $0.column) } }

    func wrap<T>(_ body: () throws(ExpressionError) -> T) throws(SpecFile.SpecError) -> T {
        do { return try body() } catch { throw fail(error.location, error.message) }
    }

    /// Where a scalar's text starts: plain scalars at their mark, quoted ones one later, block
    /// scalars (|) at the first non-blank line after the indicator.
    func start(_ node: Node) -> SpecLocation {
        guard let m = node.mark else { return SpecLocation(line: 1, column: 1) }
        switch node.scalar?.style {
        case .singleQuoted?, .doubleQuoted?: return SpecLocation(line: m.line, column: m.column + 1)
        case .literal?, .folded?:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var line = m.line  // 1-based; the indicator's line
            while line < lines.count {
                let content = lines[line]
                if let first = content.firstIndex(where: { $0 != " " }) {
                    return SpecLocation(
                        line: line + 1, column: content.distance(from: content.startIndex, to: first) + 1)
                }
                line += 1
            }
            return SpecLocation(line: m.line, column: m.column)
        default: return SpecLocation(line: m.line, column: m.column)
        }
    }

    /// " (did you mean 'x'?)" for the name closest to `name` among `candidates`, or "".
    func suggestion(for name: String, in candidates: [String]) -> String {
        EquationSet.closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The index of the state variable `name`, or an error naming `what` and the states.
    func stateIndex(_ name: String, at location: SpecLocation?, _ what: String) throws(SpecFile.SpecError) -> Int {
        guard let i = states.firstIndex(of: name) else {
            throw fail(location, "\(what): '\(name)' is not a state variable (\(states.joined(separator: ", ")))")
        }
        return i
    }

    // MARK: - Values

    /// Unit names written inside expressions (`3.57*mM`, `-65*mV`, `0.1*ms`) are constants of
    /// their value and dimension, as in Brian2, unless the spec uses the name for something of
    /// its own (a state variable, subexpression, parameter or input).
    mutating func defineUnitConstants() {
        var own = Set(states + equations.subexpressions.map(\.name) + equations.declarations.map(\.name) + ["t"])
        for section in ["parameters", "input"] {
            guard let mapping = top[section]?.mapping else { continue }
            for key in mapping.keys { own.insert(key.string ?? "") }
        }
        for section in Self.keys where !["name", "description", "methods", "known_wrong"].contains(section) {
            for text in top[section].map(Self.scalars) ?? [] {
                for name in Self.identifiers(in: text) where !own.contains(name) && values[name] == nil {
                    guard let unit = SpecUnit.named(name), name != "1" else { continue }
                    values[name] = unit.scale
                    dimensions[name] = unit.dimension
                }
            }
        }
    }

    /// Every scalar's text in a node, keys and values.
    static func scalars(_ node: Node) -> [String] {
        if let mapping = node.mapping { return mapping.flatMap { scalars($0.key) + scalars($0.value) } }
        if let sequence = node.sequence { return sequence.flatMap(scalars) }
        return node.string.map { [$0] } ?? []
    }

    /// The identifiers (`[A-Za-z_][A-Za-z0-9_]*`) in a text.
    static func identifiers(in text: String) -> Set<String> {
        var found: Set<String> = []
        var current = ""
        for c in text.unicodeScalars {
            let letter = c.isASCII && (c.properties.isAlphabetic || c == "_")
            let digit = c.isASCII && c.properties.numericType != nil
            if letter || (digit && !current.isEmpty) {
                current.unicodeScalars.append(c)
            } else {
                if !current.isEmpty { found.insert(current) }
                current = ""
            }
        }
        if !current.isEmpty { found.insert(current) }
        return found
    }

    /// A value fixed before the solve: a quantity (`100 pA`) or an expression of the parameters,
    /// with its dimension (checked against `expected` when given).
    func constant(_ text: String, at location: SpecLocation, _ what: String, _ expected: SpecDimension? = nil)
        throws(SpecFile.SpecError) -> (value: Double, dimension: SpecDimension)
    {
        if let unit = SpecFile.unknownUnit(text) {
            throw fail(location, "\(what): \(SpecUnit.unknownUnitMessage(unit))")
        }
        var result: (value: Double, dimension: SpecDimension)
        if let (value, unit) = SpecFile.quantity(text) {
            result = (value * unit.scale, unit.dimension)
        } else {
            let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: location) }
            if let unknown = parsed.expression.identifiers.first(where: { values[$0] == nil }) {
                throw fail(
                    parsed.identifierLocations[unknown] ?? location,
                    "\(what): unknown identifier '\(unknown)'\(suggestion(for: unknown, in: Array(values.keys))) "
                        + "(use numbers with units and parameters)")
            }
            switch parsed.expression.dimension({ dimensions[$0] }) {
            case .failure(let m): throw fail(location, "\(what): \(m.message)")
            case .success(let d): result = (parsed.expression.evaluate { values[$0] } ?? .nan, d)
            }
        }
        if let expected, result.dimension != expected {
            throw fail(location, "\(what) has dimension \(result.dimension), expected \(expected)")
        }
        guard result.value.isFinite else { throw fail(location, "\(what) is not finite (\(result.value))") }
        return result
    }

    func constant(_ node: Node, _ what: String, _ expected: SpecDimension? = nil) throws(SpecFile.SpecError)
        -> (value: Double, dimension: SpecDimension)
    {
        guard let text = node.string else { throw fail(mark(node), "\(what): expected a value") }
        return try constant(text, at: start(node), what, expected)
    }

    /// An expression of t and the parameters (closed forms, expected peaks) of dimension `expected`.
    func timeExpression(_ node: Node, _ what: String, dimension expected: SpecDimension) throws(SpecFile.SpecError)
        -> SpecExpression
    {
        var known = dimensions
        known["t"] = .time
        guard let text = node.string else { throw fail(mark(node), "\(what): expected an expression") }
        let parsed = try wrap { () throws(ExpressionError) in try ExpressionParser.parse(text, at: start(node)) }
        switch parsed.expression.dimension({ known[$0] }) {
        case .failure(let m):
            if let unknown = parsed.expression.identifiers.first(where: { known[$0] == nil }) {
                throw fail(
                    parsed.identifierLocations[unknown],
                    "\(what): unknown identifier '\(unknown)'\(suggestion(for: unknown, in: Array(known.keys))) "
                        + "(closed forms use t and the parameters)")
            }
            throw fail(start(node), "\(what): \(m.message)")
        case .success(let d) where d != expected:
            throw fail(start(node), "\(what) has dimension \(d), expected \(expected)")
        default: return parsed.expression
        }
    }
}

import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// A user's model from a spec file, integrated and verified like a catalogue model: the
/// right-hand side and the symbolic Jacobian run as compiled tapes (no heap allocation per call),
/// the closed form is evaluated per variable (summed over spikes when `superpose`). Optional:
/// piecewise-constant inputs (their switch times are breakpoints), a threshold with reset and
/// refractory period, a claimed firing rate, or a numeric reference instead of a closed form.
public struct SpecModel: VerifiableModel {
    public let name: String
    public let variables: [StateVariable]
    public let initialState: [Double]
    public let spikeTimes: [Double]
    public let endTime: Double
    let rhs: ExpressionTape
    /// nil when the symbolic derivatives grew past their work bound (explicit steppers only).
    let jacobianTape: ExpressionTape?
    /// Per pathway, one tape per on_spike statement: the new value of `target` from the state
    /// before the spike.
    let spikeStatements: [[(target: Int, tape: ExpressionTape)]]
    /// Each spike's pathway (empty: all spikes are pathway 0's).
    let spikePathways: [Int]
    /// Per variable, the spike times its superposed closed form sums over: those of the pathways
    /// whose on_spike changes it, or every spike when none does.
    let superposedSpikes: [[Double]]
    let resetStatements: [(target: Int, tape: ExpressionTape)]
    /// Closed form per variable (nil where none), a tape of t only.
    let closedForms: [ExpressionTape?]
    let superpose: Bool
    public let analyticPeak: Peak?
    public let knownWrong: KnownWrongClaim?
    /// For an affine right-hand side f(t, y) = A·y + b with constant A and b (every Jacobian entry
    /// and ∂f/∂t free of t and the state, found symbolically): A row-major and b, evaluated as a
    /// matrix–vector product instead of the tape (same values up to rounding).
    let affine: (matrix: [Double], offset: [Double])?
    let exactLinear: LinearSystem?
    /// Brian2's conditionally linear form, for exponential Euler: one tape giving A_i = ∂f_i/∂y_i
    /// (free of y_i) then B_i = f_i at y_i = 0; nil when some f_i is nonlinear in its own variable
    /// or the Jacobian exceeded its work bound.
    let conditionallyLinear: ExpressionTape?

    /// Switch times of the piecewise-constant inputs (ms), sorted.
    public let breakpoints: [Double]
    public let threshold: ThresholdRule?
    /// The claimed steady firing rate (Hz) of a threshold model, from `expect: rate`.
    public let analyticRate: Double?
    /// `expect: {spikes: […], spike_tolerance: …}`: spike times (ms) and the tolerance (ms).
    public let expectedSpikes: (times: [Double], tolerance: Double)?
    /// `expect: {error: {v: 1e-4 mV}, relative_error: {v: 1e-6}}`, by variable index.
    public let statedErrorBounds: [Int: ErrorBound]
    /// `reference: numeric`: verified against a tight reference solve instead of a closed form.
    public let needsNumericReference: Bool
    public var hasJacobian: Bool { jacobianTape != nil }
    /// Instructions of the compiled right-hand side (benchmarks report it).
    public var tapeInstructionCount: Int { rhs.count }
    /// The right-hand side and Jacobian tapes as machine code (`compiledNatively()`); nil: the tapes.
    var nativeRHS: NativeCode?
    var nativeJacobian: NativeCode?
    /// Whether `compiledNatively()` found a C compiler for the right-hand side.
    public var runsNatively: Bool { nativeRHS != nil }

    /// This model with its right-hand side (and Jacobian) compiled to machine code by the
    /// system's C compiler (`NativeCode`): the same values bit for bit, faster. Affine specs keep
    /// their matrix form; specs reading step or pulse inputs, or without a compiler, stay on the
    /// tape. `SYNVERIFY_NATIVE=0` in the environment turns it off.
    public func compiledNatively() -> SpecModel {
        var copy = self
        if affine == nil { copy.nativeRHS = NativeCode.compile(rhs) }
        copy.nativeJacobian = jacobianTape.flatMap(NativeCode.compile)
        return copy
    }

    /// What the spec file says about the model, for report pages.
    public let documentation: SpecDocumentation

    /// What a spec adds to its equations beyond parameters, spikes and closed forms.
    struct Extras {
        var documentation = SpecDocumentation()
        /// Piecewise-constant inputs by name.
        var signals: [(name: String, signal: SpecSignal)] = []
        /// Smooth inputs (sines) by name, as expressions of t and the parameters.
        var smoothInputs: [String: SpecExpression] = [:]
        var threshold: ThresholdRule?
        var rate: Double?
        var expectedSpikes: (times: [Double], tolerance: Double)?
        var errorBounds: [Int: ErrorBound] = [:]
        /// The reset's statements (the threshold variable's among them), each in terms of the
        /// state at the crossing.
        var resetStatements: [(target: String, expression: SpecExpression)] = []
        var numericReference = false
        var pathwayNames: [String] = []
    }

    init(
        name: String, equations: EquationSet, constants: [String: Double], initialState: [Double], spikeTimes: [Double],
        spikePathways: [Int] = [], endTime: Double, onSpike: [[(target: String, expression: SpecExpression)]],
        closedForms: [String: SpecExpression],
        superpose: Bool, peak: Peak?, knownWrong: KnownWrongClaim?, extras: Extras = Extras()
    ) {
        self.name = name
        let states = equations.differentials.map(\.name)
        // Values are held in the internal unit of each variable's dimension (pA for `: amp`).
        variables = equations.differentials.map { StateVariable($0.name, $0.unit.dimension.description) }
        self.initialState = initialState
        self.spikeTimes = spikeTimes
        self.endTime = endTime
        // Subexpressions expanded into the equations (shared subtrees are computed once).
        var definitions = extras.smoothInputs
        for e in equations.subexpressions { definitions[e.name] = e.expression.substituting(definitions) }
        let derivatives = equations.differentials.map {
            $0.expression.substituting(definitions).rightContinuousSwitches(constants: constants)
        }
        rhs = ExpressionTape(derivatives, inputs: states, constants: constants, signals: extras.signals)
        // Comparisons of t with constants switch like inputs do (TimeSwitches.swift).
        let timeSwitches = derivatives.flatMap { $0.timeComparisons(constants: constants).compactMap(\.time) }
        breakpoints = Array(Set(extras.signals.flatMap(\.signal.switchTimes) + timeSwitches.filter { $0 > 0 }))
            .sorted()
        threshold = extras.threshold
        analyticRate = extras.rate
        expectedSpikes = extras.expectedSpikes
        statedErrorBounds = extras.errorBounds
        needsNumericReference = extras.numericReference
        var documentation = extras.documentation
        documentation.equationSet = equations
        documentation.reset = extras.resetStatements
        documentation.pathways = onSpike.indices.map { k in
            let name = k < extras.pathwayNames.count ? extras.pathwayNames[k] : "input"
            let times =
                spikePathways.isEmpty
                ? spikeTimes : spikeTimes.indices.filter { spikePathways[$0] == k }.map { spikeTimes[$0] }
            return (name, times, onSpike[k])
        }
        self.documentation = documentation
        var jacobian: [SpecExpression]? = []
        for f in derivatives {
            for s in states + ["t"] {
                guard let d = f.derivative(with: s) else {
                    jacobian = nil
                    break
                }
                jacobian?.append(d)
            }
            if jacobian == nil { break }
        }
        // Row-major ∂f_i/∂y_j, then ∂f_i/∂t.
        let n = states.count
        let ordered = jacobian.map { entries in
            (0..<n).flatMap { i in (0..<n).map { j in entries[i * (n + 1) + j] } }
                + (0..<n).map { i in entries[i * (n + 1) + n] }
        }
        jacobianTape = ordered.map { ExpressionTape($0, inputs: states, constants: constants, signals: extras.signals) }
        // Piecewise-constant signals differentiate to 0 (integration never straddles a switch),
        // but they make b depend on t: a right-hand side that reads one is not affine.
        let variableNames = Set(states + ["t"])
        let signalNames = Set(extras.signals.map(\.name))
        // So does t itself: ∂f/∂t of k·t is the constant k, and of a switch (t > t1) 0.
        if let ordered, let jacobianTape, ordered.allSatisfy({ Set($0.identifiers).isDisjoint(with: variableNames) }),
            derivatives.allSatisfy({ Set($0.identifiers).isDisjoint(with: signalNames.union(["t"])) })
        {
            var entries = [Double](repeating: 0, count: n * n + n)
            var offset = [Double](repeating: 0, count: n)
            let zeros = [Double](repeating: 0, count: n)
            let jacobianProgram = jacobianTape
            let rhsProgram = rhs
            zeros.withUnsafeBufferPointer { z in
                entries.withUnsafeMutableBufferPointer {
                    jacobianProgram.evaluate(0, z.baseAddress!, into: $0.baseAddress!)
                }
                offset.withUnsafeMutableBufferPointer { rhsProgram.evaluate(0, z.baseAddress!, into: $0.baseAddress!) }
            }
            affine = (Array(entries.prefix(n * n)), offset)
        } else {
            affine = nil
        }
        // Exact propagation also takes a constant A with piecewise-constant inputs (steps,
        // pulses, comparisons of t with constants) in b only (AMPA's α·T(t)·(1 − s) switches A
        // itself): b changes only at the breakpoints, where exact steps are split.
        if let affine {
            exactLinear = LinearSystem(matrix: affine.matrix, offset: affine.offset)
        } else if let ordered, let jacobianTape,
            ordered.allSatisfy({ Set($0.identifiers).isDisjoint(with: variableNames.union(signalNames)) }),
            derivatives.allSatisfy({ $0.readsTimeOnlyInSwitches(constants: constants) })
        {
            var entries = [Double](repeating: 0, count: n * n + n)
            var offset = [Double](repeating: 0, count: n)
            let zeros = [Double](repeating: 0, count: n)
            let rhsProgram = rhs
            zeros.withUnsafeBufferPointer { z in
                entries.withUnsafeMutableBufferPointer {
                    jacobianTape.evaluate(0, z.baseAddress!, into: $0.baseAddress!)
                }
                offset.withUnsafeMutableBufferPointer { rhsProgram.evaluate(0, z.baseAddress!, into: $0.baseAddress!) }
            }
            exactLinear = LinearSystem(matrix: Array(entries.prefix(n * n)), offset: offset)
        } else {
            exactLinear = nil
        }
        if let jacobian, (0..<n).allSatisfy({ !jacobian[$0 * (n + 1) + $0].identifiers.contains(states[$0]) }) {
            let a = (0..<n).map { jacobian[$0 * (n + 1) + $0] }
            let b = (0..<n).map { derivatives[$0].substituting([states[$0]: .number(0)]).simplified() }
            conditionallyLinear = ExpressionTape(a + b, inputs: states, constants: constants, signals: extras.signals)
        } else {
            conditionallyLinear = nil
        }
        func statements(_ list: [(target: String, expression: SpecExpression)]) -> [(target: Int, tape: ExpressionTape)]
        {
            list.map {
                (
                    states.firstIndex(of: $0.target)!,
                    ExpressionTape(
                        [$0.expression.substituting(definitions)], inputs: states, constants: constants,
                        signals: extras.signals)
                )
            }
        }
        spikeStatements = onSpike.map(statements)
        self.spikePathways = spikePathways
        superposedSpikes = states.map { state in
            let changing = Set(onSpike.indices.filter { k in onSpike[k].contains { $0.target == state } })
            guard !changing.isEmpty, !spikePathways.isEmpty else { return spikeTimes }
            return spikeTimes.indices.filter { changing.contains(spikePathways[$0]) }.map { spikeTimes[$0] }
        }
        resetStatements = statements(extras.resetStatements)
        self.closedForms = states.map { s in
            closedForms[s].map { ExpressionTape([$0], inputs: [], constants: constants) }
        }
        self.superpose = superpose
        analyticPeak = peak
        self.knownWrong = knownWrong
    }

    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        // Machine code first: affine specs are never compiled, so the order changes no value.
        if let nativeRHS {
            nativeRHS.function(t, y, dydt)
            return
        }
        if let affine {
            let n = affine.offset.count
            affine.matrix.withUnsafeBufferPointer { a in
                affine.offset.withUnsafeBufferPointer { b in
                    for i in 0..<n {
                        var sum = b[i]
                        for j in 0..<n { sum += a[i * n + j] * y[j] }
                        dydt[i] = sum
                    }
                }
            }
            return
        }
        rhs.evaluate(t, y, into: dydt)
    }

    /// Exact propagation applies to affine specs, and to those whose only dependence on t is a
    /// piecewise-constant input (the offset here is b at t = 0; the integrator evaluates the
    /// right-hand side inside each piece).
    public var linearSystem: LinearSystem? { exactLinear }

    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        guard let jacobianTape else {
            throw ODEFunctionError("no symbolic Jacobian: its derivatives exceed the work bound of the differentiator")
        }
        let n = variables.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n * n + n) { buffer in
            if let nativeJacobian {
                nativeJacobian.function(t, y, buffer.baseAddress!)
            } else {
                jacobianTape.evaluate(t, y, into: buffer.baseAddress!)
            }
            for k in 0..<(n * n) { dfdy[k] = buffer[k] }
            for k in 0..<n { dfdt[k] = buffer[n * n + k] }
        }
    }

    /// Statements run in order, each seeing the values the previous ones left.
    /// The spike's statements, each written in terms of the state before the spike (the reader
    /// substitutes earlier assignments and temporaries), so all are evaluated first and then
    /// assigned together.
    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {
        Self.run(spikeStatements[spikePathways.isEmpty ? 0 : spikePathways[index]], at: spikeTimes[index], on: y)
    }

    /// The reset's statements (the threshold variable set to `rule.reset` among them).
    public func applyReset(_ rule: ThresholdRule, at t: Double, to y: UnsafeMutablePointer<Double>) {
        guard !resetStatements.isEmpty else {
            y[rule.variable] = rule.reset
            return
        }
        Self.run(resetStatements, at: t, on: y)
    }

    /// Evaluates every statement on the state before them, then assigns them together.
    static func run(
        _ statements: [(target: Int, tape: ExpressionTape)], at t: Double, on y: UnsafeMutablePointer<Double>
    ) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(statements.count, 1)) { values in
            for (k, statement) in statements.enumerated() { statement.tape.evaluate(t, y, into: &values[k]) }
            for (k, statement) in statements.enumerated() { y[statement.target] = values[k] }
        }
    }

    /// dy_i/dt = A_i·y_i + B_i with A_i, B_i free of y_i (exponential Euler); false when a
    /// right-hand side is nonlinear in its own variable.
    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        guard let conditionallyLinear else { return false }
        let n = variables.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { buffer in
            conditionallyLinear.evaluate(t, y, into: buffer.baseAddress!)
            for i in 0..<n {
                a[i] = buffer[i]
                b[i] = buffer[n + i]
            }
        }
        return true
    }

    public func exactState(at t: Double) -> [Double?] {
        zip(closedForms, superposedSpikes).map { tape, spikeTimes in
            guard let tape else { return nil }
            var value = 0.0
            var noState = 0.0  // a closed form reads t and constants only
            if !superpose {
                tape.evaluate(t, &noState, into: &value)
                return value
            }
            var sum = 0.0
            for s in spikeTimes where s <= t {
                tape.evaluate(t - s, &noState, into: &value)
                sum += value
            }
            return sum
        }
    }
}

extension SpecExpression {
    /// The expression with identifiers replaced by their definitions.
    func substituting(_ definitions: [String: SpecExpression]) -> SpecExpression {
        guard !definitions.isEmpty else { return self }
        switch self {
        case .number: return self
        case .identifier(let name): return definitions[name] ?? self
        case .negate(let a): return .negate(a.substituting(definitions))
        case .binary(let op, let a, let b): return .binary(op, a.substituting(definitions), b.substituting(definitions))
        case .call(let f, let args): return .call(f, args.map { $0.substituting(definitions) })
        }
    }
}

/// A spec's own words: its description, its equation lines as written, and each parameter's
/// value in the internal unit of its dimension beside the text it was given as.
public struct SpecDocumentation: Sendable {
    public var summary = ""
    public var equations: [String] = []
    /// Each parameter's value in its internal unit, that unit's name, its dimension (the unit name
    /// is for people; files that other programs read take the dimension) and its text as written.
    /// The threshold's comparison as written: `>` or `>=`.
    public var thresholdOperator = ">"
    public var parameters: [(name: String, value: Double, unit: String, dimension: SpecDimension, definition: String)] =
        []
    /// What another simulator needs to run the model (`synverify problem`): the equations as
    /// parsed, the piecewise-constant inputs and the sines, each spike
    /// pathway's train (ms) and statements, and the reset's statements, each statement in terms
    /// of the state before the block.
    public var equationSet = EquationSet(differentials: [], subexpressions: [])
    public var signals: [(name: String, dimension: SpecDimension, signal: SpecSignal)] = []
    /// Sine inputs, offset + amplitude·sin(2π·frequency·t + phase): amplitude and offset in the
    /// internal unit of `dimension`, frequency in 1/ms, phase in radians.
    public var sines: [Sine] = []
    public struct Sine: Sendable {
        public let name: String
        public let dimension: SpecDimension
        public let amplitude: Double
        public let offset: Double
        public let frequency: Double
        public let phase: Double
    }
    public var pathways:
        [(name: String, spikes: [Double], statements: [(target: String, expression: SpecExpression)])] =
            []
    public var reset: [(target: String, expression: SpecExpression)] = []
}

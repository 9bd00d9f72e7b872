#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Expressions compiled to a straight-line program: one instruction per distinct subtree
/// (identical subtrees are shared), evaluated in order into a stack buffer, so an evaluation
/// neither recurses nor allocates on the heap. Slot 0 holds t, slots 1…n the inputs (the
/// state), slot n + 1 + k the value of instruction k; operands name slots, so reading t or the
/// state costs no instruction. Piecewise-constant input signals (`SpecSignal`) are read at t by
/// their own instruction. Constant operands are fused into the instruction that uses them
/// (x/c as x·(1/c), −x·c as x·(−c)), and a sum with a constant multiple, x·c ± y, is one
/// instruction: the arithmetic of the tree up to the rounding of a reciprocal (≤ 1 ulp).
public struct ExpressionTape: Sendable {
    enum Operation: UInt8, Sendable {
        case constant, signal, negate, add, subtract, multiply, divide, power
        case exp, log, log1p, expm1, sqrt, sin, cos, tanh, abs, min, max
        case log10, tan, sinh, cosh, arcsin, arccos, arctan, sign, floor, ceil, int
        case exprel, lambertw, less, lessEqual, greater, greaterEqual, equal, notEqual, and, or, not, exprelDerivative
        // An operand that is a constant, fused into the instruction (`constant` holds it).
        case addConstant, subtractConstant, subtractFromConstant, multiplyConstant, divideByConstant, divideConstant
        // v[a]·c + v[b] and v[a]·c − v[b].
        case multiplyConstantAdd, multiplyConstantSubtract
    }

    struct Instruction: Sendable {
        var operation: Operation
        var a: Int32 = 0
        var b: Int32 = 0
        var constant: Double = 0
    }

    let instructions: [Instruction]
    /// The slot whose value is each output.
    let outputs: [Int32]
    let signals: [SpecSignal]
    /// Slots before the first instruction's: t and the inputs.
    let inputCount: Int
    public var count: Int { instructions.count }

    /// Compiles `expressions`; identifiers must be `t`, an input name (slot 1 + index), a signal
    /// or a constant. Unknown identifiers are a programming error here: specs are checked first.
    public init(
        _ expressions: [SpecExpression], inputs: [String], constants: [String: Double],
        signals: [(name: String, signal: SpecSignal)] = []
    ) {
        var instructions: [Instruction] = []
        var shared: [SpecExpression: Int32] = [:]
        let base = Int32(inputs.count + 1)
        func constant(_ e: SpecExpression) -> Double? { e.constantValue(constants, inputs) }
        /// e as y·c with c constant (a product or quotient with a constant, or a negation), so
        /// that a sum can fuse it.
        func scaled(_ e: SpecExpression) -> (SpecExpression, Double)? {
            switch e {
            case .negate(let a): return (scaled(a).map { ($0.0, -$0.1) }) ?? (constant(a) == nil ? (a, -1) : nil)
            case .binary(.multiply, let a, let b):
                if let c = constant(b), constant(a) == nil { return signFolded(a, c) }
                if let c = constant(a), constant(b) == nil { return signFolded(b, c) }
                return nil
            case .binary(.divide, let a, let b):
                guard let c = constant(b), constant(a) == nil else { return nil }
                let reciprocal = 1 / c
                return reciprocal.isFinite && reciprocal != 0 ? signFolded(a, reciprocal) : nil
            default: return nil
            }
        }
        /// (−y)·c as y·(−c): exact, one instruction less.
        func signFolded(_ e: SpecExpression, _ c: Double) -> (SpecExpression, Double) {
            if case .negate(let inner) = e, constant(inner) == nil { return (inner, -c) }
            return (e, c)
        }
        func emit(_ e: SpecExpression) -> Int32 {
            if let slot = shared[e] { return slot }
            let instruction: Instruction
            if let (y, c) = scaled(e) {
                // y·c, y/c (as y·(1/c)), −y, −(y·c): one multiply by a constant.
                instruction = Instruction(operation: .multiplyConstant, a: emit(y), constant: c)
            } else {
                switch e {
                case .number(let x): instruction = Instruction(operation: .constant, constant: x)
                case .identifier(let name):
                    if name == "t" { return 0 }
                    if let i = inputs.firstIndex(of: name) { return Int32(i + 1) }
                    if let k = signals.firstIndex(where: { $0.name == name }) {
                        instruction = Instruction(operation: .signal, a: Int32(k))
                    } else {
                        instruction = Instruction(operation: .constant, constant: constants[name] ?? .nan)
                    }
                case .negate(let a): instruction = Instruction(operation: .negate, a: emit(a))
                case .binary(let op, let a, let b)
                where (op == .add || op == .subtract) && constant(a) == nil && constant(b) == nil
                    && (scaled(a) != nil || scaled(b) != nil):
                    // x·c ± y and x ± y·c: one instruction.
                    if let (y, c) = scaled(b) {
                        instruction = Instruction(
                            operation: .multiplyConstantAdd, a: emit(y), b: emit(a), constant: op == .add ? c : -c)
                    } else {
                        let (y, c) = scaled(a)!
                        instruction = Instruction(
                            operation: op == .add ? .multiplyConstantAdd : .multiplyConstantSubtract, a: emit(y),
                            b: emit(b), constant: c)
                    }
                case .binary(let op, let a, let b) where op != .power && (constant(a) != nil) != (constant(b) != nil):
                    // One constant operand: fuse it (same arithmetic, one instruction less).
                    if let c = constant(b) {
                        let operation: Operation =
                            switch op {
                            case .add: .addConstant
                            case .subtract: .subtractConstant
                            case .multiply: .multiplyConstant
                            default: .divideByConstant  // a finite reciprocal was taken above
                            }
                        instruction = Instruction(operation: operation, a: emit(a), constant: c)
                    } else {
                        let operation: Operation =
                            switch op {
                            case .add: .addConstant
                            case .subtract: .subtractFromConstant
                            case .multiply: .multiplyConstant
                            default: .divideConstant
                            }
                        instruction = Instruction(operation: operation, a: emit(b), constant: constant(a)!)
                    }
                case .binary(let op, let a, let b):
                    let x = emit(a)
                    let y = emit(b)
                    let operation: Operation =
                        switch op {
                        case .add: .add
                        case .subtract: .subtract
                        case .multiply: .multiply
                        case .divide: .divide
                        case .power: .power
                        }
                    instruction = Instruction(operation: operation, a: x, b: y)
                case .call(let f, let args):
                    let x = emit(args[0])
                    let y = args.count > 1 ? emit(args[1]) : 0
                    instruction = Instruction(
                        operation: Operation(
                            rawValue: Operation.exp.rawValue
                                + UInt8(SpecExpression.Function.allCases.firstIndex(of: f)!))!, a: x, b: y)
                }
            }
            instructions.append(instruction)
            let slot = base + Int32(instructions.count - 1)
            shared[e] = slot
            return slot
        }
        outputs = expressions.map(emit)
        self.instructions = instructions
        self.signals = signals.map(\.signal)
        inputCount = inputs.count
    }

    /// Evaluates every output at time `t` with `inputs` (slots 1…) into `results`.
    @inline(__always)
    public func evaluate(_ t: Double, _ inputs: UnsafePointer<Double>, into results: UnsafeMutablePointer<Double>) {
        let needed = inputCount + 1 + instructions.count
        // A constant-size buffer needs no run-time check of the stack (small programs, the
        // common case); larger ones ask for what they need.
        if needed <= Self.smallProgramSlots {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: Self.smallProgramSlots) {
                run(t, inputs, results, $0.baseAddress!)
            }
        } else {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: needed) {
                run(t, inputs, results, $0.baseAddress!)
            }
        }
    }

    static let smallProgramSlots = 96

    @inline(__always)
    func run(
        _ t: Double, _ inputs: UnsafePointer<Double>, _ results: UnsafeMutablePointer<Double>,
        _ v: UnsafeMutablePointer<Double>
    ) {
        let base = inputCount + 1
        v[0] = t
        for i in 0..<inputCount { v[1 + i] = inputs[i] }
        instructions.withUnsafeBufferPointer { program in
            signals.withUnsafeBufferPointer { signals in
                for i in 0..<program.count {
                    let ins = program[i]
                    let a = Int(ins.a)
                    let b = Int(ins.b)
                    let value: Double
                    switch ins.operation {
                    case .constant: value = ins.constant
                    case .signal: value = signals[a].value(at: t)
                    case .negate: value = -v[a]
                    case .add: value = v[a] + v[b]
                    case .subtract: value = v[a] - v[b]
                    case .multiply: value = v[a] * v[b]
                    case .divide: value = v[a] / v[b]
                    case .power: value = v[b] == 2 ? v[a] * v[a] : pow(v[a], v[b])
                    case .exp: value = exp(v[a])
                    case .log: value = log(v[a])
                    case .log1p: value = log1p(v[a])
                    case .expm1: value = expm1(v[a])
                    case .sqrt: value = v[a].squareRoot()
                    case .sin: value = sin(v[a])
                    case .cos: value = cos(v[a])
                    case .tanh: value = tanh(v[a])
                    case .abs: value = Swift.abs(v[a])
                    case .min: value = Swift.min(v[a], v[b])
                    case .max: value = Swift.max(v[a], v[b])
                    // One case each: `Function.allCases` would build an array on every evaluation.
                    case .log10: value = SpecExpression.applyBrian2(.log10, v[a])
                    case .tan: value = SpecExpression.applyBrian2(.tan, v[a])
                    case .sinh: value = SpecExpression.applyBrian2(.sinh, v[a])
                    case .cosh: value = SpecExpression.applyBrian2(.cosh, v[a])
                    case .arcsin: value = SpecExpression.applyBrian2(.arcsin, v[a])
                    case .arccos: value = SpecExpression.applyBrian2(.arccos, v[a])
                    case .arctan: value = SpecExpression.applyBrian2(.arctan, v[a])
                    case .sign: value = SpecExpression.applyBrian2(.sign, v[a])
                    case .floor: value = SpecExpression.applyBrian2(.floor, v[a])
                    case .ceil: value = SpecExpression.applyBrian2(.ceil, v[a])
                    case .int: value = SpecExpression.applyBrian2(.int, v[a])
                    case .exprel: value = SpecExpression.exprel(v[a])
                    case .exprelDerivative: value = SpecExpression.exprelDerivative(v[a])
                    case .lambertw: value = SpecExpression.lambertW(v[a], branch: v[b])
                    case .less: value = v[a] < v[b] ? 1 : 0
                    case .lessEqual: value = v[a] <= v[b] ? 1 : 0
                    case .greater: value = v[a] > v[b] ? 1 : 0
                    case .greaterEqual: value = v[a] >= v[b] ? 1 : 0
                    case .equal: value = v[a] == v[b] ? 1 : 0
                    case .notEqual: value = v[a] != v[b] ? 1 : 0
                    case .and: value = v[a] != 0 && v[b] != 0 ? 1 : 0
                    case .or: value = v[a] != 0 || v[b] != 0 ? 1 : 0
                    case .not: value = v[a] == 0 ? 1 : 0
                    case .addConstant: value = v[a] + ins.constant
                    case .subtractConstant: value = v[a] - ins.constant
                    case .subtractFromConstant: value = ins.constant - v[a]
                    case .multiplyConstant: value = v[a] * ins.constant
                    case .divideByConstant: value = v[a] / ins.constant
                    case .divideConstant: value = ins.constant / v[a]
                    case .multiplyConstantAdd: value = v[a] * ins.constant + v[b]
                    case .multiplyConstantSubtract: value = v[a] * ins.constant - v[b]
                    }
                    v[base + i] = value
                }
            }
        }
        outputs.withUnsafeBufferPointer { out in
            for k in 0..<out.count { results[k] = v[Int(out[k])] }
        }
    }
}

extension SpecExpression {
    /// The value when the expression is a number or a constant's name (not t, not an input).
    func constantValue(_ constants: [String: Double], _ inputs: [String]) -> Double? {
        switch self {
        case .number(let x): return x
        case .identifier(let name):
            // Signals (t and inputs) are not constants.
            return name == "t" || inputs.contains(name) ? nil : constants[name]
        default: return nil
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expressions compiled to a straight-line program: one instruction per distinct subtree
/// (identical subtrees are shared), evaluated in order into a stack buffer, so an evaluation
/// neither recurses nor allocates on the heap. Slot 0 is t; slots 1…n are the inputs (the state);
/// piecewise-constant input signals (`SpecSignal`) are read at t by their own instruction.
public struct ExpressionTape: Sendable {
    enum Operation: UInt8, Sendable {
        case constant, input, signal, negate, add, subtract, multiply, divide, power
        case exp, log, log1p, expm1, sqrt, sin, cos, tanh, abs, min, max
        // An operand that is a constant, fused into the instruction (`constant` holds it).
        case addConstant, subtractConstant, subtractFromConstant, multiplyConstant, divideByConstant, divideConstant
    }

    struct Instruction: Sendable {
        var operation: Operation
        var a: Int32 = 0
        var b: Int32 = 0
        var constant: Double = 0
    }

    let instructions: [Instruction]
    /// The instruction whose value is each output.
    let outputs: [Int32]
    let signals: [SpecSignal]
    public var count: Int { instructions.count }

    /// Compiles `expressions`; identifiers must be `t`, an input name (slot 1 + index), a signal
    /// or a constant. Unknown identifiers are a programming error here: specs are checked first.
    public init(_ expressions: [SpecExpression], inputs: [String], constants: [String: Double],
                signals: [(name: String, signal: SpecSignal)] = []) {
        var instructions: [Instruction] = []
        var shared: [SpecExpression: Int32] = [:]
        func emit(_ e: SpecExpression) -> Int32 {
            if let index = shared[e] { return index }
            let instruction: Instruction
            switch e {
            case let .number(x): instruction = Instruction(operation: .constant, constant: x)
            case let .identifier(name):
                if name == "t" { instruction = Instruction(operation: .input, a: 0) }
                else if let i = inputs.firstIndex(of: name) { instruction = Instruction(operation: .input, a: Int32(i + 1)) }
                else if let k = signals.firstIndex(where: { $0.name == name }) { instruction = Instruction(operation: .signal, a: Int32(k)) }
                else { instruction = Instruction(operation: .constant, constant: constants[name] ?? .nan) }
            case let .negate(a): instruction = Instruction(operation: .negate, a: emit(a))
            case let .binary(op, a, b) where op != .power && (a.constantValue(constants, inputs) != nil) != (b.constantValue(constants, inputs) != nil):
                // One constant operand: fuse it (same arithmetic, one instruction less).
                if let c = b.constantValue(constants, inputs) {
                    let x = emit(a)
                    // x/c runs as x·(1/c) (a multiply instead of a division on the critical path;
                    // within 1 ulp of the division) when 1/c is finite and exact enough to matter
                    // no more than that.
                    let reciprocal = 1 / c
                    let operation: Operation = switch op {
                    case .add: .addConstant
                    case .subtract: .subtractConstant
                    case .multiply: .multiplyConstant
                    default: reciprocal.isFinite && reciprocal != 0 ? .multiplyConstant : .divideByConstant
                    }
                    instruction = Instruction(operation: operation, a: x, constant: operation == .multiplyConstant && op == .divide ? reciprocal : c)
                } else {
                    let c = a.constantValue(constants, inputs)!
                    let y = emit(b)
                    let operation: Operation = switch op {
                    case .add: .addConstant
                    case .subtract: .subtractFromConstant
                    case .multiply: .multiplyConstant
                    default: .divideConstant
                    }
                    instruction = Instruction(operation: operation, a: y, constant: c)
                }
            case let .binary(op, a, b):
                let x = emit(a), y = emit(b)
                let operation: Operation = switch op {
                case .add: .add
                case .subtract: .subtract
                case .multiply: .multiply
                case .divide: .divide
                case .power: .power
                }
                instruction = Instruction(operation: operation, a: x, b: y)
            case let .call(f, args):
                let x = emit(args[0]), y = args.count > 1 ? emit(args[1]) : 0
                instruction = Instruction(operation: Operation(rawValue: Operation.exp.rawValue + UInt8(SpecExpression.Function.allCases.firstIndex(of: f)!))!, a: x, b: y)
            }
            instructions.append(instruction)
            let index = Int32(instructions.count - 1)
            shared[e] = index
            return index
        }
        outputs = expressions.map(emit)
        self.instructions = instructions
        self.signals = signals.map(\.signal)
    }

    /// Evaluates every output at time `t` with `inputs` (slots 1…) into `results`.
    @inline(__always)
    public func evaluate(_ t: Double, _ inputs: UnsafePointer<Double>, into results: UnsafeMutablePointer<Double>) {
        instructions.withUnsafeBufferPointer { program in
            signals.withUnsafeBufferPointer { signals in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: max(program.count, 1)) { values in
                    let v = values.baseAddress!
                    for i in 0..<program.count {
                        let ins = program[i]
                        let a = Int(ins.a), b = Int(ins.b)
                        let value: Double
                        switch ins.operation {
                        case .constant: value = ins.constant
                        case .input: value = a == 0 ? t : inputs[a - 1]
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
                        case .addConstant: value = v[a] + ins.constant
                        case .subtractConstant: value = v[a] - ins.constant
                        case .subtractFromConstant: value = ins.constant - v[a]
                        case .multiplyConstant: value = v[a] * ins.constant
                        case .divideByConstant: value = v[a] / ins.constant
                        case .divideConstant: value = ins.constant / v[a]
                        }
                        v[i] = value
                    }
                    outputs.withUnsafeBufferPointer { out in
                        for k in 0..<out.count { results[k] = v[Int(out[k])] }
                    }
                }
            }
        }
    }
}

extension SpecExpression {
    /// The value when the expression is a number or a constant's name (not t, not an input).
    func constantValue(_ constants: [String: Double], _ inputs: [String]) -> Double? {
        switch self {
        case let .number(x): return x
        case let .identifier(name): return name == "t" || inputs.contains(name) ? nil : constants[name]  // signals are not constants
        default: return nil
        }
    }
}

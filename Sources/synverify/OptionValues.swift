import ArgumentParser
import SynIntegrators
import SynVerifyGSL

/// Typed option values: each turns the text of an option into the library's type, or throws one
/// line naming the option, the text and what is allowed. Used as `@Option(transform:)`, so a
/// command's `run()` reads typed values and never unwraps.
enum OptionValue {
    static func method(_ text: String) throws -> IntegrationMethod {
        guard let method = IntegrationMethod(name: text) else {
            throw ValidationError(
                "unknown method '\(text)'; known: \(IntegrationMethod.allNames.joined(separator: ", "))")
        }
        return method
    }

    static func stepper(_ text: String) throws -> Stepper {
        guard let stepper = Stepper(rawValue: text) else {
            throw ValidationError(
                "tolerance studies need an adaptive GSL stepper; known: "
                    + Stepper.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return stepper
    }

    static func control(_ text: String) throws -> ControlKind {
        guard let control = ControlKind(rawValue: text) else {
            throw ValidationError(
                "unknown control '\(text)'; known: \(ControlKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return control
    }

    static func populationMethod(_ text: String) throws -> LIFPopulation.Method {
        guard let method = LIFPopulation.Method(rawValue: text) else {
            throw ValidationError("allowed: euler, exact")
        }
        return method
    }

    static func populationThreshold(_ text: String) throws -> LIFPopulation.Threshold {
        guard let threshold = LIFPopulation.Threshold(rawValue: text) else {
            throw ValidationError("allowed: grid, precise")
        }
        return threshold
    }
}

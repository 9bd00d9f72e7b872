/// A file that cannot be used: one line naming the file, the place in it and what is wrong.
public struct FormatError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) {
        self.description = description
    }
}

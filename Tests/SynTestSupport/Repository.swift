import Foundation

/// The repository's root directory (tests read committed data and run the built tool there).
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

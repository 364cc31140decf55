import Foundation

/// Finds the `Templates/` and `Public/` folders: in the current folder (how `swift run`
/// starts), else beside the checkout the executable was built in (`.build/<config>/marquee`).
enum Resources {
    struct NotFound: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "Cannot find the Templates/ and Public/ folders. Run marquee from the repository's root. Looked in: \(searched.joined(separator: ", "))"
        }
    }

    static func root() throws -> URL {
        let manager = FileManager.default
        var candidates = [URL(fileURLWithPath: manager.currentDirectoryPath)]
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: candidate.appendingPathComponent("Templates").path, isDirectory: &isDirectory), isDirectory.boolValue,
               manager.fileExists(atPath: candidate.appendingPathComponent("Public").path) {
                return candidate
            }
        }
        throw NotFound(searched: candidates.map(\.path))
    }
}

import Foundation

/// The hall form's values as typed.
///
/// Field keys of the ``ValidationError`` thrown by ``AdminHalls`` are the property names:
/// `name`, `format`, `layout`.
public struct HallForm: Sendable, Hashable {
    /// 1 to 60 characters, unique among halls regardless of case.
    public var name: String
    /// A ``HallFormat`` raw value: `standard`, `premium`, `imax`, `3d`, `dolby`.
    public var format: String
    /// The seats as a text grid (see ``HallLayout``).
    public var layout: String

    public init(name: String = "", format: String = "", layout: String = "") {
        self.name = name
        self.format = format
        self.layout = layout
    }
}

extension HallForm {
    struct Values {
        var name: String
        var format: HallFormat
        /// Line endings and trailing spaces normalised, blank lines around the drawing dropped.
        var layout: String
        var seats: [HallLayout.SeatSpec]
    }

    func validated() throws(ValidationError) -> Values {
        var errors = ValidationError()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            errors.add("name", "Enter a name for the hall.")
        } else if name.count > AdminHalls.maximumNameLength {
            errors.add("name", "A hall name has at most \(AdminHalls.maximumNameLength) characters.")
        } else if name.unicodeScalars.contains(where: MovieRules.isControl) {
            errors.add("name", "A hall name cannot contain line breaks or control characters.")
        }
        let format = HallFormat(rawValue: format.trimmingCharacters(in: .whitespaces).lowercased())
        if format == nil {
            errors.add("format", "Choose a format: " + HallFormat.allCases.map(\.displayName).joined(separator: ", ") + ".")
        }
        var preview: HallPreview?
        do {
            preview = try AdminHalls.preview(layout)
        } catch {
            errors.add("layout", error.fields["layout"] ?? "The layout cannot be read.")
        }
        try errors.throwIfAny()
        guard let format, let preview else { throw errors }
        return Values(name: name, format: format, layout: preview.normalizedLayout, seats: preview.seatSpecs)
    }
}

/// An uploaded poster's image type, recognised by its first bytes (never by its file name).
public enum PosterImage: String, Sendable, CaseIterable {
    case jpeg
    case png
    case webp

    /// The largest poster accepted: 5 MiB.
    public static let maximumBytes = 5 * 1_024 * 1_024

    /// The extension of stored files ("jpg", "png", "webp").
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }

    /// The type `bytes` start like, or nil.
    ///
    /// JPEG starts `FF D8 FF`; PNG with its 8-byte signature `89 'PNG' 0D 0A 1A 0A`; WebP is a
    /// RIFF container: `'RIFF'`, a 4-byte size, `'WEBP'`, then a `'VP8'` chunk.
    public static func detect(_ bytes: [UInt8]) -> PosterImage? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 16, bytes.starts(with: Array("RIFF".utf8)),
           bytes[8..<12].elementsEqual("WEBP".utf8), bytes[12..<15].elementsEqual("VP8".utf8) {
            return .webp
        }
        return nil
    }

    /// The type of an acceptable poster, or the message for the form's `poster` field.
    static func check(_ bytes: [UInt8]) -> Result<PosterImage, ValidationError> {
        if bytes.isEmpty {
            return .failure(ValidationError(field: "poster", "Choose an image file to upload."))
        }
        if bytes.count > maximumBytes {
            return .failure(ValidationError(
                field: "poster", "A poster is at most 5 MB; this file has \(megabytes(bytes.count)) MB."))
        }
        if let type = detect(bytes) { return .success(type) }
        if bytes.starts(with: Array("GIF8".utf8)) {
            return .failure(ValidationError(field: "poster", "GIF images are not accepted: upload a JPEG, PNG or WebP image."))
        }
        return .failure(ValidationError(field: "poster", "This file is not a JPEG, PNG or WebP image."))
    }

    /// "5.1" for 5.1 MiB.
    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + 1_024 * 1_024 - 1) / (1_024 * 1_024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}

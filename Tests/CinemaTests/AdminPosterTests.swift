import Foundation
import GRDB
import Testing
@testable import Cinema

/// Real image headers: the first bytes of files written by common encoders.
enum PosterSamples {
    /// A JPEG/JFIF start: SOI, APP0 "JFIF".
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00]
        + [UInt8](repeating: 0, count: 64) + [0xFF, 0xD9]
    /// The PNG signature and an IHDR chunk of a 1 × 1 image.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
                               0x00, 0x00, 0x00, 0x0D] + Array("IHDR".utf8)
        + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89]
    /// RIFF container, WEBP form, a lossy VP8 chunk.
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x24, 0x00, 0x00, 0x00] + Array("WEBPVP8 ".utf8)
        + [0x18, 0x00, 0x00, 0x00] + [UInt8](repeating: 0x2A, count: 24)
    /// A GIF89a header.
    static let gif: [UInt8] = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]
    /// A text file someone renamed to poster.jpg.
    static let text: [UInt8] = Array("This is not an image, whatever its name says.\n".utf8)
}

struct AdminPosterTests {
    @Test(arguments: [
        (PosterSamples.jpeg, PosterImage.jpeg, "jpg"),
        (PosterSamples.png, PosterImage.png, "png"),
        (PosterSamples.webp, PosterImage.webp, "webp"),
    ])
    func jpegPngAndWebPAreRecognisedByTheirBytesAndStored(bytes: [UInt8], type: PosterImage, ext: String) async throws {
        #expect(PosterImage.detect(bytes) == type)
        let cinema = try await AdminFixture.make()
        let movie = try await cinema.movie("Orbitfall")
        let name = try await cinema.catalog.setPoster(movieID: movie, data: bytes, actor: cinema.admin.id, now: cinema.now)
        #expect(name.hasPrefix("m\(movie)-"))
        #expect(name.hasSuffix("." + ext))
        let stored = try Data(contentsOf: cinema.catalog.postersDirectory.appendingPathComponent(name))
        #expect([UInt8](stored) == bytes)
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.posterPath == name)
        #expect(try await cinema.audit.recent(entity: .movie, entityID: movie).first?.action == "poster")
    }

    @Test(arguments: [
        (PosterSamples.gif, "GIF images are not accepted: upload a JPEG, PNG or WebP image."),
        (PosterSamples.text, "This file is not a JPEG, PNG or WebP image."),
        ([], "Choose an image file to upload."),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8), "This file is not a JPEG, PNG or WebP image."),
    ])
    func otherFilesAreRefusedOnThePosterField(bytes: [UInt8], message: String) async throws {
        let cinema = try await AdminFixture.make()
        let movie = try await cinema.movie("Orbitfall")
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.setPoster(movieID: movie, data: bytes, actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.fields == ["poster": message])
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.posterPath == nil)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: cinema.catalog.postersDirectory.path)) ?? []
        #expect(files.isEmpty)
    }

    @Test func fiveMebibytesAreAcceptedAndOneByteMoreIsRefused() async throws {
        let cinema = try await AdminFixture.make()
        let movie = try await cinema.movie("Orbitfall")
        let limit = 5 * 1_024 * 1_024
        #expect(PosterImage.maximumBytes == limit)
        let exactly = PosterSamples.jpeg + [UInt8](repeating: 0, count: limit - PosterSamples.jpeg.count)
        _ = try await cinema.catalog.setPoster(movieID: movie, data: exactly, actor: cinema.admin.id, now: cinema.now)
        let error = try #require(await caught(ValidationError.self) {
            _ = try await cinema.catalog.setPoster(
                movieID: movie, data: exactly + [0], actor: cinema.admin.id, now: cinema.now)
        })
        #expect(error.fields == ["poster": "A poster is at most 5 MB; this file has 5.1 MB."])
    }

    @Test func aNewPosterReplacesTheOldFileButNeverASeededOne() async throws {
        let cinema = try await AdminFixture.make()
        let movie = try await cinema.movie("Orbitfall")
        let directory = cinema.catalog.postersDirectory
        // A seeded poster (as the demo writes them) is not ours to delete.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("<svg/>".utf8).write(to: directory.appendingPathComponent("orbitfall.svg"))
        try await cinema.database.writer.write { db in
            try db.execute(sql: "UPDATE movies SET poster_path = 'orbitfall.svg' WHERE id = ?", arguments: [movie])
        }
        let first = try await cinema.catalog.setPoster(movieID: movie, data: PosterSamples.png, actor: cinema.admin.id, now: cinema.now)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("orbitfall.svg").path))
        let second = try await cinema.catalog.setPoster(movieID: movie, data: PosterSamples.webp, actor: cinema.admin.id, now: cinema.now)
        #expect(first != second)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(first).path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(second).path))

        try await cinema.catalog.removePoster(movieID: movie, actor: cinema.admin.id, now: cinema.now)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(second).path))
        #expect(try await cinema.catalog.movieForm(id: movie, now: cinema.now)?.posterPath == nil)
    }

    @Test func aRefusedUploadLeavesNoFileBehind() async throws {
        let cinema = try await AdminFixture.make()
        let customer = try await cinema.customer("ada")
        let movie = try await cinema.movie("Orbitfall")
        await #expect(throws: AdminError.notFound(.movie)) {
            _ = try await cinema.catalog.setPoster(movieID: 999, data: PosterSamples.png, actor: cinema.admin.id, now: cinema.now)
        }
        await #expect(throws: AdminError.notAuthorized) {
            _ = try await cinema.catalog.setPoster(movieID: movie, data: PosterSamples.png, actor: customer.id, now: cinema.now)
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: cinema.catalog.postersDirectory.path)) ?? []
        #expect(files.isEmpty)
    }
}

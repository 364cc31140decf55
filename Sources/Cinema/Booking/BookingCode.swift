import GRDB

/// Short reservation codes people can read out and type: `K7Q-42M`.
///
/// The alphabet leaves out 0/O, 1/I/L so no two characters are confused; six characters
/// give 31⁶ ≈ 887 million codes, and a code is drawn again on the rare collision.
enum BookingCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789".utf8)

    /// A random code of the form `XXX-XXX`.
    static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        // One 64-bit draw gives all six characters as base-31 digits (31⁶ is under 2³⁰, so
        // the remainder's bias is below one in a billion): the system generator makes a
        // system call per draw, and a hold draws a code every time.
        var value = generator.next()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(7)
        for index in 0..<6 {
            if index == 3 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(alphabet[Int(value % UInt64(alphabet.count))])
            value /= UInt64(alphabet.count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `insert` with a fresh random code until the insert succeeds, and returns the code.
    ///
    /// The `UNIQUE` constraint on `reservations.code` decides whether a code is free: no
    /// lookup comes first, and a collision (one in hundreds of millions) just draws again.
    /// Runs inside the write transaction; a failed insert is undone on its own.
    static func insertUnused(_ db: Database, _ insert: (String) throws -> Void) throws -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let code = random(using: &generator)
            do {
                try insert(code)
                return code
            } catch let error as DatabaseError where error.isUniquenessViolation {
                continue
            }
        }
    }

    /// Upper-cases and fixes the separator, so "k7q42m" and "K7Q 42M" find "K7Q-42M".
    static func normalize(_ input: String) -> String {
        // Codes come back from our own links as they were issued, on every checkout step.
        if isNormal(input) { return input }
        let characters = input.uppercased().filter { $0.isLetter || $0.isNumber }
        guard characters.count == 6 else { return input.uppercased() }
        return String(characters.prefix(3)) + "-" + String(characters.suffix(3))
    }

    /// Already `XXX-XXX` in upper case letters and digits.
    private static func isNormal(_ code: String) -> Bool {
        let bytes = code.utf8
        guard bytes.count == 7 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 3 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                else { return false }
            }
        }
        return true
    }
}

import GRDB

/// Short reservation codes people can read out and type: `K7Q-42M`.
///
/// The alphabet leaves out 0/O, 1/I/L so no two characters are confused; six characters
/// give 31⁶ ≈ 887 million codes, and a code is drawn again on the rare collision.
enum BookingCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// A random code of the form `XXX-XXX`.
    static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let characters = (0..<6).map { _ in alphabet.randomElement(using: &generator)! }
        return String(characters[0..<3]) + "-" + String(characters[3..<6])
    }

    /// A code no reservation uses yet. Runs inside the write transaction that inserts the
    /// reservation, so no other writer can take the code in between (and `UNIQUE` guards it).
    static func unused(_ db: Database) throws -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let code = random(using: &generator)
            let exists = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM reservations WHERE code = ?)"),
                arguments: [code]) ?? false
            if !exists { return code }
        }
    }

    /// Upper-cases and fixes the separator, so "k7q42m" and "K7Q 42M" find "K7Q-42M".
    static func normalize(_ input: String) -> String {
        let characters = input.uppercased().filter { $0.isLetter || $0.isNumber }
        guard characters.count == 6 else { return input.uppercased() }
        return String(characters.prefix(3)) + "-" + String(characters.suffix(3))
    }
}

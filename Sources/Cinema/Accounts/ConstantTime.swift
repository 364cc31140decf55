/// Byte comparison whose time does not depend on where the bytes differ, for secrets a
/// guess is checked against: password hashes (``PasswordHasher``), and the web layer's CSRF
/// tokens.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal, comparing every byte whatever the first difference
    /// (only the lengths, which are public, end it early).
    public static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}

import Foundation

/// The rules for usernames, e-mail addresses and passwords, as field messages.
enum AccountRules {
    static let usernameLength = 3...32
    static let minimumPasswordLength = 8
    static let maximumPasswordLength = 1_024
    static let maximumEmailLength = 254

    /// Letters and digits (ASCII), underscore, dot and hyphen.
    static func isUsernameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }

    static func checkUsername(_ username: String, field: String, into errors: inout ValidationError) {
        if username.isEmpty {
            errors.add(field, "Choose a username.")
        } else if !usernameLength.contains(username.count) {
            errors.add(field, "A username has 3 to 32 characters.")
        } else if !username.unicodeScalars.allSatisfy(isUsernameCharacter) {
            errors.add(field, "Use only letters, digits, and _ . - in a username.")
        }
    }

    static func checkEmail(_ email: String, field: String, into errors: inout ValidationError) {
        if email.isEmpty {
            errors.add(field, "Enter your e-mail address.")
            return
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid = email.count <= maximumEmailLength
            && parts.count == 2
            && !parts[0].isEmpty
            && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
            && email.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        if !valid {
            errors.add(field, "Enter an e-mail address like name@example.com.")
        }
    }

    static func checkPassword(_ password: String, field: String, into errors: inout ValidationError) {
        if password.count < minimumPasswordLength {
            errors.add(field, "A password has at least 8 characters.")
        } else if password.utf8.count > maximumPasswordLength {
            errors.add(field, "That password is too long.")
        }
    }

    static func checkConfirmation(
        _ confirmation: String, matches password: String, field: String, into errors: inout ValidationError
    ) {
        if confirmation != password {
            errors.add(field, "The two passwords do not match.")
        }
    }

    /// Usernames and e-mail addresses keep their case but lose surrounding spaces.
    static func normalize(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

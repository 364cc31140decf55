/// Input that a form or an API call must correct, field by field.
///
/// Every service throws this one type for user input, so a page can re-render its
/// form with each message beside its field:
///
/// ```swift
/// do {
///     try await accounts.signUp(username: u, email: e, password: p, passwordConfirmation: c)
/// } catch let error as ValidationError {
///     form.errors = error.fields  // ["username": "That username is taken."]
/// }
/// ```
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Field name (as in the service method's parameter label) to a sentence for the user.
    public var fields: [String: String]

    public init(_ fields: [String: String] = [:]) {
        self.fields = fields
    }

    /// One field with one message.
    public init(field: String, _ message: String) {
        self.fields = [field: message]
    }

    /// The message for `field`, if any.
    public subscript(field: String) -> String? {
        fields[field]
    }

    /// True when no field has a message.
    public var isEmpty: Bool { fields.isEmpty }

    /// Records a message for `field`, keeping an earlier one: the first problem is the one to fix.
    mutating func add(_ field: String, _ message: String) {
        if fields[field] == nil { fields[field] = message }
    }

    /// Throws `self` when some field has a message.
    func throwIfAny() throws(ValidationError) {
        if !fields.isEmpty { throw self }
    }

    public var description: String {
        "ValidationError(" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + ")"
    }
}

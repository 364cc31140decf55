/// A named function templates apply with `value | name` or `value | name: arg1, arg2`.
///
/// The app registers its own through ``TemplateLibrary/Options/filters``; a filter with the
/// name of a built-in replaces it.
///
/// ```swift
/// let stars = TemplateFilter(name: "stars", arguments: 0...1, validate: { args in
///     if let max = args.first, case .int(let n) = max, n <= 0 { return "expected a positive maximum" }
///     return nil
/// }) { value, args in
///     guard case .int(let rating) = value else { throw TemplateFilterError("expected an integer rating") }
///     return .string(String(repeating: "★", count: rating))
/// }
/// ```
public struct TemplateFilter: Sendable {
    /// The name templates use.
    public let name: String
    /// How many arguments the filter takes; checked at start-up.
    public let arguments: ClosedRange<Int>
    /// Checks the arguments at start-up when they are all literals; returns an error message,
    /// or `nil` when they are fine.
    public let validate: (@Sendable ([TemplateValue]) -> String?)?
    /// Computes the result from the input and the evaluated arguments. Errors thrown here are
    /// reported with the filter's file, line and column.
    public let apply: @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue

    /// Built-ins only: a faster closure prepared once for literal arguments (date patterns).
    let specialize: (@Sendable ([TemplateValue]) -> (@Sendable (TemplateValue) throws -> TemplateValue)?)?
    /// Built-ins only: for literal arguments, a closure that writes the result straight into
    /// the output (escaping it when asked), used when the filter is the last one in `{{ }}`.
    /// It saves building a String only to copy it into the output.
    let makeWriter: (@Sendable ([TemplateValue]) -> Writer?)?
    /// Built-ins only: the input may be an undefined variable even in strict mode (`default`).
    let acceptsUndefined: Bool

    /// Creates a filter.
    /// - Parameters:
    ///   - name: The name templates use after `|`.
    ///   - arguments: The allowed argument count; `0...0` for none, `1...2` for one or two.
    ///   - validate: Called at start-up with the arguments when all of them are literals;
    ///     return a message such as `"expected a positive length"` to reject them.
    ///   - apply: Computes the result; throw ``TemplateFilterError`` for a bad input.
    public init(
        name: String,
        arguments: ClosedRange<Int> = 0...0,
        validate: (@Sendable ([TemplateValue]) -> String?)? = nil,
        apply: @escaping @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue
    ) {
        self.init(builtin: name, arguments: arguments, validate: validate, apply: apply)
    }

    /// Writes a filter's result for one input into the output; `escape` asks for HTML escaping.
    typealias Writer = @Sendable (TemplateValue, inout OutputBuffer, _ escape: Bool) throws -> Void

    /// The initializer for built-ins, which may add fast paths.
    init(
        builtin name: String,
        arguments: ClosedRange<Int> = 0...0,
        validate: (@Sendable ([TemplateValue]) -> String?)? = nil,
        specialize: (@Sendable ([TemplateValue]) -> (@Sendable (TemplateValue) throws -> TemplateValue)?)? = nil,
        makeWriter: (@Sendable ([TemplateValue]) -> Writer?)? = nil,
        acceptsUndefined: Bool = false,
        apply: @escaping @Sendable (TemplateValue, [TemplateValue]) throws -> TemplateValue
    ) {
        self.name = name
        self.arguments = arguments
        self.validate = validate
        self.apply = apply
        self.specialize = specialize
        self.makeWriter = makeWriter
        self.acceptsUndefined = acceptsUndefined
    }
}

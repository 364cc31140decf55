public import Foundation

/// Every template of the app, compiled once and checked together, ready to render from any
/// thread.
///
/// ```swift
/// let templates = try TemplateLibrary(directory: URL(fileURLWithPath: "Templates"))
/// let html = try templates.render("pages/movies.html", ["movies": movies.templateValue])
/// ```
///
/// Start-up fails with a ``TemplateError`` (`file:line:column: message`) for any mistake in
/// any template: syntax, unclosed blocks, unknown filters or bad filter arguments, missing
/// include or extends targets, cycles, misplaced blocks. A broken template never reaches a
/// user.
public final class TemplateLibrary: Sendable {
    /// How templates are rendered.
    public struct Options: Sendable {
        /// Time zone of the `date` filter.
        public var timeZone: TimeZone
        /// Locale of the `date` filter's month and weekday names.
        public var locale: Locale
        /// ISO 4217 code of the `money` filter, e.g. "EUR" for "€12.50".
        public var currencyCode: String
        /// Undefined variables and keys, and values of the wrong type, throw instead of
        /// rendering empty. For tests and development.
        public var strict: Bool
        /// Re-reads the templates when a file the rendered template depends on has changed
        /// (its modification date, checked on each render). For development.
        public var reload: Bool
        /// The app's filters; one named like a built-in replaces the built-in.
        public var filters: [TemplateFilter]

        /// Creates options; the defaults suit production.
        public init(
            timeZone: TimeZone = .current,
            locale: Locale = Locale(identifier: "en_US_POSIX"),
            currencyCode: String = "EUR",
            strict: Bool = false,
            reload: Bool = false,
            filters: [TemplateFilter] = []
        ) {
            self.timeZone = timeZone
            self.locale = locale
            self.currencyCode = currencyCode
            self.strict = strict
            self.reload = reload
            self.filters = filters
        }
    }

    /// The options the library was created with.
    public let options: Options
    private let directory: URL?
    private let filters: [String: TemplateFilter]
    /// The compiled templates, when not in reload mode: read without a lock.
    private let fixedCatalog: TemplateCatalog?
    /// The compiled templates in reload mode, replaced when files change.
    private let catalog: Locked<TemplateCatalog>
    /// The size of the last render of each template, so the next one reserves it up front.
    private let lastSizes: Locked<[Int]>

    /// The names of all templates, e.g. `["layouts/base.html", "pages/movies.html"]`.
    public var templateNames: [String] { currentCatalog.names }

    /// Loads, compiles and checks every `.html` file under `directory` (subfolders included).
    /// Templates are named by their path relative to `directory`: `pages/movies.html`.
    /// - Parameters:
    ///   - directory: The templates folder, usually `Templates/`.
    ///   - options: Time zone, locale, currency, strict and reload modes, app filters.
    /// - Throws: ``TemplateError`` for the first mistake found, in name order.
    public convenience init(directory: URL, options: Options = .init()) throws {
        let sources = try Self.loadSources(from: directory)
        try self.init(sources: sources, directory: directory, options: options)
    }

    /// Compiles templates from memory, keyed by name (for tests and tools).
    /// - Parameters:
    ///   - templates: Source text by template name, e.g. `["pages/a.html": "{{ title }}"]`.
    ///   - options: Time zone, locale, currency, strict mode, app filters (`reload` is ignored).
    /// - Throws: ``TemplateError`` for the first mistake found, in name order.
    public convenience init(templates: [String: String], options: Options = .init()) throws {
        let sources = templates.map { TemplateCatalog.Source(name: $0.key, text: $0.value, url: nil, modified: nil) }
        try self.init(sources: sources, directory: nil, options: options)
    }

    private init(sources: [TemplateCatalog.Source], directory: URL?, options: Options) throws {
        var filters: [String: TemplateFilter] = [:]
        let builtins = BuiltinFilters.all(timeZone: options.timeZone, locale: options.locale, currencyCode: options.currencyCode)
        for filter in builtins + options.filters {
            filters[filter.name] = filter
        }
        let catalog = try TemplateCatalog(sources: sources, filters: filters)
        self.options = options
        self.directory = directory
        self.filters = filters
        self.catalog = Locked(catalog)
        self.fixedCatalog = options.reload && directory != nil ? nil : catalog
        self.lastSizes = Locked([Int](repeating: 0, count: catalog.templates.count))
    }

    /// Renders the template `name` with `context` and returns the text.
    /// - Parameters:
    ///   - name: The template's name, e.g. `pages/movies.html`.
    ///   - context: The values the template reads, usually a dictionary or a ``TemplateObject``.
    /// - Throws: ``TemplateError`` for an unknown name, a failing filter, or (in strict mode)
    ///   an undefined variable or a value of the wrong type.
    public func render(_ name: String, _ context: TemplateValue) throws -> String {
        try render(name, context) { $0.string }
    }

    /// Renders the template `name` with `context`, appending UTF-8 to `buffer`: the fast path
    /// for servers that reuse a buffer or copy the bytes straight into a response.
    ///
    /// On error, `buffer` is left as it was before the call.
    public func render(_ name: String, _ context: TemplateValue, into buffer: inout [UInt8]) throws {
        try render(name, context) { output in buffer.append(contentsOf: output.bytes) }
    }

    /// Renders into a fresh output buffer and hands it to `finish`.
    private func render<Result>(_ name: String, _ context: TemplateValue, finish: (borrowing OutputBuffer) -> Result) throws -> Result {
        let catalog = try fixedCatalog ?? reloadedCatalog(for: name)
        guard let template = catalog.template(named: name) else {
            throw TemplateError(
                file: name,
                line: 0,
                column: 0,
                kind: .missingTemplate,
                message: "no template named '\(name)'\(suggestion(for: name, among: catalog.names))"
            )
        }
        let hint = lastSizes.withLock { $0.indices.contains(template.index) ? $0[template.index] : 0 }
        var renderer = Renderer(
            catalog: catalog,
            root: context,
            strict: options.strict,
            output: OutputBuffer(capacity: max(hint, template.textSize * 2))
        )
        do {
            try renderer.render(template: template)
        } catch {
            // Rendering throws only LocatedErrors; filters' own errors are wrapped in them.
            let located = error as? LocatedError ?? LocatedError(.render, at: SourceLocation(file: template.index, line: 0, column: 0), "\(error)")
            throw located.resolved(names: catalog.names)
        }
        let size = renderer.output.count
        // A little headroom so a slightly longer page does not reallocate.
        lastSizes.withLock { sizes in
            if sizes.indices.contains(template.index) { sizes[template.index] = size + size / 8 }
        }
        return finish(renderer.output)
    }

    // MARK: - Loading and reloading

    private var currentCatalog: TemplateCatalog {
        fixedCatalog ?? catalog.withLock { $0 }
    }

    private static func loadSources(from directory: URL) throws -> [TemplateCatalog.Source] {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey]) else {
            throw TemplateError(file: directory.path, line: 0, column: 0, kind: .io, message: "cannot read the templates folder")
        }
        var sources: [TemplateCatalog.Source] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator where url.pathExtension == "html" {
            let resolved = url.resolvingSymlinksInPath()
            let name = String(resolved.path.dropFirst(prefix.count))
            do {
                let text = try String(contentsOf: resolved, encoding: .utf8)
                let modified = modificationDate(of: resolved)
                sources.append(TemplateCatalog.Source(name: name, text: text, url: resolved, modified: modified))
            } catch {
                throw TemplateError(file: name, line: 0, column: 0, kind: .io, message: "cannot read the file: \(error)")
            }
        }
        return sources
    }

    /// In reload mode: the catalog, recompiled first when any file `name` depends on changed.
    /// The whole folder is recompiled, because a changed partial changes its includers.
    private func reloadedCatalog(for name: String) throws -> TemplateCatalog {
        guard let directory else { return currentCatalog }
        // One lock around check and rebuild: concurrent renders wait for one recompilation.
        return try catalog.withLock { catalog in
            if let template = catalog.template(named: name), !Self.hasChanges(template, in: catalog) {
                return catalog
            }
            if catalog.template(named: name) == nil,
                !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
            {
                return catalog
            }
            let fresh = try TemplateCatalog(sources: Self.loadSources(from: directory), filters: filters)
            catalog = fresh
            lastSizes.withLock { $0 = [Int](repeating: 0, count: fresh.templates.count) }
            return fresh
        }
    }

    private static func modificationDate(of url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    private static func hasChanges(_ template: Template, in catalog: TemplateCatalog) -> Bool {
        for index in template.dependencies {
            let source = catalog.sources[index]
            guard let url = source.url else { continue }
            if modificationDate(of: url) != source.modified { return true }
        }
        return false
    }
}

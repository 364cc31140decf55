import HTTPCore
import Templating

/// Page links for a list (`partials/pagination.html`): the numbers around the current page,
/// previous and next.
enum Pagination {
    /// The links for `page` of `pageCount` pages (at least one).
    ///
    /// Any `page` is drawn without trapping, even one past the end, which lists reach through
    /// old bookmarks once they shrink (their controllers send those to the last page first,
    /// see ``redirectPastTheEnd(page:pageCount:url:)``): the window of seven numbers is kept
    /// within the pages there are.
    static func value(page: Int, pageCount: Int, url: (Int) -> String) -> TemplateValue {
        let last = max(1, pageCount)
        let current = min(max(1, page), last)
        let first = max(1, min(current - 3, last - 6))
        let window = first...min(last, first + 6)
        return [
            "pages": .array(window.map { ["number": .int($0), "url": .string(url($0)), "current": .bool($0 == current)] }),
            "previous": current > 1 ? .string(url(current - 1)) : .null,
            "next": current < last ? .string(url(current + 1)) : .null,
        ]
    }

    /// A redirect to the last page when `page` lies past it (a bookmark of a list that has
    /// since shrunk, or a typed URL), else nil: the visitor lands on the list's end rather
    /// than on an empty page that still counts its films.
    static func redirectPastTheEnd(page: Int, pageCount: Int, url: (Int) -> String) -> Response? {
        page > max(1, pageCount) ? .redirect(to: url(max(1, pageCount)), status: .found) : nil
    }
}

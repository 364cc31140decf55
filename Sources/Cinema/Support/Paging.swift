/// The arithmetic of a list shown a page at a time, in one place for every list that pages
/// (the catalogue, the admin lists, a customer's past bookings).
public enum Paging {
    /// How many pages `total` items fill at `perPage` a page: at least 1, since an empty list
    /// is shown as one empty page.
    public static func pageCount(total: Int, perPage: Int) -> Int {
        max(1, (total + perPage - 1) / max(1, perPage))
    }

    /// `page` kept within the pages `total` items fill, for lists that show their last page
    /// rather than an empty one when asked for a page past the end.
    static func page(_ page: Int, total: Int, perPage: Int) -> Int {
        min(max(1, page), pageCount(total: total, perPage: perPage))
    }

    /// The rows to skip before `page` (SQL's `OFFSET`).
    static func offset(page: Int, perPage: Int) -> Int {
        (max(1, page) - 1) * perPage
    }
}

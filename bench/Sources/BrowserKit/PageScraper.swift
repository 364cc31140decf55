/// Reads what a client needs out of Marquee's HTML, straight from the bytes: the CSRF
/// token, the seats on a seat map, links to showtimes.
///
/// This knows the markup of `Templates/partials/csrf.html`, `partials/seat-grid.html` and
/// `pages/showtimes.html`; if those change, change this too.
public enum PageScraper {
    /// A seat on a seat map and whether it can be chosen.
    public struct SeatInput: Equatable, Sendable {
        public var id: Int64
        public var isFree: Bool
    }

    /// The value of the first `name="_csrf" value="…"` field.
    public static func csrfToken(in page: [UInt8]) -> String? {
        guard let start = find(Array(#"name="_csrf" value=""#.utf8), in: page, from: 0) else { return nil }
        guard let end = page[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return String(decoding: page[start..<end], as: UTF8.self)
    }

    /// Every seat checkbox on a seat map, in page order; a seat is free unless the input
    /// is `disabled`.
    public static func seats(in page: [UInt8]) -> [SeatInput] {
        let marker = Array(#"<input type="checkbox" name="seat" value=""#.utf8)
        var seats: [SeatInput] = []
        var position = 0
        while let start = find(marker, in: page, from: position) {
            let (id, index) = number(in: page, at: start)
            guard let close = page[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let disabled = find(Array(" disabled".utf8), in: page, from: index, upTo: close) != nil
            seats.append(SeatInput(id: id, isFree: !disabled))
            position = close
        }
        return seats
    }

    /// The ids of `href="/showtimes/ID"` links, in page order, without repeats.
    public static func showtimeIDs(in page: [UInt8]) -> [Int64] {
        numbers(after: Array(#"href="/showtimes/"#.utf8), in: page)
    }

    /// The ids of `href="/movies/ID"` links, in page order, without repeats.
    public static func movieIDs(in page: [UInt8]) -> [Int64] {
        numbers(after: Array(#"href="/movies/"#.utf8), in: page)
    }

    /// Whether `text` occurs in the page.
    public static func contains(_ text: String, in page: [UInt8]) -> Bool {
        find(Array(text.utf8), in: page, from: 0) != nil
    }

    private static func numbers(after marker: [UInt8], in page: [UInt8]) -> [Int64] {
        var seen = Set<Int64>()
        var found: [Int64] = []
        var position = 0
        while let start = find(marker, in: page, from: position) {
            let (value, index) = number(in: page, at: start)
            // Only a whole link: `/showtimes/12"`, not `/showtimes/12/hold`.
            if index > start, index < page.count, page[index] == UInt8(ascii: "\""), seen.insert(value).inserted {
                found.append(value)
            }
            position = index
        }
        return found
    }

    /// The decimal number written at `start` (0 when there is none) and the index after it.
    private static func number(in page: [UInt8], at start: Int) -> (value: Int64, end: Int) {
        var index = start
        var value: Int64 = 0
        while index < page.count, page[index] >= UInt8(ascii: "0"), page[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int64(page[index] - UInt8(ascii: "0"))
            index += 1
        }
        return (value, index)
    }

    /// The index just after the first occurrence of `needle` in `haystack[from..<upTo]`, or nil.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, upTo: Int? = nil) -> Int? {
        guard let first = needle.first else { return nil }
        let end = min(upTo ?? haystack.count, haystack.count)
        var index = max(from, 0)
        let last = end - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index + needle.count }
            }
            index += 1
        }
        return nil
    }
}

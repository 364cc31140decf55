import HTTPCore
import NIOHTTP1
import Templating
import Testing
@testable import Web

/// Page links for every page asked for, inside and outside the list, and every list length.
struct PaginationTests {
    @Test func theLinksStayWithinThePagesThereAre() throws {
        for pageCount in 0...12 {
            let last = max(1, pageCount)
            for page in -2...(last + 12) {
                let value = Pagination.value(page: page, pageCount: pageCount) { "/list?page=\($0)" }
                guard case .dictionary(let links) = value, case .array(let pages)? = links["pages"] else {
                    Issue.record("no pages for page \(page) of \(pageCount)")
                    continue
                }
                let numbers = pages.compactMap { entry -> Int? in
                    guard case .dictionary(let fields) = entry, case .int(let number)? = fields["number"] else { return nil }
                    return number
                }
                let current = min(max(1, page), last)
                #expect(numbers == Array(numbers.first!...numbers.last!), "page \(page) of \(pageCount)")
                #expect(numbers.first! >= 1 && numbers.last! <= last && numbers.count == min(7, last), "page \(page) of \(pageCount)")
                #expect(numbers.contains(current), "page \(page) of \(pageCount)")
                #expect(links["previous"]?.isTruthy == (current > 1), "page \(page) of \(pageCount)")
                #expect(links["next"]?.isTruthy == (current < last), "page \(page) of \(pageCount)")
            }
        }
    }

    @Test func onlyAPagePastTheEndIsSentToTheLast() {
        let url = { (number: Int) in "/list?page=\(number)" }
        #expect(Pagination.redirectPastTheEnd(page: 3, pageCount: 3, url: url) == nil)
        #expect(Pagination.redirectPastTheEnd(page: 1, pageCount: 0, url: url) == nil)
        let redirect = Pagination.redirectPastTheEnd(page: 4, pageCount: 3, url: url)
        #expect(redirect?.status == .found)
        #expect(redirect?.headers.first(name: "location") == "/list?page=3")
    }
}

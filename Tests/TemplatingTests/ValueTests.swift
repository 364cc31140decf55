import Foundation
import Testing
import Templating

struct ValueTests {
    struct Showtime: Encodable {
        let id: Int
        let start: Date
        let hall: String
        let subtitles: String?
        let poster: URL
        let prices: [String: Int]
        let tags: [String]
    }

    struct Screen: Encodable {
        let movie: String
        let showtimes: [Showtime]
        let rating: Double
        let soldOut: Bool
    }

    @Test func encodableBridge() throws {
        let start = Date(timeIntervalSince1970: 1_750_015_800)
        let screen = Screen(
            movie: "Dune",
            showtimes: [
                Showtime(
                    id: 7,
                    start: start,
                    hall: "IMAX",
                    subtitles: nil,
                    poster: URL(string: "https://example.com/p.jpg")!,
                    prices: ["adult": 1250],
                    tags: ["3D", "OV"]
                )
            ],
            rating: 8.5,
            soldOut: false
        )
        let context = try TemplateValue(encoding: screen)
        let source = """
            {{ movie }} {{ rating }} {{ soldOut }}{% for s in showtimes %} #{{ s.id }} {{ s.start | date: "HH:mm" }} {{ s.hall }} \
            [{{ s.subtitles | default: "none" }}] {{ s.poster }} {{ s.prices.adult | money }} {{ s.tags | join: "/" }}{% end %}
            """
        let options = TemplateLibrary.Options(timeZone: TimeZone(identifier: "UTC")!, strict: true)
        #expect(try render(source, context, options: options) == "Dune 8.5 false #7 19:30 IMAX [none] https://example.com/p.jpg €12.50 3D/OV")
        // nil optionals are present as null, so strict mode accepts them without `default`.
        #expect(try render("{% for s in showtimes %}[{{ s.subtitles }}]{% end %}", context, options: options) == "[]")
    }

    @Test func encodableEnumsAndNestedArrays() throws {
        enum Format: String, Encodable { case imax, standard }
        struct Hall: Encodable {
            let format: Format
            let grid: [[Int]]
        }
        let context = try TemplateValue(encoding: ["hall": Hall(format: .imax, grid: [[1, 2], [3]])])
        #expect(try render("{{ hall.format | upper }} {{ hall.grid[0][1] }}{{ hall.grid[1][0] }}", context) == "IMAX 23")
    }

    @Test func convertibleValues() throws {
        let genres: [String] = ["Drama"]
        let tagline: String? = nil
        let prices: [String: Int] = ["adult": 1250]
        let context: TemplateValue = [
            "genres": genres.templateValue,
            "tagline": tagline.templateValue,
            "prices": prices.templateValue,
            "runtime": 155.templateValue,
            "when": Date(timeIntervalSince1970: 0).templateValue,
            "ok": TemplateValue(true),
        ]
        let html = try render("{{ genres[0] }}|{{ tagline }}|{{ prices.adult }}|{{ runtime }}|{{ when }}|{{ ok }}", context)
        #expect(html == "Drama||1250|155|1970-01-01T00:00:00Z|true")
    }

    @Test func objectsAsTheRootContext() throws {
        struct Page: TemplateObject {
            let title: String
            let seats: [Seat]
            func value(forKey key: String) -> TemplateValue? {
                switch key {
                case "title": .string(title)
                case "seats": .array(seats.map { .object($0) })
                default: nil
                }
            }
        }
        let page = Page(title: "Hall 1", seats: [Seat(row: "A", number: 1), Seat(row: "A", number: 2)])
        #expect(try render("{{ title }}:{% for s in seats %} {{ s.row }}{{ s.number }}{% end %}", .object(page)) == "Hall 1: A1 A2")
    }

    @Test func truthinessAndNull() {
        #expect(TemplateValue.null.isNull)
        #expect(!TemplateValue.string("").isTruthy)
        #expect(TemplateValue.string("x").isTruthy)
        #expect(!TemplateValue.array([]).isTruthy)
        #expect(TemplateValue.object(Seat(row: "A", number: 0)).isTruthy)
    }
}

import Cinema
import Foundation
import Templating
import Testing
@testable import Web

/// The seat grid built from remembered fragments is the grid the template draws afresh, for
/// every state a seat goes through, and a seat that changes shows its new look at once.
struct SeatPlaceFragmentsTests {
    let library: TemplateLibrary

    init() throws {
        let templates = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates")
        library = try TemplateLibrary(directory: templates, options: .init(strict: true))
    }

    /// Two rows with an aisle; seat states as given, in order.
    func map(_ states: [SeatMap.State], categories: [SeatCategory]? = nil) -> SeatMap {
        let listing = ShowtimeListing(
            showtime: ScheduledShowtime(
                id: 1, movieID: 1, movieTitle: "Film", posterPath: nil, runtimeMinutes: 90, rating: "PG",
                hallID: 1, hallName: "Hall 1", format: .standard, startsAt: Date(timeIntervalSince1970: 2_000_000_000),
                endsAt: Date(timeIntervalSince1970: 2_000_006_000), status: .scheduled),
            capacity: states.count, seatsLeft: 1)
        let seats = states.enumerated().map { index, state in
            SeatMap.Seat(
                id: Int64(100 + index), rowLabel: index < 3 ? "A" : "B", number: index % 3 + 1,
                gridRow: index / 3, gridCol: index % 3 == 2 ? 3 : index % 3,
                category: categories?[index] ?? .standard, state: state)
        }
        return SeatMap(
            showtime: listing, seats: seats, gridRows: 2, gridCols: 4, prices: [],
            surcharges: [.vip: 300], viewerHoldCode: nil, viewerHoldExpiresAt: nil)
    }

    func html(_ rows: TemplateValue) throws -> String {
        try library.render("partials/seat-grid.html", ["rows": rows])
    }

    /// Remembered at the usual size, and in a memo so small it starts over all the time.
    @Test(arguments: [2 << 20, 600])
    func rememberedGridIsTheFreshGrid(byteCapacity: Int) throws {
        let remembered = try SeatPlaceFragments(library: library, remember: true, byteCapacity: byteCapacity)
        let fresh = try SeatPlaceFragments(library: library, remember: false)
        let states: [[SeatMap.State]] = [
            [.free, .free, .free, .free, .free, .free],
            [.free, .taken, .heldByOther, .mine, .blocked, .free],
            [.mine, .free, .taken, .free, .heldByOther, .blocked],
            [.free, .free, .free, .free, .free, .free],
        ]
        for (round, seatStates) in states.enumerated() {
            let seatMap = map(seatStates, categories: [.standard, .vip, .wheelchair, .companion, .standard, .vip])
            for (own, bookable) in [(false, true), (true, true), (false, false)] {
                let checked: Set<Int64> = round % 2 == 0 ? [100, 103] : [101]
                let justTaken: Set<Int64> = round == 1 ? [102] : []
                let ours = try html(remembered.rows(seatMap, checked: checked, justTaken: justTaken, ownSelectable: own, bookable: bookable))
                let theirs = try html(fresh.rows(seatMap, checked: checked, justTaken: justTaken, ownSelectable: own, bookable: bookable))
                #expect(ours == theirs, "round \(round), own \(own), bookable \(bookable)")
            }
        }
    }

    @Test func aSeatThatChangesShowsItsNewLook() throws {
        let fragments = try SeatPlaceFragments(library: library, remember: true)
        let before = try html(fragments.rows(map(Array(repeating: .free, count: 6)), checked: [], justTaken: [], ownSelectable: false, bookable: true))
        #expect(before.components(separatedBy: "seat standard free").count - 1 == 6)
        var states = Array(repeating: SeatMap.State.free, count: 6)
        states[4] = .taken
        let after = try html(fragments.rows(map(states), checked: [], justTaken: [], ownSelectable: false, bookable: true))
        #expect(after.components(separatedBy: "seat standard free").count - 1 == 5)
        #expect(after.contains(#"title="Row B, seat 2, taken""#))
        #expect(after.contains(#"<span class="gap" aria-hidden="true"></span>"#))
    }

    /// A seat is one label with nothing between its tags, and only a seat that costs extra
    /// carries its surcharge (the script reads a missing one as 0): a seat map repeats this
    /// markup for every seat of the hall.
    @Test func aSeatIsCompactAndCarriesOnlyAnExtraCharge() throws {
        let fragments = try SeatPlaceFragments(library: library, remember: false)
        var seatMap = map(Array(repeating: .free, count: 6), categories: [.vip, .standard, .standard, .standard, .standard, .standard])
        seatMap.surcharges = [.vip: 250]
        let rows = try html(fragments.rows(seatMap, checked: [], justTaken: [], ownSelectable: false, bookable: true))
        #expect(rows.contains(
            #"<label class="seat vip free" title="Row A, seat 1, VIP, free"><input type="checkbox" name="seat" value="100" aria-label="Row A, seat 1, VIP, free" data-cents="250"><span class="face" aria-hidden="true">1</span></label>"#))
        #expect(rows.contains(
            #"<label class="seat standard free" title="Row A, seat 2, free"><input type="checkbox" name="seat" value="101" aria-label="Row A, seat 2, free"><span class="face" aria-hidden="true">2</span></label>"#))
        #expect(rows.components(separatedBy: "data-cents").count - 1 == 1)
        let seats = rows.components(separatedBy: "<label").dropFirst().map { $0.components(separatedBy: "</label>")[0] }
        #expect(seats.count == 6 && seats.allSatisfy { !$0.contains("\n") })
    }

    /// A row's remembered HTML is only reused for the very same seats: the same ids with new
    /// labels, numbers, categories or surcharges are drawn anew, and so is a label that
    /// changes at another seat of the row.
    @Test func aRowIsReusedOnlyForTheSameSeats() throws {
        let remembered = try SeatPlaceFragments(library: library, remember: true)
        let fresh = try SeatPlaceFragments(library: library, remember: false)
        let base = map(Array(repeating: .free, count: 6))
        var relabelled = base
        relabelled.seats[3].rowLabel = "C"
        var splitLater = base
        splitLater.seats[4].rowLabel = "C"
        splitLater.seats[5].rowLabel = "C"
        var splitEarlier = base
        splitEarlier.seats[5].rowLabel = "C"
        var renumbered = base
        renumbered.seats[4].number = 9
        var recategorised = base
        recategorised.seats[4].category = .vip
        var repriced = base
        repriced.surcharges = [.standard: 150]
        for variant in [base, relabelled, splitLater, splitEarlier, renumbered, recategorised, repriced, base] {
            let ours = try html(remembered.rows(variant, checked: [], justTaken: [], ownSelectable: false, bookable: true))
            let theirs = try html(fresh.rows(variant, checked: [], justTaken: [], ownSelectable: false, bookable: true))
            #expect(ours == theirs)
        }
        let later = try html(remembered.rows(splitLater, checked: [], justTaken: [], ownSelectable: false, bookable: true))
        let earlier = try html(remembered.rows(splitEarlier, checked: [], justTaken: [], ownSelectable: false, bookable: true))
        #expect(later.contains("Row C, seat 2") && !earlier.contains("Row C, seat 2"))
    }

    /// The grid is the map's rows (`SeatMap.rows`) drawn place by place through the template:
    /// each seat in its cell, an aisle in every empty one, and each row's label.
    @Test func theGridIsTheMapsRowsDrawnPlaceByPlace() throws {
        let fragments = try SeatPlaceFragments(library: library, remember: true)
        let seatMap = map([.free, .taken, .heldByOther, .mine, .blocked, .free], categories: [.vip, .standard, .standard, .wheelchair, .standard, .companion])
        var expected: [TemplateValue] = []
        for row in seatMap.rows {
            var places = ""
            for cell in row.cells {
                let place = cell.map { seat in
                    SeatPlaceFragments.place(.init(
                        seatID: seat.id, rowLabel: seat.rowLabel, number: seat.number, category: seat.category,
                        state: seat.state, ownSelectable: false, checked: false, selectable: seat.state == .free,
                        justTaken: false, surcharge: seatMap.surcharges[seat.category] ?? 0))
                } ?? SeatPlace.gap
                places += try library.render("partials/seat-place.html", ["p": .object(place)])
            }
            expected.append(["label": .string(row.label ?? ""), "places": .string(places)])
        }
        for _ in 0..<2 {
            let ours = try html(fragments.rows(seatMap, checked: [], justTaken: [], ownSelectable: false, bookable: true))
            #expect(try ours == html(.array(expected)))
        }
        #expect(seatMap.seatIndexByCell == [0, 1, -1, 2, 3, 4, -1, 5])
    }
}

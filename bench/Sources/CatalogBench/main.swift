// The catalogue's hot reads in a loop, on a copy of a demo database, in CPU time per call:
// how the page benchmarks' database share is measured without HTTP or templates around it.
//
//   swift run -c release CatalogBench /tmp/some-demo.sqlite [iterations]
//
// Make the database with `marquee seed-demo --database PATH` (bench/run.sh --keep leaves one).
import Cinema
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: CatalogBench DATABASE [iterations]")
    exit(2)
}
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
let database = try CinemaDatabase.open(path: arguments[1])
let catalog = Catalog(database: database, settings: CinemaSettings())
let now = Date()

func cpuMicroseconds() -> Double {
    // The whole process: GRDB runs the reads on its own threads.
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}

/// CPU µs per call of `body`, after a warm-up.
func measure(_ name: String, _ body: () async throws -> Void) async throws {
    for _ in 0..<50 { try await body() }
    let start = cpuMicroseconds()
    let clock = ContinuousClock.now
    for _ in 0..<iterations { try await body() }
    let cpu = (cpuMicroseconds() - start) / Double(iterations)
    let wall = (ContinuousClock.now - clock) / iterations
    print("\(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", cpu)) µs CPU, \(wall) wall per call")
}

var all = MovieFilter(perPage: 24)
try await measure("movies (now showing)") { _ = try await catalog.movies(all, now: now) }
all.genre = "comedy"
all.keyword = "Thursday"
try await measure("movies (genre + keyword)") { _ = try await catalog.movies(all, now: now) }
let firstMovie = try await catalog.movies(MovieFilter(perPage: 1), now: now).items.first!.id
try await measure("movie \(firstMovie)") { _ = try await catalog.movie(id: firstMovie, now: now) }
let showtime = try await catalog.movie(id: firstMovie, now: now)!.showtimes.first!.id
try await measure("seat map \(showtime)") { _ = try await catalog.seatMap(showtimeID: showtime, viewer: nil, now: now) }

// TemplateBench: Marquee's Templating and swift-mustache 2.1.1 render the same movie-list
// page (layout, 50 cards, conditionals, formatting) in the same process, alternating rounds so
// both see the same machine load. Run through bench/templates.sh.
//
//   TemplateBench [--seconds S] [--rounds N]
//   TemplateBench --profile N    renders only Marquee's page N times (for valgrind --tool=callgrind)
//   TemplateBench --profile-objects N    the same with the TemplateObject context
//   TemplateBench --profile-mustache N   swift-mustache's page N times
import Foundation
import Mustache
import Templating

var seconds = 1.0
var rounds = 5
var profileRenders = 0
var profileObjects = false
var profileMustache = 0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
    case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? rounds
    case "--profile": profileRenders = Int(arguments.popFirst() ?? "") ?? 1000
    case "--profile-mustache": profileMustache = Int(arguments.popFirst() ?? "") ?? 100
    case "--profile-objects":
        profileRenders = Int(arguments.popFirst() ?? "") ?? 1000
        profileObjects = true
    default:
        print("usage: TemplateBench [--seconds S] [--rounds N] | --profile N | --profile-objects N | --profile-mustache N")
        exit(2)
    }
}

/// Renders per second over one round of about `seconds`.
func measure(for seconds: Double, _ body: () throws -> Int) rethrows -> Double {
    var sink = 0
    var renders = 0
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
    while clock.now < deadline {
        for _ in 0..<50 {
            sink &+= try body()
        }
        renders += 50
    }
    let elapsed = start.duration(to: clock.now)
    if sink == 42 { print("") }  // keeps the results alive
    let (whole, attoseconds) = elapsed.components
    return Double(renders) / (Double(whole) + Double(attoseconds) * 1e-18)
}

let page = MovieData.page()
let marquee = try TemplateLibrary(templates: MarqueePage.templates, options: MarqueePage.options)
let marqueeContext = MarqueePage.context(page)
if profileRenders > 0 {
    var bytes: [UInt8] = []
    for _ in 0..<profileRenders {
        bytes.removeAll(keepingCapacity: true)
        let context = profileObjects ? MarqueePage.objectContext(page) : marqueeContext
        try marquee.render("pages/movies.html", context, into: &bytes)
    }
    print("rendered \(profileRenders) pages of \(bytes.count) bytes")
    exit(0)
}
let mustache = try MustachePage.library()
let mustacheContext = MustachePage.context(page)
if profileMustache > 0 {
    var bytes = 0
    for _ in 0..<profileMustache {
        bytes = mustache.render(mustacheContext, withTemplate: "movies")?.utf8.count ?? 0
    }
    print("rendered \(profileMustache) pages of \(bytes) bytes with swift-mustache")
    exit(0)
}

// Both engines must produce the same page, or the comparison means nothing.
let marqueeHTML = try marquee.render("pages/movies.html", marqueeContext)
let objectHTML = try marquee.render("pages/movies.html", MarqueePage.objectContext(page))
guard let mustacheHTML = mustache.render(mustacheContext, withTemplate: "movies") else {
    fatalError("swift-mustache did not render the page")
}
guard marqueeHTML == mustacheHTML, objectHTML == marqueeHTML else {
    let out = FileManager.default.temporaryDirectory
    try marqueeHTML.write(to: out.appendingPathComponent("marquee.html"), atomically: true, encoding: .utf8)
    try mustacheHTML.write(to: out.appendingPathComponent("mustache.html"), atomically: true, encoding: .utf8)
    print("outputs differ; see \(out.path)/marquee.html and mustache.html")
    exit(1)
}

struct Engine {
    let name: String
    let render: () throws -> Int
    var results: [Double] = []
}

var buffer: [UInt8] = []
var engines = [
    Engine(name: "marquee  render -> String") {
        try marquee.render("pages/movies.html", marqueeContext).utf8.count
    },
    Engine(name: "marquee  render(into: [UInt8])") {
        buffer.removeAll(keepingCapacity: true)
        try marquee.render("pages/movies.html", marqueeContext, into: &buffer)
        return buffer.count
    },
    Engine(name: "marquee  TemplateObject context") {
        try marquee.render("pages/movies.html", MarqueePage.objectContext(page)).utf8.count
    },
    Engine(name: "mustache render -> String") {
        mustache.render(mustacheContext, withTemplate: "movies")?.utf8.count ?? 0
    },
]

print("movie-list page: \(marqueeHTML.utf8.count) bytes, 50 cards, identical output from both engines")
print("\(rounds) alternating rounds of \(seconds) s each; best round shown, median in brackets")
for engine in engines.indices {
    _ = try measure(for: seconds, engines[engine].render)  // warm-up
}
for _ in 0..<rounds {
    for engine in engines.indices {
        engines[engine].results.append(try measure(for: seconds, engines[engine].render))
    }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
for engine in engines {
    let best = engine.results.max()!
    let line = "\(engine.name.padding(toLength: 34, withPad: " ", startingAt: 0))"
        + String(format: "%10.0f renders/s  %7.1f µs/render  [median %.0f/s]", best, 1e6 / best, median(engine.results))
    print(line)
}
let mustacheBest = engines[3].results.max()!
print(String(format: "ratio marquee/mustache (String):  %.1fx", engines[0].results.max()! / mustacheBest))
print(String(format: "ratio marquee/mustache (buffer):  %.1fx", engines[1].results.max()! / mustacheBest))

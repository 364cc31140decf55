// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so the test command never builds them
// (and never builds swift-mustache, which only the template benchmark compares against).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "marquee-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named explicitly: a path dependency is otherwise named after its folder, which is
        // not "marquee" in worktrees and CI checkouts.
        .package(name: "marquee", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Marquee's HTTPCore and a bare-NIO server answering the same two routes, side by side.
        .executableTarget(
            name: "HTTPBench",
            dependencies: [
                .product(name: "HTTPCore", package: "marquee"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Marquee's Templating and swift-mustache rendering the same movie-list page.
        .executableTarget(
            name: "TemplateBench",
            dependencies: [
                .product(name: "Templating", package: "marquee"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The catalogue's hot reads in a loop, in CPU time per call (no HTTP, no templates).
        .executableTarget(
            name: "CatalogBench",
            dependencies: [.product(name: "Cinema", package: "marquee")],
            swiftSettings: swiftSettings
        ),
        // What the load generators share: reading pages, keeping cookies, encoding forms.
        .target(name: "BrowserKit", swiftSettings: swiftSettings),
        // The booking path's four requests through the router in process, in CPU time each.
        .executableTarget(
            name: "BookingBench",
            dependencies: [
                "BrowserKit",
                .product(name: "Web", package: "marquee"),
                .product(name: "HTTPCore", package: "marquee"),
                .product(name: "Cinema", package: "marquee"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Booking storm and contention run against a running Marquee, through its real forms.
        .executableTarget(
            name: "BookingLoad",
            dependencies: [
                "BrowserKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

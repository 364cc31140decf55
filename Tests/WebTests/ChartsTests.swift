import Cinema
import Foundation
import Testing
@testable import Web

/// The SVG builders on their own: structure, escaping, and the figures written as text.
@Suite struct ChartsTests {
    static let nasty = "<Hall \"1\" & 'Co'>"

    static let heatmap = OccupancyHeatmap(hours: [17, 18, 19], rows: [
        .init(hallID: 1, hallName: nasty, cells: [
            .init(hour: 17, showtimes: 1, averagePercentFull: 12.5),
            .init(hour: 18, showtimes: 0, averagePercentFull: nil),
            .init(hour: 19, showtimes: 2, averagePercentFull: 87.25),
        ]),
        .init(hallID: 2, hallName: "Studio", cells: [
            .init(hour: 17, showtimes: 0, averagePercentFull: nil),
            .init(hour: 18, showtimes: 1, averagePercentFull: 50),
            .init(hour: 19, showtimes: 0, averagePercentFull: nil),
        ]),
    ])

    @Test func heatmapDrawsACellWithATooltipAndALabelPerHallAndHour() {
        let svg = Charts.heatmap(Self.heatmap)
        #expect(svg.hasPrefix("<svg class=\"chart heatmap\" viewBox=\"0 0 "))
        #expect(svg.hasSuffix("</svg>"))
        // 6 cells + 6 legend swatches.
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 12)
        #expect(svg.contains(">13%</text>"))
        #expect(svg.contains(">87%</text>"))
        #expect(svg.contains(">50%</text>"))
        #expect(svg.contains("<title>Studio, 18:00–18:59: 1 showtime, on average 50.0% full.</title>"))
        #expect(svg.contains("<title>Studio, 17:00–17:59: no showtime.</title>"))
        #expect(svg.contains(">17:00</text>") && svg.contains(">19:00</text>"))
        #expect(svg.contains(">80% and more</text>") && svg.contains(">no showtime</text>"))
        // The colour follows the step of the percentage.
        #expect(svg.contains("fill=\"\(Charts.heatSteps[4].fill)\"/><text"))
        #expect(svg.contains("fill=\"\(Charts.heatSteps[0].fill)\"/><text"))
        #expect(!svg.contains("style="))
    }

    @Test func heatmapForNarrowScreensHasHoursDownAndTheSameCells() {
        let wide = Charts.heatmap(Self.heatmap, id: "w")
        let tall = Charts.heatmap(Self.heatmap, id: "t", hoursDown: true)
        #expect(tall.contains("aria-labelledby=\"t-title t-desc\""))
        #expect(tall.components(separatedBy: "<rect ").count - 1 == 12)
        // Hours label the rows (anchored at the end), halls the columns (centred).
        #expect(tall.contains("text-anchor=\"end\" font-size=\"13\" fill=\"#eef0f5\">17:00</text>"))
        #expect(tall.contains("text-anchor=\"middle\" font-size=\"12\" fill=\"#a3aabb\">Studio</text>"))
        #expect(wide.contains("text-anchor=\"end\" font-size=\"13\" fill=\"#eef0f5\">Studio</text>"))
        // Every cell tooltip appears in both drawings.
        let tooltips = { (svg: String) in Set(svg.components(separatedBy: "<g><title>").dropFirst().map { $0.components(separatedBy: "</title>")[0] }) }
        #expect(tooltips(wide).count == 6)
        #expect(tooltips(wide) == tooltips(tall))
        // The tall drawing is the narrower one.
        let width = { (svg: String) in Double(svg.components(separatedBy: "width=\"")[1].components(separatedBy: "\"")[0]) ?? 0 }
        #expect(width(tall) < width(wide))
    }

    @Test func heatmapEscapesHallNames() {
        let svg = Charts.heatmap(Self.heatmap)
        #expect(!svg.contains(Self.nasty))
        #expect(!svg.contains("<Hall"))
        #expect(svg.contains("&lt;Hall &quot;1&quot; &amp; &#39;Co&#39;&gt;, 19:00–19:59: 2 showtimes, on average 87.3% full."))
    }

    @Test func barChartWritesEveryValueAndLabelEscaped() {
        let bars = [
            Charts.Bar(label: "Mon <1>", value: 12_345, valueLabel: "€123.45", tooltip: "Mon: \"a\" & b"),
            Charts.Bar(label: "Tue 2", value: 0, valueLabel: "€0.00", tooltip: "Tue: nothing"),
        ]
        let svg = Charts.barChart(bars, title: "Revenue & more", id: "rev", minimumScale: 1_000) { "€\($0 / 100)" }
        #expect(svg.contains("<title id=\"rev-title\">Revenue &amp; more</title>"))
        #expect(svg.contains(">€123.45</text>") && svg.contains(">€0.00</text>"))
        #expect(svg.contains(">Mon &lt;1&gt;</text>"))
        #expect(svg.contains("<title>Mon: &quot;a&quot; &amp; b</title>"))
        // Axis: 0, half and the top of a 1-2-5 scale above the largest value.
        #expect(svg.contains(">€0</text>") && svg.contains(">€100</text>") && svg.contains(">€200</text>"))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 2)
        #expect(!svg.contains("<1>") && !svg.contains("style="))
    }

    @Test func scalesAndPercentages() {
        #expect(Charts.niceCeiling(0) == 1)
        #expect(Charts.niceCeiling(7) == 10)
        #expect(Charts.niceCeiling(10) == 10)
        #expect(Charts.niceCeiling(11) == 20)
        #expect(Charts.niceCeiling(12_345) == 20_000)
        #expect(Charts.niceCeiling(40_001) == 50_000)
        #expect(Charts.niceCeiling(236_580) == 250_000)
        #expect(Charts.niceCeiling(3) == 3)
        #expect(Charts.percentText(0) == "0.0%")
        #expect(Charts.percentText(42.46) == "42.5%")
        #expect(Charts.percentText(100) == "100.0%")
        #expect(Charts.percentBar(150).contains("width=\"100\" height=\"8\" rx=\"3\" fill=\"#f5b942\""))
        #expect(Charts.percentBar(37.5).contains("width=\"37.5\""))
        #expect(Charts.number(12.0) == "12")
        #expect(Charts.number(3.14159) == "3.14")
    }
}

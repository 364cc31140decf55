import Cinema
import Foundation
import Templating

/// Server-drawn SVG charts for the dashboard: small pure functions from figures to markup.
///
/// The page's Content-Security-Policy forbids `style` attributes, so everything is drawn
/// with presentation attributes (`fill`, `width`, `font-size`); every `viewBox` lets a chart
/// scale to the width of its container. Every piece of text that comes from data is
/// escaped here, because templates insert the result raw (`{{{ chart }}}`). Each chart
/// carries its figures as text as well, so it reads without colour.
enum Charts {
    /// One bar of a bar chart.
    struct Bar: Equatable {
        /// Under the bar ("Tue 3 Jun").
        var label: String
        var value: Int
        /// Above the bar ("€123.50").
        var valueLabel: String
        /// The bar's tooltip, a whole sentence.
        var tooltip: String
    }

    // MARK: heatmap

    /// The colours of the heatmap, from empty to full; a cell takes the step of its percentage.
    static let heatSteps: [(upTo: Double, fill: String, ink: String, label: String)] = [
        (20, "#2d2a24", "#eef0f5", "under 20%"),
        (40, "#5a4725", "#eef0f5", "20–39%"),
        (60, "#8f6a27", "#fff8e6", "40–59%"),
        (80, "#c68d2d", "#1b1405", "60–79%"),
        (.infinity, "#f5b942", "#1b1405", "80% and more"),
    ]
    static let emptyCellFill = "#161a22"
    static let mutedInk = "#a3aabb"

    /// The heatmap step of a percentage.
    static func heatStep(_ percent: Double) -> Int {
        heatSteps.firstIndex { percent < $0.upTo } ?? heatSteps.count - 1
    }

    /// Each cell's colour and label give the average percent full of one hall's showtimes
    /// starting in one local hour; its `<title>` gives the details.
    /// - Parameters:
    ///   - heatmap: the dashboard's heatmap (must have hours and rows; the page says so otherwise).
    ///   - id: a prefix for the ids the chart's title and description need, unique in the page.
    ///   - hoursDown: hours as rows and halls as columns, a tall drawing for narrow screens;
    ///     otherwise halls are rows and hours columns.
    static func heatmap(_ heatmap: OccupancyHeatmap, id: String = "heatmap", hoursDown: Bool = false) -> String {
        let halls = heatmap.rows.map(\.hallName)
        let hours = heatmap.hours.map(hourLabel)
        let (rowLabels, columnLabels) = hoursDown ? (hours, halls) : (halls, hours)
        let labelWidth = hoursDown ? 56.0 : 104.0, cellWidth = hoursDown ? 66.0 : 44.0
        let cellHeight = hoursDown ? 28.0 : 34.0, headerHeight = 26.0, gap = 3.0
        let width = labelWidth + max(Double(columnLabels.count) * cellWidth, 300)
        let legendColumns = width < 420 ? 2 : 3
        let legendTop = headerHeight + Double(rowLabels.count) * cellHeight + 16
        let legendRows = (heatSteps.count + 1 + legendColumns - 1) / legendColumns
        var svg = svgOpen(
            width: width, height: legendTop + Double(legendRows) * 22 + 4, id: id, className: "chart heatmap",
            title: "Occupancy by hall and hour of day",
            description: "Average percent of seats sold for showtimes starting in each hour, per hall. Empty cells had no showtime.")

        for (column, label) in columnLabels.enumerated() {
            let x = labelWidth + Double(column) * cellWidth + cellWidth / 2
            svg += labelled(x: x, y: headerHeight - 9, label, maximum: hoursDown ? 9 : 6, anchor: "middle", size: 12, fill: mutedInk)
        }
        for (row, label) in rowLabels.enumerated() {
            let y = headerHeight + Double(row) * cellHeight
            svg += labelled(x: labelWidth - 8, y: y + cellHeight / 2 + 4, label, maximum: 13, anchor: "end", size: 13, fill: "#eef0f5")
            for column in columnLabels.indices {
                let (hall, cell) = hoursDown ? (column, heatmap.rows[column].cells[row]) : (row, heatmap.rows[row].cells[column])
                let x = labelWidth + Double(column) * cellWidth
                let fill: String, ink: String, text: String
                if let percent = cell.averagePercentFull {
                    let step = heatSteps[heatStep(percent)]
                    (fill, ink, text) = (step.fill, step.ink, "\(Int(percent.rounded()))%")
                } else {
                    (fill, ink, text) = (emptyCellFill, mutedInk, "·")
                }
                svg += "<g><title>\(HTMLEscape.escaped(heatTooltip(hall: halls[hall], cell)))</title>"
                    + "<rect x=\"\(number(x + gap / 2))\" y=\"\(number(y + gap / 2))\" width=\"\(number(cellWidth - gap))\" "
                    + "height=\"\(number(cellHeight - gap))\" rx=\"4\" fill=\"\(fill)\"/>"
                    + Self.text(x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, text, anchor: "middle", size: 12, fill: ink)
                    + "</g>"
            }
        }

        // The legend: one swatch per step with its range in words, and the empty cell.
        let entries = heatSteps.map { ($0.fill, $0.label) } + [(emptyCellFill, "no showtime")]
        let entryWidth = (width - 8) / Double(legendColumns)
        for (index, entry) in entries.enumerated() {
            let x = 4 + Double(index % legendColumns) * entryWidth
            let y = legendTop + Double(index / legendColumns) * 22
            svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"14\" height=\"14\" rx=\"3\" fill=\"\(entry.0)\" stroke=\"#2a3040\"/>"
                + text(x: x + 20, y: y + 11, entry.1, anchor: "start", size: 12, fill: mutedInk)
        }
        return svg + "</svg>"
    }

    /// "Hall 1, 18:00–18:59: 2 showtimes, on average 42.5% full."
    static func heatTooltip(hall: String, _ cell: OccupancyHeatmap.Cell) -> String {
        let hours = "\(hourLabel(cell.hour))–\(twoDigits(cell.hour)):59"
        guard let percent = cell.averagePercentFull else { return "\(hall), \(hours): no showtime." }
        let count = cell.showtimes == 1 ? "1 showtime" : "\(cell.showtimes) showtimes"
        return "\(hall), \(hours): \(count), on average \(percentText(percent)) full."
    }

    // MARK: bar chart

    /// A horizontal bar chart: one row per bar with its label on the left and its value at
    /// the end of the bar, and a value axis below. Rows stack, so it stays legible when a
    /// narrow screen shrinks it.
    /// - Parameters:
    ///   - bars: the bars, top to bottom.
    ///   - title: the chart's accessible name.
    ///   - id: a prefix for the ids of title and description, unique in the page.
    ///   - minimumScale: the least top of the value axis, so small or zero values keep a sensible scale.
    ///   - axisLabel: turns an axis value (same unit as the bars) into its label.
    static func barChart(_ bars: [Bar], title: String, id: String, minimumScale: Int = 1, axisLabel: (Int) -> String) -> String {
        let width = 440.0, labelWidth = 86.0, valueRoom = 84.0, rowHeight = 30.0, top = 6.0, axisHeight = 26.0
        let plotWidth = width - labelWidth - valueRoom
        let plotBottom = top + rowHeight * Double(max(bars.count, 1))
        let scaleTop = niceCeiling(max(bars.map(\.value).max() ?? 0, minimumScale))
        var svg = svgOpen(
            width: width, height: plotBottom + axisHeight, id: id, className: "chart bars", title: title,
            description: bars.map(\.tooltip).joined(separator: " "))

        // Gridlines at 0, ½ and the top of the scale, labelled below.
        for fraction in [0.0, 0.5, 1.0] {
            let x = labelWidth + plotWidth * fraction
            let value = Int((Double(scaleTop) * fraction).rounded())
            svg += "<line x1=\"\(number(x))\" x2=\"\(number(x))\" y1=\"\(number(top))\" y2=\"\(number(plotBottom))\" stroke=\"#2a3040\"/>"
                + text(x: x, y: plotBottom + 17, axisLabel(value), anchor: "middle", size: 11, fill: mutedInk)
        }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let length = plotWidth * Double(max(bar.value, 0)) / Double(scaleTop)
            svg += "<g><title>\(HTMLEscape.escaped(bar.tooltip))</title>"
                + text(x: labelWidth - 8, y: y + rowHeight / 2 + 4, bar.label, anchor: "end", size: 12, fill: mutedInk)
                + "<rect x=\"\(number(labelWidth))\" y=\"\(number(y + 6))\" width=\"\(number(length))\" "
                + "height=\"\(number(rowHeight - 12))\" rx=\"3\" fill=\"#f5b942\"/>"
                + text(x: labelWidth + length + 6, y: y + rowHeight / 2 + 4, bar.valueLabel, anchor: "start", size: 12, fill: "#eef0f5")
                + "</g>"
        }
        return svg + "</svg>"
    }

    /// The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (at least 1), so the axis reads
    /// well; below 10, where 2.5 is no whole number, 3 stands in for it.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        let steps = [magnitude, 2 * magnitude, magnitude >= 10 ? magnitude * 5 / 2 : 3 * magnitude, 5 * magnitude]
        return steps.first { $0 >= value } ?? 10 * magnitude
    }

    // MARK: percent bar

    /// A thin bar for a table cell; the percentage itself is written beside it as text.
    static func percentBar(_ percent: Double) -> String {
        let filled = min(max(percent, 0), 100)
        return "<svg class=\"pct-bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect width=\"100\" height=\"8\" rx=\"3\" fill=\"#0d0f14\"/>"
            + "<rect width=\"\(number(filled))\" height=\"8\" rx=\"3\" fill=\"#f5b942\"/></svg>"
    }

    // MARK: text

    /// "42.5%" (one decimal, no locale).
    static func percentText(_ percent: Double) -> String {
        let tenths = Int((max(percent, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }

    static func hourLabel(_ hour: Int) -> String { "\(twoDigits(hour)):00" }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func svgOpen(width: Double, height: Double, id: String, className: String, title: String, description: String) -> String {
        // width and height give the natural size; CSS lets the chart shrink from it, never grow.
        "<svg class=\"\(className)\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\">"
            + "<title id=\"\(id)-title\">\(HTMLEscape.escaped(title))</title><desc id=\"\(id)-desc\">\(HTMLEscape.escaped(description))</desc>"
    }

    /// A text shortened to `maximum` characters, the whole of it in a tooltip when cut.
    private static func labelled(x: Double, y: Double, _ content: String, maximum: Int, anchor: String, size: Int, fill: String) -> String {
        let short = shortened(content, to: maximum)
        guard short != content else { return text(x: x, y: y, content, anchor: anchor, size: size, fill: fill) }
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\">"
            + "<title>\(HTMLEscape.escaped(content))</title>\(HTMLEscape.escaped(short))</text>"
    }

    private static func text(x: Double, y: Double, _ content: String, anchor: String, size: Int, fill: String) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\">\(HTMLEscape.escaped(content))</text>"
    }

    /// A coordinate without a locale and without needless decimals: "12", "12.5".
    static func number(_ value: Double, decimals: Int = 2) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.\(decimals)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

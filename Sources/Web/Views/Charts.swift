import Cinema
import Foundation

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

    /// Halls down, local start hours across; each cell's colour and label give the average
    /// percent full of the showtimes starting in that hour, its `<title>` the details.
    /// - Parameters:
    ///   - heatmap: the dashboard's heatmap (must have hours and rows; the page says so otherwise).
    ///   - id: a prefix for the ids the chart's title and description need, unique in the page.
    static func heatmap(_ heatmap: OccupancyHeatmap, id: String = "heatmap") -> String {
        let labelWidth = 104.0, cellWidth = 44.0, cellHeight = 34.0, headerHeight = 26.0, gap = 3.0
        let gridWidth = Double(heatmap.hours.count) * cellWidth
        let legendTop = headerHeight + Double(heatmap.rows.count) * cellHeight + 16
        let width = labelWidth + max(gridWidth, 300)
        let height = legendTop + 48
        var svg = svgOpen(
            width: width, height: height, id: id, className: "chart heatmap",
            title: "Occupancy by hall and hour of day",
            description: "Average percent of seats sold for showtimes starting in each hour, per hall. Empty cells had no showtime.")

        for (column, hour) in heatmap.hours.enumerated() {
            let x = labelWidth + Double(column) * cellWidth + cellWidth / 2
            svg += text(x: x, y: headerHeight - 9, hourLabel(hour), anchor: "middle", size: 12, fill: mutedInk)
        }
        for (rowIndex, row) in heatmap.rows.enumerated() {
            let y = headerHeight + Double(rowIndex) * cellHeight
            svg += "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + cellHeight / 2 + 4))\" text-anchor=\"end\" font-size=\"13\" fill=\"#eef0f5\">"
                + "<title>\(escape(row.hallName))</title>\(escape(shortened(row.hallName, to: 13)))</text>"
            for (column, cell) in row.cells.enumerated() {
                let x = labelWidth + Double(column) * cellWidth
                let fill: String, ink: String, label: String
                if let percent = cell.averagePercentFull {
                    let step = heatSteps[heatStep(percent)]
                    (fill, ink, label) = (step.fill, step.ink, "\(Int(percent.rounded()))%")
                } else {
                    (fill, ink, label) = (emptyCellFill, mutedInk, "·")
                }
                svg += "<g><title>\(escape(heatTooltip(hall: row.hallName, cell)))</title>"
                    + "<rect x=\"\(number(x + gap / 2))\" y=\"\(number(y + gap / 2))\" width=\"\(number(cellWidth - gap))\" "
                    + "height=\"\(number(cellHeight - gap))\" rx=\"4\" fill=\"\(fill)\"/>"
                    + text(x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, label, anchor: "middle", size: 12, fill: ink)
                    + "</g>"
            }
        }

        // The legend: one swatch per step with its range in words, and the empty cell.
        let entries = heatSteps.map { ($0.fill, $0.label) } + [(emptyCellFill, "no showtime")]
        let entryWidth = (width - 8) / 3
        for (index, entry) in entries.enumerated() {
            let x = 4 + Double(index % 3) * entryWidth
            let y = legendTop + Double(index / 3) * 22
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

    /// A bar chart with a value axis, a label under each bar and its value on it.
    /// - Parameters:
    ///   - bars: the bars, left to right (the chart is empty without any).
    ///   - title: the chart's accessible name.
    ///   - id: a prefix for the ids of title and description, unique in the page.
    ///   - minimumScale: the least top of the value axis, so small or zero values keep a sensible scale.
    ///   - axisLabel: turns an axis value (same unit as the bars) into its label.
    static func barChart(_ bars: [Bar], title: String, id: String, minimumScale: Int = 1, axisLabel: (Int) -> String) -> String {
        let width = 640.0, height = 280.0
        let left = 78.0, right = 12.0, top = 26.0, bottom = 42.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let scaleTop = niceCeiling(max(bars.map(\.value).max() ?? 0, minimumScale))
        var svg = svgOpen(
            width: width, height: height, id: id, className: "chart bars", title: title,
            description: bars.map(\.tooltip).joined(separator: " "))

        // Gridlines at 0, ½ and the top of the scale, labelled on the left.
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            let value = Int((Double(scaleTop) * fraction).rounded())
            svg += "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y))\" y2=\"\(number(y))\" stroke=\"#2a3040\"/>"
                + text(x: left - 8, y: y + 4, axisLabel(value), anchor: "end", size: 12, fill: mutedInk)
        }
        let slot = plotWidth / Double(max(bars.count, 1))
        let barWidth = min(slot * 0.62, 72)
        for (index, bar) in bars.enumerated() {
            let centre = left + slot * (Double(index) + 0.5)
            let barHeight = plotHeight * Double(max(bar.value, 0)) / Double(scaleTop)
            let y = top + plotHeight - barHeight
            svg += "<g><title>\(escape(bar.tooltip))</title>"
                + "<rect x=\"\(number(centre - barWidth / 2))\" y=\"\(number(y))\" width=\"\(number(barWidth))\" "
                + "height=\"\(number(barHeight))\" rx=\"3\" fill=\"#f5b942\"/>"
                + text(x: centre, y: y - 6, bar.valueLabel, anchor: "middle", size: 12, fill: "#eef0f5")
                + text(x: centre, y: height - bottom + 18, bar.label, anchor: "middle", size: 12, fill: mutedInk)
                + "</g>"
        }
        return svg + "</svg>"
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1), so the axis reads well.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        var magnitude = 1
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1, 2, 5, 10] where step * magnitude >= value {
            return step * magnitude
        }
        return 10 * magnitude
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

    /// `& < > " '` as entities, for text and attribute values alike.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }

    static func hourLabel(_ hour: Int) -> String { "\(twoDigits(hour)):00" }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func svgOpen(width: Double, height: Double, id: String, className: String, title: String, description: String) -> String {
        "<svg class=\"\(className)\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\">"
            + "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
    }

    private static func text(x: Double, y: Double, _ content: String, anchor: String, size: Int, fill: String) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\">\(escape(content))</text>"
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

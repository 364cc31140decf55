/// Draws placeholder posters as SVG: a gradient and a few shapes whose colours and
/// positions derive from the title, the title in large type, then genres and rating.
///
/// The same title always gives the same poster. The canvas is 400 × 600 (2:3).
enum PosterArt {
    static let width = 400
    static let height = 600

    static func svg(title: String, genres: [String], rating: String, runtimeMinutes: Int) -> String {
        var random = SplitMix64(seed: fnv1a(title))
        let hue = Int(random.next() % 360)
        let hue2 = (hue + 35 + Int(random.next() % 90)) % 360
        let accentHue = (hue + 180 + Int(random.next() % 40)) % 360
        let top = hsl(hue, 62, 38)
        let bottom = hsl(hue2, 70, 10)
        let glow = hsl(accentHue, 70, 66)
        let serif = random.next() % 2 == 0
        let fontFamily = serif
            ? "Georgia, 'DejaVu Serif', 'Times New Roman', serif"
            : "'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"

        // A sun or moon, a horizon of hills, and thin rays: simple, varied, quiet behind text.
        let sunX = 80 + Int(random.next() % 240)
        let sunY = 120 + Int(random.next() % 160)
        let sunRadius = 60 + Int(random.next() % 70)
        var hills = "M0,\(height)"
        var x = 0
        let baseline = 380 + Int(random.next() % 60)
        while x <= width {
            hills += " L\(x),\(baseline - Int(random.next() % 70))"
            x += 40 + Int(random.next() % 40)
        }
        hills += " L\(width),\(baseline - 20) L\(width),\(height) Z"
        var rays = ""
        let rayCount = 3 + Int(random.next() % 4)
        for index in 0..<rayCount {
            let angle = Double(index) / Double(rayCount) * 3.1 - 1.55 + Double(random.next() % 20) / 100
            let endX = sunX + Int(700 * sine(angle))
            let endY = sunY - Int(700 * cosine(angle))
            rays += """
                <line x1="\(sunX)" y1="\(sunY)" x2="\(endX)" y2="\(endY)" stroke="\(glow)" stroke-opacity="0.12" stroke-width="\(2 + index % 3)"/>

                """
        }

        let lines = wrap(title.uppercased(), width: 11)
        let longest = lines.map(\.count).max() ?? 1
        let fontSize = min(64, max(26, Int(340.0 / (Double(longest) * 0.62))))
        let lineHeight = Int(Double(fontSize) * 1.08)
        let titleTop = 470 - lineHeight * (lines.count - 1)
        let titleText = lines.enumerated().map { index, line in
            """
            <text x="200" y="\(titleTop + index * lineHeight)" text-anchor="middle" font-family="\(fontFamily)" \
            font-size="\(fontSize)" font-weight="700" fill="#ffffff" letter-spacing="1">\(escape(line))</text>
            """
        }.joined(separator: "\n")
        let genreLine = genres.prefix(3).map { $0.uppercased() }.joined(separator: " · ")

        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(escape(title)) poster">
            <defs>
            <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0" stop-color="\(top)"/>
            <stop offset="1" stop-color="\(bottom)"/>
            </linearGradient>
            <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
            <stop offset="0" stop-color="\(glow)" stop-opacity="0.95"/>
            <stop offset="0.6" stop-color="\(glow)" stop-opacity="0.35"/>
            <stop offset="1" stop-color="\(glow)" stop-opacity="0"/>
            </radialGradient>
            <linearGradient id="shade" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0.45" stop-color="#000000" stop-opacity="0"/>
            <stop offset="1" stop-color="#000000" stop-opacity="0.75"/>
            </linearGradient>
            </defs>
            <rect width="\(width)" height="\(height)" fill="url(#sky)"/>
            \(rays)<circle cx="\(sunX)" cy="\(sunY)" r="\(sunRadius * 2)" fill="url(#sun)"/>
            <circle cx="\(sunX)" cy="\(sunY)" r="\(sunRadius / 2)" fill="\(glow)" fill-opacity="0.9"/>
            <path d="\(hills)" fill="\(bottom)" fill-opacity="0.85"/>
            <rect width="\(width)" height="\(height)" fill="url(#shade)"/>
            <text x="200" y="44" text-anchor="middle" font-family="'Helvetica Neue', Arial, sans-serif" font-size="12" letter-spacing="6" fill="#ffffff" fill-opacity="0.75">MARQUEE PRESENTS</text>
            \(titleText)
            <text x="200" y="540" text-anchor="middle" font-family="'Helvetica Neue', Arial, sans-serif" font-size="13" letter-spacing="3" fill="#ffffff" fill-opacity="0.85">\(escape(genreLine))</text>
            <rect x="150" y="556" width="100" height="24" rx="3" fill="none" stroke="#ffffff" stroke-opacity="0.8"/>
            <text x="200" y="573" text-anchor="middle" font-family="'Helvetica Neue', Arial, sans-serif" font-size="12" font-weight="700" fill="#ffffff">\(escape(rating)) · \(runtimeMinutes) MIN</text>
            </svg>

            """
    }

    /// Splits text into lines of at most `width` characters, breaking at spaces when it can.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [text] : lines
    }

    static func escape(_ text: String) -> String {
        var result = ""
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

    static func hsl(_ hue: Int, _ saturation: Int, _ lightness: Int) -> String {
        "hsl(\(hue), \(saturation)%, \(lightness)%)"
    }

    /// A stable 64-bit hash (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    // Small Taylor series keep this file free of Foundation; precision is irrelevant for art.
    private static func sine(_ x: Double) -> Double {
        let x2 = x * x
        return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42)))
    }

    private static func cosine(_ x: Double) -> Double {
        let x2 = x * x
        return 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30))
    }
}

/// A tiny deterministic random generator, so the demo looks the same on every machine.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

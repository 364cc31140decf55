import Foundation

/// One movie card's worth of data, as the app's view model would hold it.
struct Movie {
    let id: Int
    let title: String
    let description: String
    let runtime: Int
    let rating: Double
    let genres: [String]
    let poster: String
    let nextShow: Date
    let showId: Int
    let price: Int
    let seatsLeft: Int
    let isNew: Bool
    var soldOut: Bool { seatsLeft == 0 }
}

/// The page around the cards.
struct MoviesPage {
    let movies: [Movie]
    let userName: String?
    let year: Int
}

enum MovieData {
    static let titles = [
        "Dune: Part Two", "Amélie", "Tom & Jerry: The Movie", "L'Avventura", "The \"Best\" Years", "Alien", "Arrival",
        "Blade Runner 2049", "Casablanca", "Das Boot", "Everything Everywhere All at Once", "Fargo", "Gravity",
        "Her", "In the Mood for Love", "Jaws", "Kiki's Delivery Service", "La La Land", "Metropolis", "Nomadland",
        "Oldboy", "Parasite", "Rear Window", "Spirited Away", "The Third Man", "Up", "Vertigo", "Whiplash",
        "Y Tu Mamá También", "Zodiac", "2001: A Space Odyssey", "8½", "<Untitled> Project", "Amour", "Brazil",
        "Chinatown", "Drive", "Election", "Frances Ha", "Get Out", "Heat", "Ikiru", "Jackie Brown", "Key Largo",
        "Lost in Translation", "Moonlight", "Network", "Once", "Paterson", "Rashomon",
    ]
    static let genres = ["Drama", "Sci-Fi", "Comedy", "Thriller", "Animation", "Romance", "Documentary", "Horror"]
    static let sentence = "A sweeping story of ambition, love & loss, told across three decades in a city that never sleeps; "

    /// 50 movies, the same on every run.
    static func page() -> MoviesPage {
        let start = Date(timeIntervalSince1970: 1_750_093_200)  // 2025-06-16 17:00 UTC
        let movies = titles.enumerated().map { index, title in
            Movie(
                id: 1000 + index,
                title: title,
                description: String(repeating: sentence, count: 1 + index % 3).trimmingCharacters(in: .whitespaces),
                runtime: 85 + (index * 7) % 80,
                rating: Double(50 + (index * 13) % 50) / 10,
                genres: (0...(index % 3)).map { genres[(index + $0 * 3) % genres.count] },
                poster: "\(title).jpg",
                nextShow: start.addingTimeInterval(Double(index) * 11_820),
                showId: 5000 + index * 3,
                price: 850 + (index % 5) * 150,
                seatsLeft: index % 9 == 4 ? 0 : (index * 37) % 120,
                isNew: index % 4 == 0
            )
        }
        return MoviesPage(movies: movies, userName: "Ana O'Neil", year: 2025)
    }
}

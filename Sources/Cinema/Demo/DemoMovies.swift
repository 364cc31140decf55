/// The demo cinema's invented programme. Every title and description was written for the
/// demo; any resemblance to a real film is accidental.
enum DemoMovies {
    struct Entry {
        var title: String
        var runtime: Int
        var rating: String
        var genres: [String]
        /// Days from today: negative when already released.
        var releaseOffset: Int
        var description: String
        /// Coming soon: released later, no showtimes yet.
        var comingSoon = false
        /// Archived: kept for history, never listed or scheduled.
        var archived = false
    }

    static let genres: [(slug: String, name: String)] = [
        ("action", "Action"), ("adventure", "Adventure"), ("animation", "Animation"),
        ("comedy", "Comedy"), ("crime", "Crime"), ("documentary", "Documentary"),
        ("drama", "Drama"), ("family", "Family"), ("fantasy", "Fantasy"), ("horror", "Horror"),
        ("musical", "Musical"), ("mystery", "Mystery"), ("romance", "Romance"),
        ("science-fiction", "Science Fiction"), ("thriller", "Thriller"), ("western", "Western"),
    ]

    static let entries: [Entry] = [
        Entry(
            title: "The Lantern Keeper", runtime: 118, rating: "PG-13", genres: ["drama", "mystery"], releaseOffset: -12,
            description: "On a fog-bound island, the last lantern keeper finds a logbook written in her own hand, dated thirty years before she was born. Each entry predicts a ship that has not yet sailed."),
        Entry(
            title: "Orbitfall", runtime: 142, rating: "PG-13", genres: ["science-fiction", "action"], releaseOffset: -5,
            description: "When a mining station tumbles out of orbit, a crew of six has ninety minutes to steer a city-sized wreck away from the coast of Lagos. Nobody agrees on how, and one of them is lying."),
        Entry(
            title: "Paper Boats", runtime: 94, rating: "G", genres: ["animation", "family"], releaseOffset: -20,
            description: "A folded paper boat dropped in a city gutter sets off for the sea, collecting a crew of lost toys along the drains and rivers. A small voyage with a very large heart."),
        Entry(
            title: "Midnight at the Aster Hotel", runtime: 126, rating: "PG-13", genres: ["mystery", "thriller"], releaseOffset: -9,
            description: "A night porter with a perfect memory notices that guest 412 checked in twice. By sunrise one of the two will be gone, and the hotel's owner wants nobody to ask which."),
        Entry(
            title: "Saltwater Kings", runtime: 131, rating: "PG-13", genres: ["adventure", "drama"], releaseOffset: -26,
            description: "Three brothers inherit a failing fishing boat and a debt to the wrong family. Their only way out is the winter crab season in the roughest water of the northern sea."),
        Entry(
            title: "Small Hours", runtime: 104, rating: "PG-13", genres: ["romance", "drama"], releaseOffset: -15,
            description: "A night-shift baker and an insomniac radio host meet only between two and five in the morning. Daylight, it turns out, is the hardest part of falling in love."),
        Entry(
            title: "Copper Canyon Run", runtime: 112, rating: "PG-13", genres: ["western", "action"], releaseOffset: -33,
            description: "A retired stagecoach driver takes one last run through bandit country with a payroll chest, a frightened bank clerk and a passenger who is not who she claims to be."),
        Entry(
            title: "The Quiet Orchard", runtime: 99, rating: "R", genres: ["horror"], releaseOffset: -7,
            description: "A family moves to an apple farm where the trees stand perfectly still in any wind. The harvest is plentiful. The neighbours do not eat the fruit."),
        Entry(
            title: "Gravity's Daughter", runtime: 137, rating: "PG-13", genres: ["science-fiction", "drama"], releaseOffset: -3,
            description: "Born on a generation ship, a young engineer becomes the first of her people to stand on solid ground and finds she cannot bear the weight of it. A tender epic about belonging."),
        Entry(
            title: "Noodle Detective", runtime: 88, rating: "PG", genres: ["animation", "comedy", "family"], releaseOffset: -18,
            description: "Someone is stealing secret recipes from the night market, and only a sharp-nosed street-food cat can sniff out the culprit before the big cooking contest."),
        Entry(
            title: "Ninth Floor, No Exit", runtime: 101, rating: "R", genres: ["thriller"], releaseOffset: -11,
            description: "An office building locks down at 6 p.m. with nine strangers inside and a countdown on every screen. The rules are simple; following them is not."),
        Entry(
            title: "The Cartographer's Apprentice", runtime: 148, rating: "PG", genres: ["fantasy", "adventure"], releaseOffset: -40,
            description: "In a kingdom where maps change the land they describe, a clumsy apprentice draws a river in the wrong place. Now she must chart her way to the edge of the world to undo it."),
        Entry(
            title: "Brass & Bone", runtime: 133, rating: "PG-13", genres: ["fantasy", "action"], releaseOffset: -8,
            description: "A clockwork knight built to guard a dead king wakes a century late to a city that has forgotten him. He has one order left to follow, and it may burn everything down."),
        Entry(
            title: "Wedding Season in Lisbon", runtime: 109, rating: "PG-13", genres: ["romance", "comedy"], releaseOffset: -22,
            description: "A wedding planner with a strict no-romance policy spends a summer organising five weddings in one week, each with the same charming, infuriating photographer."),
        Entry(
            title: "Signals from the Ice", runtime: 92, rating: "PG", genres: ["documentary"], releaseOffset: -30,
            description: "A year with the crew of a remote polar research station, listening to the strange songs of the ice shelf. Patient, beautiful and unexpectedly funny."),
        Entry(
            title: "Velocity Club", runtime: 117, rating: "R", genres: ["action", "crime"], releaseOffset: -14,
            description: "An underground racing league funds the city's most careful thieves. When a getaway driver is asked to lose a race, she decides to win a much bigger one instead."),
        Entry(
            title: "Grandma's Robot", runtime: 96, rating: "PG", genres: ["family", "science-fiction", "comedy"], releaseOffset: -10,
            description: "Twelve-year-old Milo builds a care robot for his stubborn grandmother. She reprograms it to teach her skydiving, poker and the electric guitar, in that order."),
        Entry(
            title: "The Hollow Choir", runtime: 107, rating: "R", genres: ["horror", "mystery"], releaseOffset: -4,
            description: "A village choir rehearses a hymn nobody remembers learning. Every verse they sing, another house on the hill goes dark."),
        Entry(
            title: "Under the Sodium Lights", runtime: 124, rating: "R", genres: ["crime", "drama"], releaseOffset: -19,
            description: "A night-bus driver who sees everything and says nothing is asked to testify against the man who saved her life. A slow-burning portrait of a city after dark."),
        Entry(
            title: "Kingdom of Kites", runtime: 101, rating: "PG", genres: ["animation", "adventure", "family"], releaseOffset: -6,
            description: "When the winds stop blowing over the valley, a girl and her paper dragon kite set out to wake the sleeping sky. Soaring hand-painted animation for all ages."),
        Entry(
            title: "A Recipe for Thursday", runtime: 98, rating: "PG-13", genres: ["comedy", "drama"], releaseOffset: -27,
            description: "Four estranged siblings must cook their late father's legendary Thursday dinner, exactly as he did, to inherit his restaurant. Nobody ever wrote the recipe down."),
        Entry(
            title: "Starling Street Heist", runtime: 111, rating: "PG-13", genres: ["crime", "comedy"], releaseOffset: -13,
            description: "A crew of retirees plans to rob the bank that foreclosed on their bowling alley. Their getaway vehicle has a top speed of thirty kilometres an hour."),
        Entry(
            title: "Deep Field", runtime: 129, rating: "PG-13", genres: ["science-fiction", "thriller"], releaseOffset: -2,
            description: "An astronomer spots a pattern in the oldest light in the universe and realises it is a reply. The question is who sent the message it answers."),
        Entry(
            title: "The Long Walk to Ardmore", runtime: 121, rating: "PG", genres: ["drama"], releaseOffset: -35,
            description: "After a falling-out that lasted forty years, two old friends walk three hundred kilometres across the hills to a wedding neither was invited to."),
        Entry(
            title: "Moonlit Sonata for Two", runtime: 114, rating: "PG", genres: ["musical", "romance"], releaseOffset: -16,
            description: "A piano tuner and a cellist share a rehearsal room on alternate nights and start a love story through notes left on the music stand. Lush, sung-through and sincere."),
        Entry(
            title: "The Glass Mountain Expedition", runtime: 95, rating: "G", genres: ["documentary", "adventure"], releaseOffset: -24,
            description: "Climbers and scientists attempt the first winter crossing of a glacier that sings as it moves. Filmed over three seasons in breathtaking large format."),
        Entry(
            title: "Rust Belt Rhapsody", runtime: 127, rating: "PG-13", genres: ["musical", "drama"], releaseOffset: -21,
            description: "When the steel mill closes, its workers' brass band refuses to stop rehearsing. An exuberant musical about a town that decides to be loud."),
        Entry(
            title: "Shadow Protocol: Berlin", runtime: 139, rating: "PG-13", genres: ["action", "thriller"], releaseOffset: -1,
            description: "A disgraced interpreter becomes the only person able to stop an exchange of secrets at a Berlin summit, armed with six languages and no training whatsoever."),
        Entry(
            title: "Hen Night at Grimsby Manor", runtime: 93, rating: "PG-13", genres: ["comedy", "horror"], releaseOffset: -17,
            description: "A bachelorette weekend in a cheap country manor goes wrong when the resident ghost turns out to be a very jealous ex-fiancé from 1862."),
        Entry(
            title: "The Tidekeeper's Daughter", runtime: 115, rating: "PG", genres: ["fantasy", "family"], releaseOffset: -29,
            description: "Every evening her father pulls the sea back into the bay with a silver chain. The night he falls ill, eleven-year-old Nessa must learn to keep the tide herself."),
        Entry(
            title: "Frontier of Ash", runtime: 146, rating: "R", genres: ["western", "drama"], releaseOffset: -45,
            description: "After a wildfire erases a frontier town, its sheriff and its only outlaw are the last two people standing. They have to rebuild it together before winter."),
        Entry(
            title: "Evergreen Avenue", runtime: 108, rating: "PG", genres: ["drama", "romance"], releaseOffset: 12,
            description: "Neighbours on a street slated for demolition spend one last summer deciding what home means. A warm ensemble piece told over a single season.",
            comingSoon: true),
        Entry(
            title: "Nebula Nine", runtime: 134, rating: "PG-13", genres: ["science-fiction", "adventure"], releaseOffset: 24,
            description: "Nine cadets from rival colonies are stranded in a nebula that scrambles every instrument. To get home they must learn to navigate by trust alone.",
            comingSoon: true),
        Entry(
            title: "The Winter Circus", runtime: 97, rating: "G", genres: ["family", "musical"], releaseOffset: 38,
            description: "A travelling circus snowed in at a mountain village puts on a show with whatever it can find. A festive treat with tightrope-walking goats.",
            comingSoon: true),
        Entry(
            title: "The Old Projector", runtime: 102, rating: "PG", genres: ["drama"], releaseOffset: -400,
            description: "The last projectionist of a small-town cinema screens one final reel that nobody has ever seen. A love letter to the movies, back for a special run last year.",
            archived: true),
    ]

    /// Titles each hall plays, in rotation. Every movie that is showing appears in one list
    /// at least.
    static let rotations: [String: [String]] = [
        "Grand": [
            "Orbitfall", "Shadow Protocol: Berlin", "Gravity's Daughter", "Deep Field", "Brass & Bone",
            "The Glass Mountain Expedition", "Saltwater Kings", "The Cartographer's Apprentice",
        ],
        "Studio 4": [
            "Kingdom of Kites", "Paper Boats", "Noodle Detective", "Brass & Bone", "Grandma's Robot",
            "The Tidekeeper's Daughter", "Orbitfall",
        ],
        "Velvet": [
            "Small Hours", "Midnight at the Aster Hotel", "Moonlit Sonata for Two", "The Lantern Keeper",
            "Under the Sodium Lights", "Wedding Season in Lisbon", "Signals from the Ice",
            "The Long Walk to Ardmore",
        ],
        "Hall 1": [
            "The Quiet Orchard", "Ninth Floor, No Exit", "Velocity Club", "A Recipe for Thursday",
            "Starling Street Heist", "The Hollow Choir", "Copper Canyon Run", "Rust Belt Rhapsody",
            "Hen Night at Grimsby Manor", "Frontier of Ash", "Paper Boats", "Deep Field",
        ],
    ]
}

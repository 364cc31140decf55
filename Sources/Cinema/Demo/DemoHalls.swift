/// The demo cinema's four halls, drawn in ``HallLayout`` notation (screen at the top).
enum DemoHalls {
    struct Entry {
        var name: String
        var format: HallFormat
        var layout: String
        /// Minutes after the hour the hall's first show starts, so halls do not all let out at once.
        var firstShowOffset: Int
    }

    static let entries: [Entry] = [
        // 10 rows of 14 with a centre aisle; VIP rows at the back, wheelchair places with
        // companions on row J, and two seats blocked beside the projector housing.
        Entry(name: "Hall 1", format: .standard, layout: """
            sssssss.sssssss
            sssssss.sssssss
            sssssss.sssssss
            sssssss.sssssss
            sssssss.sssssss
            sssssss.sssssss
            sssssss.sssssss
            vvvvvvv.vvvvvvv
            vvvvvvv.vvvvvvv
            wcsssxs.sxssscw
            """, firstShowOffset: 0),
        // 14 rows of 22 with two aisles and a cross aisle after row G; a VIP block in the
        // sweet spot, wheelchair places at the front, camera positions blocked at the back.
        Entry(name: "Grand", format: .imax, layout: """
            wcss.ssssssssssssss.sscw
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ........................
            ssss.vvvvvvvvvvvvvv.ssss
            ssss.vvvvvvvvvvvvvv.ssss
            ssss.vvvvvvvvvvvvvv.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            ssss.ssssssssssssss.ssss
            xsss.ssssssssssssss.sssx
            """, firstShowOffset: 15),
        // A small premium room of recliners: three VIP rows, wheelchair places in front.
        Entry(name: "Velvet", format: .premium, layout: """
            wc.ssssss.cw
            ss.ssssss.ss
            ss.ssssss.ss
            vv.vvvvvv.vv
            vv.vvvvvv.vv
            vv.vvvvvv.vv
            """, firstShowOffset: 30),
        // 8 rows of 12 with a side aisle; the two seats in front of the 3D projector are blocked.
        Entry(name: "Studio 4", format: .threeD, layout: """
            wcsssssss.sss
            sssssssss.sss
            sssssssss.sss
            sssssssss.sss
            sssssssss.sss
            vvvvvvvvv.vvv
            vvvvvvvvv.vvv
            ssssxxsss.sss
            """, firstShowOffset: 45),
    ]

    /// Base prices in cents per ticket type and format.
    static let prices: [String: [HallFormat: Int]] = [
        "adult": [.standard: 1_150, .premium: 1_590, .imax: 1_790, .threeD: 1_450, .dolby: 1_590],
        "child": [.standard: 800, .premium: 1_190, .imax: 1_350, .threeD: 1_050, .dolby: 1_190],
        "senior": [.standard: 900, .premium: 1_350, .imax: 1_550, .threeD: 1_250, .dolby: 1_350],
        "student": [.standard: 950, .premium: 1_390, .imax: 1_590, .threeD: 1_290, .dolby: 1_390],
    ]

    static let ticketTypes: [(code: String, name: String)] = [
        ("adult", "Adult"), ("child", "Child (under 14)"), ("senior", "Senior (65+)"), ("student", "Student"),
    ]

    /// VIP costs extra; wheelchair and companion places cost the standard price.
    static let surcharges: [SeatCategory: Int] = [.standard: 0, .vip: 300, .wheelchair: 0, .companion: 0]
}

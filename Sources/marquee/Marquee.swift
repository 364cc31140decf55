@main
struct Marquee {
    static func main() {
        print("marquee")
    }
}

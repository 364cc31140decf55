import ArgumentParser

/// The `marquee` command: serve the site (the default), migrate, seed the demo cinema,
/// create users, import movies.
@main
struct Marquee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marquee",
        abstract: "Marquee: a cinema's own booking site.",
        discussion: """
        Settings come from flags, then environment variables, then a .env file in the
        current folder: MARQUEE_HOST, MARQUEE_PORT, MARQUEE_DATABASE, MARQUEE_SECRET,
        MARQUEE_HOLD_SECONDS, MARQUEE_TIMEZONE, MARQUEE_CURRENCY, MARQUEE_SENDMAIL,
        MARQUEE_PASSWORD_HASH_THREADS.
        """,
        subcommands: [Serve.self, Migrate.self, SeedDemo.self, CreateUser.self, ImportMovies.self],
        defaultSubcommand: Serve.self
    )
}

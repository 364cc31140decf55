import Cinema
import HTTPCore
import Foundation

/// The admin and staff services, built once and shared by the admin controllers.
struct AdminServices: Sendable {
    let catalog: AdminCatalog
    let halls: AdminHalls
    let schedule: AdminSchedule
    let prices: AdminPrices
    let users: AdminUsers
    let reservations: AdminReservations
    let importer: MovieImport
    let reports: Reports
    let audit: AuditLog

    init(database: CinemaDatabase, settings: CinemaSettings, postersDirectory: URL) {
        catalog = AdminCatalog(database: database, settings: settings, postersDirectory: postersDirectory)
        halls = AdminHalls(database: database, settings: settings)
        schedule = AdminSchedule(database: database, settings: settings)
        prices = AdminPrices(database: database)
        users = AdminUsers(database: database)
        reservations = AdminReservations(database: database, settings: settings)
        importer = MovieImport(database: database, settings: settings)
        reports = Reports(database: database, settings: settings)
        audit = AuditLog(database: database)
    }
}

/// What every admin controller needs besides its services.
struct AdminContext: Sendable {
    let services: AdminServices
    let settings: CinemaSettings
    let pages: PageRenderer
    let secureCookies: Bool
    let clock: @Sendable () -> Date
    /// Who gets an upload route's raised body limit.
    let uploads: UploadAdmission

    /// A 303 to `location` with a flash message.
    func redirect(_ location: String, _ kind: Flash.Kind, _ message: String) -> Response {
        .redirect(to: location, flash: Flash(kind, message), secure: secureCookies)
    }
}

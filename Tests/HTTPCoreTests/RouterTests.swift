import Foundation
import HTTPCore
import Logging
import NIOConcurrencyHelpers
import Testing

/// Routing, middleware and error mapping, in process (no socket).
struct RouterTests {
    private func text(_ response: Response) -> String {
        guard case .bytes(let buffer) = response.body else { return "" }
        return String(buffer: buffer)
    }

    private func makeRouter() -> Router {
        var router = Router()
        router.get("/") { _ in .text("home") }
        router.get("/movies") { _ in .text("list") }
        router.get("/movies/new") { _ in .text("new form") }
        router.get("/movies/:id") { request in .text("movie \(try request.parameter("id", as: Int.self))") }
        router.get("/movies/:id/edit") { request in .text("edit \(request.parameters["id"] ?? "")") }
        router.post("/movies/:id") { request in .text("update \(request.parameters["id"] ?? "")") }
        router.delete("/movies/:id") { _ in Response(status: .noContent) }
        router.get("/static/*path") { request in .text("file \(request.parameters["path"] ?? "?")") }
        router.get("/halls/:hall/seats/:seat") { request in
            .text("\(request.parameters["hall"] ?? "")-\(request.parameters["seat"] ?? "")")
        }
        return router
    }

    @Test func literalParameterAndCatchAllRoutes() async {
        let router = self.makeRouter()
        #expect(self.text(await router.respond(to: Request(uri: "/"))) == "home")
        #expect(self.text(await router.respond(to: Request(uri: "/movies"))) == "list")
        #expect(self.text(await router.respond(to: Request(uri: "/movies/"))) == "list")
        #expect(self.text(await router.respond(to: Request(uri: "/movies/new"))) == "new form")
        #expect(self.text(await router.respond(to: Request(uri: "/movies/42"))) == "movie 42")
        #expect(self.text(await router.respond(to: Request(uri: "/halls/3/seats/B7"))) == "3-B7")
        #expect(self.text(await router.respond(to: Request(uri: "/static/css/site.css"))) == "file css/site.css")
        #expect(self.text(await router.respond(to: Request(uri: "/static"))) == "file ")
    }

    @Test func literalBranchBacktracksToParameter() async {
        // "new" is a literal child of /movies, but /movies/new/edit only exists as :id/edit.
        let router = self.makeRouter()
        #expect(self.text(await router.respond(to: Request(uri: "/movies/new/edit"))) == "edit new")
    }

    @Test func parametersArePercentDecoded() async {
        var router = Router()
        router.get("/search/:term") { request in .text(request.parameters["term"] ?? "") }
        let response = await router.respond(to: Request(uri: "/search/caf%C3%A9%20cr%C3%A8me"))
        #expect(self.text(response) == "café crème")
    }

    @Test func unknownPathIs404() async {
        let response = await self.makeRouter().respond(to: Request(uri: "/nope"))
        #expect(response.status == .notFound)
    }

    @Test func wrongMethodIs405WithAllow() async {
        let response = await self.makeRouter().respond(to: Request(method: .PUT, uri: "/movies/3"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers.first(name: "allow") == "DELETE, GET, HEAD, POST")
    }

    @Test func methodIsMatchedAcrossBranches() async {
        // POST /movies/new is not a literal route, but POST /movies/:id takes it.
        let response = await self.makeRouter().respond(to: Request(method: .POST, uri: "/movies/new"))
        #expect(self.text(response) == "update new")
    }

    @Test func headIsAnsweredByGetWithoutBody() async {
        let response = await self.makeRouter().respond(to: Request(method: .HEAD, uri: "/movies/7"))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-length") == "7")
        #expect(response.headers.first(name: "content-type") == "text/plain; charset=utf-8")
        guard case .empty = response.body else {
            Issue.record("HEAD response has a body")
            return
        }
    }

    @Test func badTypedParameterIs404NotACrash() async {
        let response = await self.makeRouter().respond(to: Request(uri: "/movies/abc"))
        #expect(response.status == .notFound)
    }

    @Test func malformedPathEscapeIs400() async {
        let response = await self.makeRouter().respond(to: Request(uri: "/movies/%zz"))
        #expect(response.status == .badRequest)
        let invalidUTF8 = await self.makeRouter().respond(to: Request(uri: "/movies/%ff"))
        #expect(invalidUTF8.status == .badRequest)
    }

    @Test func requireNamesTheFieldIn400() throws {
        let parameters = Parameters([("count", "x")])
        do {
            _ = try parameters.require("count", as: Int.self)
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.status == .badRequest)
            #expect(error.message.contains("count"))
        }
        do {
            _ = try parameters.require("missing", as: Int.self)
            Issue.record("expected an error")
        } catch let error as HTTPError {
            #expect(error.status == .badRequest)
            #expect(error.message.contains("missing"))
        }
        #expect(try Parameters([("n", "12")]).require("n", as: Int.self) == 12)
    }

    @Test func middlewareRunsBeforeAndAfterInOrder() async {
        let order = OrderLog()
        var router = Router()
        router.add(middleware: Tagging(name: "global", log: order))
        router.group("/admin", middleware: [Tagging(name: "admin", log: order)]) { admin in
            admin.group("/reports", middleware: [Tagging(name: "reports", log: order)]) { reports in
                reports.get("/daily") { _ in
                    order.append("handler")
                    return .text("daily")
                }
            }
            admin.get("/users") { _ in .text("users") }
        }
        router.get("/public") { _ in .text("public") }

        let response = await router.respond(to: Request(uri: "/admin/reports/daily"))
        #expect(self.text(response) == "daily")
        #expect(response.headers[canonicalForm: "x-tag"].map(String.init) == ["reports", "admin", "global"])
        #expect(order.entries == ["global>", "admin>", "reports>", "handler", "<reports", "<admin", "<global"])

        let outside = await router.respond(to: Request(uri: "/public"))
        #expect(outside.headers[canonicalForm: "x-tag"].map(String.init) == ["global"])
    }

    @Test func globalMiddlewareSeesRoutingErrorsAsThrownHTTPErrors() async {
        var router = Router()
        router.add(middleware: ClosureMiddleware { request, next in
            do {
                return try await next(request)
            } catch let error as HTTPError {
                var page = Response.html("<h1>\(error.status.code) in layout</h1>", status: error.status)
                for (name, value) in error.headers { page.headers.add(name: name, value: value) }
                return page
            }
        })
        router.get("/only-get") { _ in .text("ok") }
        let missing = await router.respond(to: Request(uri: "/missing"))
        #expect(missing.status == .notFound)
        #expect(self.text(missing) == "<h1>404 in layout</h1>")
        let wrongMethod = await router.respond(to: Request(method: .POST, uri: "/only-get"))
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.headers.first(name: "allow") == "GET, HEAD")
    }

    @Test func groupMiddlewareCanAnswerEarly() async {
        var router = Router()
        router.group("/admin", middleware: [ClosureMiddleware { _, _ in throw HTTPError(.forbidden, message: "Admins only.") }]) {
            $0.get("/secret") { _ in .text("secret") }
        }
        let response = await router.respond(to: Request(uri: "/admin/secret"))
        #expect(response.status == .forbidden)
        #expect(self.text(response) == "Admins only.")
    }

    @Test func unexpectedErrorsBecomeGeneric500() async {
        struct DatabaseExploded: Error { var secret = "password=hunter2" }
        var router = Router()
        router.get("/boom") { _ in throw DatabaseExploded() }
        let (logger, messages) = Logger.capturing()
        let response = await router.respond(to: Request(uri: "/boom"), logger: logger)
        #expect(response.status == .internalServerError)
        #expect(!self.text(response).contains("hunter2"))
        #expect(self.text(response) == "Internal Server Error")
        // The details go to the log only.
        #expect(messages.withLockedValue { $0 }.contains { $0.contains("hunter2") })
    }

    @Test func errorsThatRenderThemselvesAreUsed() async {
        struct Teapot: HTTPResponseError {
            var status: HTTPResponseStatus { .imATeapot }
            func response() -> Response { .html("<p>short and stout</p>", status: self.status) }
        }
        var router = Router()
        router.get("/tea") { _ in throw Teapot() }
        let response = await router.respond(to: Request(uri: "/tea"))
        #expect(response.status == .imATeapot)
        #expect(self.text(response) == "<p>short and stout</p>")
    }

    @Test func decodingErrorsAre400() async {
        struct Payload: Decodable { var name: String }
        var router = Router()
        router.post("/api") { request in
            _ = try JSONDecoder().decode(Payload.self, from: Data(String(buffer: request.body).utf8))
            return .text("ok")
        }
        let response = await router.respond(to: Request(method: .POST, uri: "/api", body: ByteBuffer(string: "{}")))
        #expect(response.status == .badRequest)
    }

    @Test func requestStorageCarriesTypedValues() async {
        enum CurrentUser: RequestStorageKey { typealias Value = String }
        var router = Router()
        router.add(middleware: ClosureMiddleware { request, next in
            var request = request
            request[CurrentUser.self] = "ada"
            return try await next(request)
        })
        router.get("/me") { request in .text(request[CurrentUser.self] ?? "nobody") }
        #expect(self.text(await router.respond(to: Request(uri: "/me"))) == "ada")
    }
}

/// Records middleware entry and exit, and tags the response on the way out.
private struct Tagging: Middleware {
    let name: String
    let log: OrderLog

    func respond(to request: Request, next: Handler) async throws -> Response {
        self.log.append("\(self.name)>")
        var response = try await next(request)
        self.log.append("<\(self.name)")
        response.headers.add(name: "x-tag", value: self.name)
        return response
    }
}

private final class OrderLog: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    func append(_ entry: String) { self.box.withLockedValue { $0.append(entry) } }
    var entries: [String] { self.box.withLockedValue { $0 } }
}

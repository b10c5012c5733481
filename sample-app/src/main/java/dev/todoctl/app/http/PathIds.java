package dev.todoctl.app.http;

import io.helidon.webserver.http.ServerRequest;

/** Path ids: anything that is not a positive integer names nothing, so it is a 404 like any unknown id. */
public final class PathIds {
    private PathIds() {
    }

    public static long require(ServerRequest req, String what) {
        String raw = req.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.notFound(what + " " + raw + " not found");
    }
}

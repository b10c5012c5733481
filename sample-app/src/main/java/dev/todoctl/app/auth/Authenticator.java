package dev.todoctl.app.auth;

import dev.todoctl.app.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Turns {@code Authorization: Bearer <token>} into a {@link Principal}, or a 401 in the API's error shape. */
public final class Authenticator {
    private final TokenService tokens;

    public Authenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    public Principal require(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (header == null) {
            throw ApiException.unauthorized("missing bearer token");
        }
        if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("authorization must use the Bearer scheme");
        }
        return tokens.verify(header.substring(7).trim())
                .orElseThrow(() -> ApiException.unauthorized("invalid or expired token"));
    }
}

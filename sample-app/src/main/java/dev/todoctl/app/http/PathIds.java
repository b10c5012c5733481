package dev.todoctl.app.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * Path ids: anything that is not a positive 64-bit integer in ASCII digits names nothing, so it is a 404 like any
 * unknown id. {@link Long#parseLong} alone would also take {@code +3} and non-ASCII digits ({@code ３}, {@code ٣})
 * as 3: other spellings of an id that caches, logs and access rules keyed on the path would not recognise.
 */
public final class PathIds {
    private static final int MAX_DIGITS = 19;

    private PathIds() {
    }

    public static long require(ServerRequest req, String what) {
        String raw = req.path().pathParameters().get("id");
        if (isAsciiDigits(raw)) {
            try {
                long id = Long.parseLong(raw);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // beyond Long.MAX_VALUE: fall through
            }
        }
        throw ApiException.notFound(what + " " + raw + " not found");
    }

    private static boolean isAsciiDigits(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_DIGITS + 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}

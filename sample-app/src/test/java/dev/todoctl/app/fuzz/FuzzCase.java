package dev.todoctl.app.fuzz;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One generated request, symbolic where the server decides (ids, tokens) so that it shrinks and prints readably.
 *
 * @param method       usually the endpoint's; sometimes another, or a made-up one
 * @param pathId       the {@code {id}} of the endpoint's path, when it has one
 * @param query        raw (unencoded) query parameters; encoded on the wire unless {@code rawQuery}
 * @param contentType  the Content-Type header value, {@code null} for none
 * @param body         the JSON body before {@code shape} breaks it; {@code null} for no body
 * @param extraHeaders header lines sent verbatim
 * @param targetPadding extra characters appended to the request target (oversized URLs)
 */
record FuzzCase(Endpoint endpoint, String method, IdRef pathId, List<Map.Entry<String, String>> query,
                boolean rawQuery, Auth auth, String contentType, Jv body, Shape shape, List<String> extraHeaders,
                int targetPadding) {

    boolean methodConfused() {
        return !method.equals(endpoint.method);
    }

    boolean sendsBody() {
        return body != null || shape == Shape.EMPTY;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append(' ').append(endpoint.path.replace("{id}",
                pathId == null ? "" : "{" + pathId + "}"));
        if (!query.isEmpty()) {
            s.append('?').append(query.stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&"))).append(rawQuery ? " (raw)" : "");
        }
        if (targetPadding > 0) {
            s.append(" +").append(targetPadding).append(" chars of target");
        }
        s.append(" | auth ").append(auth.name().toLowerCase());
        s.append(" | content-type ").append(contentType == null ? "(none)" : "'" + contentType + "'");
        extraHeaders.forEach(h -> s.append(" | ").append(h.length() > 60 ? h.substring(0, 60) + "…(" + h.length()
                + " chars)" : h));
        if (body != null) {
            String json = Jv.show(body);
            s.append(" | body ").append(shape).append(' ')
                    .append(json.length() > 300 ? json.substring(0, 300) + "…(" + json.length() + " chars)" : json);
        } else if (shape == Shape.EMPTY) {
            s.append(" | empty body");
        }
        return escapeControls(s.toString());
    }

    /** Shrunk cases end up in test reports: control characters and unpaired surrogates as escapes. */
    private static String escapeControls(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !paired && !(i > 0
                    && Character.isLowSurrogate(c) && Character.isHighSurrogate(s.charAt(i - 1))))) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.todoctl.app.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.todoctl.app.support.RawHttp;
import dev.todoctl.app.support.RawHttp.Answer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sends {@link FuzzCase}s to a running api over a raw socket and checks every answer against the contract: no 5xx,
 * no hang, a status the contract allows there, the error body whose code goes with the status, forged credentials
 * and other users' ids never let through, malformed bodies never accepted, accepted writes read back identical,
 * and the victim user's data never visible nor changed. Not thread-safe: one per property run.
 */
final class FuzzTarget implements AutoCloseable {
    static final long HANG_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 401, 404, 413, 414, 415, 422);
    private static final Map<Integer, String> CODES = Map.of(400, "bad_request", 401, "unauthorized",
            404, "not_found", 405, "method_not_allowed", 409, "conflict", 413, "payload_too_large",
            414, "uri_too_long", 415, "unsupported_media_type", 422, "validation_failed");
    private static final Pattern CANONICAL_ID = Pattern.compile("[0-9]{1,19}");
    private static final String PASSWORD = "password123";
    private static final String VICTIM_PASSWORD = "victim-only-passphrase";

    /** One broken invariant, with the case that broke it and what came back. */
    record Violation(String invariant, FuzzCase fuzzCase, String answer) {
        @Override
        public String toString() {
            return invariant + "\n    request: " + fuzzCase + "\n    answer:  " + answer;
        }
    }

    private final RawHttp http;
    private final String secret;
    private final String marker = "victim-secret-" + UUID.randomUUID();
    private final Map<Auth, Caller> callers = new EnumMap<>(Auth.class);
    private final Map<Auth, String> forged = new EnumMap<>(Auth.class);
    private Caller victim;
    private long victimTask;
    private long victimConversation;
    private String victimSnapshot;

    private long requests;
    private long generated;
    private long serverErrors;
    private long slowest;
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Map<Endpoint, Map<Integer, Long>> byEndpoint = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Long> millisByEndpoint = new EnumMap<>(Endpoint.class);
    private FuzzCase previous;

    /** A signed-up user, with the ids of rows it created (newest last) for {@code own_*} references. */
    private static final class Caller {
        final long id;
        final String email;
        final String token;
        final Deque<Long> tasks = new ArrayDeque<>();
        final Deque<Long> conversations = new ArrayDeque<>();

        Caller(long id, String email, String token) {
            this.id = id;
            this.email = email;
            this.token = token;
        }
    }

    FuzzTarget(int port, String jwtSecret) {
        this.http = new RawHttp("127.0.0.1", port, (int) HANG_MILLIS);
        this.secret = jwtSecret;
    }

    /** Signs up the callers and the victim, and gives the victim a task and a conversation holding the marker. */
    void setUp() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        callers.put(Auth.CALLER, signup("fz-a-" + run + "@example.com", PASSWORD));
        callers.put(Auth.SECOND_CALLER, signup("fz-c-" + run + "@example.com", PASSWORD));
        victim = signup("victim-" + run + "@example.com", VICTIM_PASSWORD);
        victimTask = json(expect(request("POST", "/api/v1/tasks", victim.token,
                "{\"title\":\"" + marker + "\",\"description\":\"" + marker + "\",\"tags\":[\"secret\"]}"), 201))
                .get("id").asLong();
        victimConversation = json(expect(request("POST", "/api/v1/chat", victim.token,
                "{\"message\":\"add " + marker + "\"}"), 200)).get("conversation_id").asLong();
        victimSnapshot = victimSnapshot();
        Caller a = callers.get(Auth.CALLER);
        a.tasks.add(json(expect(request("POST", "/api/v1/tasks", a.token, "{\"title\":\"first\"}"), 201))
                .get("id").asLong());
        forged.put(Auth.GARBAGE, "Authorization: Bearer abc.def.ghi");
        forged.put(Auth.BASIC, "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (a.email + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        forged.put(Auth.EMPTY_BEARER, "Authorization: Bearer ");
        forged.put(Auth.ALG_NONE, "Authorization: Bearer " + unsigned(a));
        forged.put(Auth.WRONG_KEY, "Authorization: Bearer " + signed(a, "wrong-secret-0123456789-abcdefghijklmnop",
                Instant.now().plusSeconds(3600)));
        forged.put(Auth.EXPIRED, "Authorization: Bearer " + signed(a, secret, Instant.now().minusSeconds(60)));
        String[] parts = a.token.split("\\.");
        String victimClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"" + victim.id + "\",\"email\":\"" + victim.email + "\",\"iat\":"
                        + Instant.now().getEpochSecond() + ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond()
                        + "}").getBytes(StandardCharsets.UTF_8));
        forged.put(Auth.TAMPERED_SUBJECT, "Authorization: Bearer " + parts[0] + "." + victimClaims + "." + parts[2]);
    }

    private Caller signup(String email, String password) {
        JsonNode body = json(expect(request("POST", "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"), 201));
        return new Caller(body.get("user").get("id").asLong(), email, body.get("token").asText());
    }

    private static String unsigned(Caller c) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + c.id + "\",\"email\":\"" + c.email + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String signed(Caller c, String key, Instant expiry) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(Long.toString(c.id)).claim("email", c.email)
                    .issueTime(Date.from(expiry.minusSeconds(7200))).expirationTime(Date.from(expiry)).build());
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- running cases

    /** Sends one case and returns what it broke (empty when the answer keeps the contract). */
    List<Violation> run(FuzzCase c) {
        generated++;
        List<Violation> found = new ArrayList<>();
        Caller caller = c.auth().legitimate() ? callers.get(c.auth()) : callers.get(Auth.CALLER);
        String before = mcpWrite(c) ? tasksOf(caller) : null;
        Answer a;
        FuzzCase before1 = previous;
        previous = c;
        try {
            a = send(c, caller);
        } catch (RawHttp.DesyncException e) {
            found.add(new Violation("the connection's framing broke after the previous request: " + before1
                    + "\n    (" + e.getMessage() + ")", c, "(nothing)"));
            return found;
        } catch (IOException e) {
            found.add(new Violation("connection failed: " + e, c, "(nothing)"));
            return found;
        }
        statuses.merge(a.status(), 1L, Long::sum);
        byEndpoint.computeIfAbsent(c.endpoint(), e -> new TreeMap<>()).merge(a.status(), 1L, Long::sum);
        millisByEndpoint.merge(c.endpoint(), a.elapsedMillis(), Long::sum);
        slowest = Math.max(slowest, a.elapsedMillis());
        String shown = show(a);
        if (a.timedOut() || a.elapsedMillis() > HANG_MILLIS) {
            found.add(new Violation("no answer within " + HANG_MILLIS + " ms", c, shown));
            return found;
        }
        if (a.status() >= 500) {
            serverErrors++;
            found.add(new Violation("5xx", c, shown));
            return found;
        }
        if (a.text().contains(marker)) {
            found.add(new Violation("another user's data is visible", c, shown));
        }
        statusAllowed(c, a, found, shown);
        errorBody(c, a, found, shown);
        if (!c.methodConfused() && a.status() < 300) {
            if (!c.auth().legitimate() && c.endpoint().needsAuth && plainPath(c)) {
                found.add(new Violation("a forged or missing credential was accepted", c, shown));
            }
            if (c.pathId() != null && c.pathId().victims() && c.auth().legitimate()) {
                found.add(new Violation("another user's id was served", c, shown));
            }
            if (c.pathId() != null && c.endpoint() != Endpoint.NO_ROUTE && !canonical(c.pathId())) {
                found.add(new Violation("an id that is not a positive 64-bit integer was served", c, shown));
            }
            if (c.endpoint().readsBody() && c.body() != null
                    && c.shape().malformed(c.endpoint() == Endpoint.MCP)) {
                found.add(new Violation("a malformed JSON body was accepted", c, shown));
            }
            if (c.endpoint().readsBody() && c.body() != null && c.shape() != Shape.EMPTY && !jsonType(c)) {
                found.add(new Violation("a body without a JSON content type was accepted", c, shown));
            }
            if (c.shape() == Shape.OVERSIZED && c.body() != null) {
                found.add(new Violation("a body over 64 KiB was accepted", c, shown));
            }
            if (c.auth().legitimate() && found.isEmpty()) {
                readBack(c, caller, a, found, before);
            }
        } else if (!c.methodConfused() && !c.auth().legitimate() && c.endpoint().needsAuth && plainPath(c)
                && Set.of(404, 409, 415, 422).contains(a.status())) {
            found.add(new Violation("a handler ran for a forged or missing credential", c, shown));
        }
        if (!c.methodConfused() && c.shape() == Shape.OVERSIZED && c.body() != null && c.extraHeaders().isEmpty()
                && !c.rawQuery() && !Set.of(401, 404, 413, 414).contains(a.status())) {
            found.add(new Violation("a body over 64 KiB must be 413", c, shown));
        }
        return found;
    }

    private void statusAllowed(FuzzCase c, Answer a, List<Violation> found, String shown) {
        if (c.methodConfused()) {
            return;
        }
        boolean hugeHeader = c.extraHeaders().stream().anyMatch(h -> h.length() > 16 * 1024);
        boolean allowed = c.endpoint() == Endpoint.NO_ROUTE ? Set.of(400, 401, 404, 405, 414).contains(a.status())
                : c.endpoint().success.contains(a.status()) || CLIENT_ERRORS.contains(a.status())
                || (c.endpoint() == Endpoint.SIGNUP && a.status() == 409)
                || (hugeHeader && a.status() == 431);
        if (!allowed) {
            found.add(new Violation("status not allowed by the contract here", c, shown));
        }
    }

    private static void errorBody(FuzzCase c, Answer a, List<Violation> found, String shown) {
        if (a.status() < 400 || c.method().equals("HEAD")) {
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(a.body());
        } catch (IOException e) {
            found.add(new Violation("a 4xx without a JSON error body", c, shown));
            return;
        }
        JsonNode error = body == null ? null : body.get("error");
        if (c.endpoint() == Endpoint.MCP && error != null && error.path("code").isInt()
                && body.path("jsonrpc").asText().equals("2.0")) {
            return; // a JSON-RPC error (parse error, invalid request) is MCP's own error shape
        }
        String expected = CODES.get(a.status());
        if (error == null || !error.path("code").isTextual() || !error.path("message").isTextual()
                || error.path("message").asText().isBlank()
                || (expected != null && !expected.equals(error.path("code").asText()))) {
            found.add(new Violation("error body missing or its code not the one paired with " + a.status()
                    + (expected == null ? "" : " (" + expected + ")"), c, shown));
        }
    }

    /** Accepted writes read back identical, deletes are gone, a signup's token works. */
    private void readBack(FuzzCase c, Caller caller, Answer a, List<Violation> found, String before) {
        String shown = show(a);
        switch (c.endpoint()) {
            case CREATE_TASK, REPLACE_TASK, PATCH_TASK, COMPLETE_TASK -> {
                JsonNode task = json(a);
                long id = task.path("id").asLong();
                if (c.endpoint() == Endpoint.CREATE_TASK) {
                    caller.tasks.add(id);
                }
                Answer read = quiet("GET", "/api/v1/tasks/" + id, caller.token, null);
                if (read.status() != 200 || !Arrays.equals(read.body(), a.body())) {
                    found.add(new Violation("accepted write does not read back identical", c,
                            shown + "\n    read back: " + show(read)));
                }
                if (c.shape() == Shape.AS_IS && c.body() instanceof Jv.Obj sent) {
                    for (String field : List.of("title", "description", "tags")) {
                        Jv value = sent.get(field);
                        if (value != null && !(value instanceof Jv.Null) && task.has(field)
                                && !sameValue(value, task.get(field))) {
                            found.add(new Violation("accepted " + field + " differs from what was sent", c, shown));
                        }
                    }
                }
            }
            case DELETE_TASK -> {
                String id = resolve(c.pathId(), caller);
                caller.tasks.removeIf(t -> String.valueOf(t).equals(id));
                Answer read = quiet("GET", "/api/v1/tasks/" + id, caller.token, null);
                if (read.status() != 404) {
                    found.add(new Violation("deleted task still readable", c, show(read)));
                }
            }
            case CHAT -> {
                long conversation = json(a).path("conversation_id").asLong();
                caller.conversations.add(conversation);
                Answer read = quiet("GET", "/api/v1/conversations/" + conversation + "/messages", caller.token,
                        null);
                if (c.shape() == Shape.AS_IS && c.body() instanceof Jv.Obj sent
                        && sent.get("message") instanceof Jv.Str message) {
                    boolean stored = false;
                    for (JsonNode m : json(read).path("items")) {
                        stored |= m.path("role").asText().equals("user") && m.path("content").asText()
                                .equals(message.value());
                    }
                    if (!stored) {
                        found.add(new Violation("accepted chat message does not read back identical", c,
                                show(read)));
                    }
                }
            }
            case SIGNUP -> {
                JsonNode session = json(a);
                Answer me = quiet("GET", "/api/v1/auth/me", session.path("token").asText(), null);
                if (me.status() != 200 || json(me).path("id").asLong() != session.path("user").path("id").asLong()) {
                    found.add(new Violation("a signup's token does not work", c, show(me)));
                }
            }
            case MCP -> {
                JsonNode response = json(a);
                JsonNode result = response.path("result");
                if (before != null && (response.has("error") || result.path("isError").asBoolean(false))) {
                    unchangedAfterMcpFailure(c, caller, a, before, found);
                    return;
                }
                JsonNode task = result.path("structuredContent").path("task");
                Jv tool = c.body() instanceof Jv.Obj envelope && envelope.get("params") instanceof Jv.Obj params
                        ? params.get("name") : null;
                if (tool instanceof Jv.Str name && name.value().equals("delete_task") && task.has("id")) {
                    caller.tasks.remove(task.get("id").asLong());
                    Answer read = quiet("GET", "/api/v1/tasks/" + task.get("id").asLong(), caller.token, null);
                    if (read.status() != 404) {
                        found.add(new Violation("task deleted over MCP still readable", c, show(read)));
                    }
                } else if (task.has("id")) {
                    caller.tasks.add(task.get("id").asLong());
                    Answer read = quiet("GET", "/api/v1/tasks/" + task.get("id").asLong(), caller.token, null);
                    Jv title = mcpArgument(c, "title");
                    // the tools strip surrounding whitespace from titles (they serve chat models)
                    if (read.status() != 200 || (title instanceof Jv.Str s
                            && !json(read).path("title").asText().strip().equals(s.value().strip()))) {
                        found.add(new Violation("MCP write does not read back as sent", c, show(read)));
                    }
                }
            }
            default -> {
            }
        }
    }

    private void unchangedAfterMcpFailure(FuzzCase c, Caller caller, Answer a, String before, List<Violation> found) {
        JsonNode response;
        try {
            response = JSON.readTree(a.body());
        } catch (IOException e) {
            return;
        }
        if (response == null || !(response.has("error") || response.path("result").path("isError").asBoolean())) {
            return;
        }
        String after = tasksOf(caller);
        if (!after.equals(before)) {
            found.add(new Violation("a refused MCP call changed the caller's tasks", c, show(a)));
        }
    }

    private static boolean mcpWrite(FuzzCase c) {
        if (c.endpoint() != Endpoint.MCP || !c.auth().legitimate() || c.shape() != Shape.AS_IS
                || !(c.body() instanceof Jv.Obj envelope) || !(envelope.get("params") instanceof Jv.Obj params)) {
            return false;
        }
        return params.get("name") instanceof Jv.Str name
                && Set.of("add_task", "update_task", "complete_task", "delete_task").contains(name.value());
    }

    private static Jv mcpArgument(FuzzCase c, String name) {
        if (c.body() instanceof Jv.Obj envelope && envelope.get("params") instanceof Jv.Obj params
                && params.get("arguments") instanceof Jv.Obj arguments) {
            return arguments.get(name);
        }
        return null;
    }

    private static boolean sameValue(Jv sent, JsonNode got) {
        return switch (sent) {
            case Jv.Str s -> got.isTextual() && got.asText().equals(s.value());
            case Jv.Arr arr -> got.isArray() && got.size() == arr.items().size() && arr.items().stream()
                    .allMatch(i -> i instanceof Jv.Str) && java.util.stream.IntStream.range(0, got.size())
                    .allMatch(i -> got.get(i).asText().equals(((Jv.Str) arr.items().get(i)).value()));
            default -> true;
        };
    }

    private static boolean canonical(IdRef id) {
        if (id.kind() != IdRef.Kind.LITERAL) {
            return true;
        }
        if (!CANONICAL_ID.matcher(id.literal()).matches()) {
            return false;
        }
        try {
            return Long.parseLong(id.literal()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A path whose routing cannot depend on the id's spelling (an encoded slash re-routes before any auth). */
    private static boolean plainPath(FuzzCase c) {
        return c.pathId() == null || c.pathId().kind() != IdRef.Kind.LITERAL
                || c.pathId().literal().matches("-?[0-9a-z.]*");
    }

    private static boolean jsonType(FuzzCase c) {
        if (c.contentType() == null) {
            return false;
        }
        String t = c.contentType().trim().toLowerCase(Locale.ROOT);
        return t.startsWith("application/json") || t.startsWith("application/merge-patch+json");
    }

    // ---------------------------------------------------------------- wire

    private Answer send(FuzzCase c, Caller caller) throws IOException {
        StringBuilder target = new StringBuilder(c.endpoint().path.replace("{id}",
                c.pathId() == null ? "" : resolve(c.pathId(), caller)));
        List<String> params = new ArrayList<>();
        for (var q : c.query()) {
            params.add(c.rawQuery() ? raw(q.getKey()) + "=" + raw(q.getValue())
                    : URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
        }
        if (c.targetPadding() > 0) {
            params.add("pad=" + "p".repeat(c.targetPadding()));
        }
        if (!params.isEmpty()) {
            target.append('?').append(String.join("&", params));
        }
        List<String> headers = new ArrayList<>();
        if (c.auth().legitimate()) {
            headers.add("Authorization: Bearer " + caller.token);
        } else if (forged.containsKey(c.auth())) {
            headers.add(forged.get(c.auth()));
        }
        if (c.contentType() != null && c.sendsBody()) {
            headers.add("Content-Type: " + c.contentType());
        }
        headers.addAll(c.extraHeaders());
        byte[] body = c.sendsBody() ? bodyBytes(c, caller) : null;
        requests++;
        return http.send(c.method(), target.toString(), headers, body);
    }

    /** A raw query part: sent as typed, minus CR and LF, which would split the request into two. */
    private static String raw(String s) {
        return s.replace("\r", "").replace("\n", "");
    }

    private String resolve(IdRef ref, Caller caller) {
        return switch (ref.kind()) {
            case OWN_TASK -> String.valueOf(caller.tasks.isEmpty() ? Long.MAX_VALUE : caller.tasks.peekLast());
            case OWN_CONVERSATION -> String.valueOf(caller.conversations.isEmpty() ? Long.MAX_VALUE
                    : caller.conversations.peekLast());
            case VICTIM_TASK -> String.valueOf(victimTask);
            case VICTIM_CONVERSATION -> String.valueOf(victimConversation);
            case LITERAL -> ref.literal();
        };
    }

    private byte[] bodyBytes(FuzzCase c, Caller caller) {
        if (c.shape() == Shape.EMPTY || c.body() == null) {
            return new byte[0];
        }
        String json = c.body().json(ref -> resolve(ref, caller));
        Jv.Obj obj = c.body() instanceof Jv.Obj o ? o : new Jv.Obj(List.of());
        return switch (c.shape()) {
            case AS_IS -> utf8(json);
            case WRAPPED_IN_ARRAY -> utf8("[" + json + "]");
            case SCALAR -> utf8(List.of("true", "42", "\"text\"", "null", "-1").get(Math.floorMod(json.length(), 5)));
            case TRUNCATED -> utf8(json.substring(0, json.length() / 2));
            case TRAILING_GARBAGE -> utf8(json + " trailing");
            case TWO_OBJECTS -> utf8(json + json);
            case DUPLICATE_KEY -> {
                var first = obj.fields().isEmpty() ? Map.<String, Jv>entry("title", new Jv.Str("a"))
                        : obj.fields().getFirst();
                List<Map.Entry<String, Jv>> fields = new ArrayList<>(obj.fields());
                if (fields.isEmpty()) {
                    fields.add(first);
                }
                fields.add(first);
                yield utf8(new Jv.Obj(fields).json(ref -> resolve(ref, caller)));
            }
            case DEEP_NESTING -> {
                int depth = 65 + Math.floorMod(json.hashCode(), 4000);
                yield utf8(json.substring(0, json.length() - 1) + (obj.fields().isEmpty() ? "" : ",")
                        + "\"nested\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
            }
            case INVALID_UTF8 -> {
                byte[] bytes = utf8(json);
                int at = Math.max(1, json.indexOf('"') + 1);
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}};
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(bytes, 0, at);
                out.writeBytes(bad[Math.floorMod(json.length(), bad.length)]);
                out.write(bytes, at, bytes.length - at);
                yield out.toByteArray();
            }
            case SINGLE_QUOTES -> utf8(json.contains("\"") ? json.replace('"', '\'') : "{'title':'x'}");
            case TRAILING_COMMA -> utf8(json.substring(0, json.length() - 1) + ",}");
            case OVERSIZED -> utf8(json.substring(0, json.length() - 1) + (obj.fields().isEmpty() ? "" : ",")
                    + "\"pad\":\"" + "x".repeat(json.length() % 2 == 0 ? 70_000 : 300_000) + "\"}");
            case BYTE_ORDER_MARK -> utf8("\uFEFF" + json);
            case EMPTY -> new byte[0];
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- health and isolation between batches

    /** After a batch: ready, a write round trip works, the victim's data is unchanged. */
    List<String> healthProblems() {
        List<String> problems = new ArrayList<>();
        Answer ready = quiet("GET", "/health/ready", null, null);
        if (ready.status() != 200) {
            problems.add("readiness: " + show(ready));
        }
        Caller a = callers.get(Auth.CALLER);
        Answer created = quiet("POST", "/api/v1/tasks", a.token, "{\"title\":\"round trip\"}");
        if (created.status() != 201) {
            problems.add("round trip create: " + show(created));
        } else {
            long id = json(created).get("id").asLong();
            Answer read = quiet("GET", "/api/v1/tasks/" + id, a.token, null);
            if (read.status() != 200 || !Arrays.equals(read.body(), created.body())) {
                problems.add("round trip read: " + show(read));
            }
            Answer deleted = quiet("DELETE", "/api/v1/tasks/" + id, a.token, null);
            if (deleted.status() != 204) {
                problems.add("round trip delete: " + show(deleted));
            }
        }
        String now = victimSnapshot();
        if (!now.equals(victimSnapshot)) {
            problems.add("the victim's data changed:\n  before: " + victimSnapshot + "\n  after:  " + now);
        }
        return problems;
    }

    /** A login of the main caller still works (kept for the end: a password hash costs ~0.1 s). */
    String loginProblem() {
        Caller a = callers.get(Auth.CALLER);
        Answer login = quiet("POST", "/api/v1/auth/login", null,
                "{\"email\":\"" + a.email + "\",\"password\":\"" + PASSWORD + "\"}");
        return login.status() == 200 ? null : "login: " + show(login);
    }

    private String victimSnapshot() {
        return show(quiet("GET", "/api/v1/tasks?limit=100", victim.token, null)) + " | "
                + show(quiet("GET", "/api/v1/conversations/" + victimConversation + "/messages", victim.token, null));
    }

    private String tasksOf(Caller caller) {
        return quiet("GET", "/api/v1/tasks?limit=100&sort=title", caller.token, null).text();
    }

    String summary() {
        return "fuzz: " + generated + " generated requests (" + requests + " sent with read-backs and checks), "
                + serverErrors + " answered 5xx, slowest " + slowest + " ms, statuses " + statuses
                + "\n  by endpoint " + byEndpoint + "\n  server time by endpoint (ms) " + millisByEndpoint;
    }

    long serverErrors() {
        return serverErrors;
    }

    long generated() {
        return generated;
    }

    // ---------------------------------------------------------------- helpers

    private Answer quiet(String method, String target, String token, String body) {
        requests++;
        try {
            return request(method, target, token, body);
        } catch (UncheckedIOException e) {
            return new Answer(0, Map.of(), ("connection failed: " + e.getCause()).getBytes(StandardCharsets.UTF_8),
                    0, false);
        }
    }

    private Answer request(String method, String target, String token, String body) {
        List<String> headers = new ArrayList<>();
        if (token != null) {
            headers.add("Authorization: Bearer " + token);
        }
        if (body != null) {
            headers.add("Content-Type: application/json");
        }
        try {
            return http.send(method, target, headers, body == null ? null : utf8(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer expect(Answer a, int status) {
        if (a.status() != status) {
            throw new IllegalStateException("set-up request answered " + show(a));
        }
        return a;
    }

    private static JsonNode json(Answer a) {
        try {
            JsonNode node = JSON.readTree(a.body());
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    static String show(Answer a) {
        String text = a.text();
        return a.status() + (a.timedOut() ? " (timed out)" : "") + " "
                + (text.length() > 400 ? text.substring(0, 400) + "…(" + text.length() + " chars)" : text);
    }

    @Override
    public void close() {
        http.close();
    }
}

package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;

/**
 * {@code validate --fuzz N}: N generated hostile requests against the deployed api, the client mistakes of issue
 * #14 (wrong JSON types, malformed and oversized bodies, wrong or garbled content types, ids of every size and
 * sign, forged tokens, another user's ids, oversized URLs), and the contract's answer to each: never a 5xx, an
 * answer within 5 s, the error body whose code goes with the status, no forged credential or other user's id
 * served, no malformed body accepted, and the api healthy afterwards. A fixed seed makes a finding repeatable.
 * The app's own test suite fuzzes far deeper (jqwik, shrinking); this is the check any deployment can run.
 */
final class FuzzScenario implements Scenario {
    static final Duration HANG = Duration.ofSeconds(5);
    private static final int SHOWN = 5;
    private static final Map<Integer, String> CODES = Map.of(400, "bad_request", 401, "unauthorized",
            404, "not_found", 405, "method_not_allowed", 409, "conflict", 413, "payload_too_large",
            414, "uri_too_long", 415, "unsupported_media_type", 422, "validation_failed");
    private static final List<String> STRINGS = List.of("", " ", "\u0000", "\\ud800", "\u202Eevil", "😀", "任务",
            "'; DROP TABLE tasks; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "x".repeat(201),
            "x".repeat(4001), "2026-02-30", "9999-99-99", "urgent", "HIGH");
    private static final List<String> NUMBERS = List.of("0", "-1", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e400", "1.5", "123456789012345678901234567890");
    private static final List<String> ID_LITERALS = List.of("0", "-1", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1e3", "0x10", "%2B1", "abc",
            "%00", "%FF", "%EF%BC%91");
    private static final List<String> BAD_TYPES = List.of("", "json", "application/", "text/plain", "a b/c",
            "application/json;;charset", "application/json; charset=\"", "multipart/form-data; boundary=x",
            "application/xml", "*/*");

    private final int requests;
    private final long seed;

    FuzzScenario(int requests, long seed) {
        if (requests < 1) {
            throw new IllegalArgumentException("--fuzz needs at least 1 request");
        }
        this.requests = requests;
        this.seed = seed;
    }

    @Override
    public String id() {
        return "fuzz";
    }

    @Override
    public String title() {
        return "e2e 10: hostile input (" + requests + " generated requests, seed " + seed + ")";
    }

    /** One generated request and what the contract rules out for it. */
    private record Sent(HttpProbe.Call call, boolean forged, boolean victims, boolean malformed,
                        HttpProbe.Reply reply) {
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User caller = ctx.user("fuzz");
        TodoClient.User victim = ctx.user("fuzz-victim");
        String marker = "fuzz-victim-" + Long.toHexString(new Random(seed).nextLong());
        long victimTask = api.createTask(victim.token(), Map.of("title", marker)).path("id").asLong();
        long ownTask = api.createTask(caller.token(), Map.of("title", "fuzz")).path("id").asLong();
        Random random = new Random(seed);
        List<Sent> sent = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();

        ctx.checkWithDetail(requests + " hostile requests answered", () -> {
            for (int i = 0; i < requests; i++) {
                Sent s = send(ctx.http(), api, random, caller, victim, ownTask, victimTask);
                sent.add(s);
                statuses.merge(s.reply().status(), 1, Integer::sum);
            }
            List<Sent> unanswered = matching(sent, s -> s.reply().status() < 0);
            expect(unanswered.isEmpty(), () -> unanswered.size() + " requests got no answer" + shown(unanswered));
            return "statuses " + statuses;
        });
        ctx.check("no 5xx", () -> {
            List<Sent> bad = matching(sent, s -> s.reply().status() >= 500);
            expect(bad.isEmpty(), () -> bad.size() + " of " + sent.size() + " hostile requests got a 5xx"
                    + shown(bad));
        });
        ctx.check("every answer within " + HANG.toSeconds() + " s", () -> {
            List<Sent> slow = matching(sent, s -> s.reply().exchange().duration().compareTo(HANG) > 0);
            expect(slow.isEmpty(), () -> slow.size() + " answers took longer" + shown(slow));
        });
        ctx.check("every 4xx carries the error body with the code paired to its status", () -> {
            List<Sent> bad = matching(sent, s -> !errorBodyOk(s));
            expect(bad.isEmpty(), () -> bad.size() + " 4xx answers without the paired error code" + shown(bad));
        });
        ctx.check("forged, expired or missing tokens are refused", () -> {
            List<Sent> bad = matching(sent, s -> s.forged() && served(s));
            expect(bad.isEmpty(), () -> bad.size() + " requests without a valid token were served" + shown(bad));
        });
        ctx.check("another user's task is never served", () -> {
            List<Sent> bad = matching(sent, s -> (s.victims() && served(s)) || s.reply().body().contains(marker));
            expect(bad.isEmpty(), () -> bad.size() + " answers served the other user's task" + shown(bad));
        });
        ctx.check("malformed, oversized and non-JSON bodies are refused", () -> {
            List<Sent> bad = matching(sent, s -> s.malformed() && s.reply().ok());
            expect(bad.isEmpty(), () -> bad.size() + " such bodies were accepted" + shown(bad));
        });
        ctx.check("the api is healthy afterwards", () -> {
            HttpProbe.Reply ready = ctx.http().send(HttpProbe.Call.get(api.url("/health/ready")));
            expect(ready.status() == 200, () -> "readiness after the fuzz run\n" + ready.exchange().describe());
            JsonNode task = api.createTask(caller.token(), Map.of("title", "after fuzz"));
            HttpProbe.Reply read = api.get("/api/v1/tasks/" + task.path("id").asLong(), caller.token());
            expect(read.status() == 200 && read.body().contains("after fuzz"),
                    () -> "round trip after the fuzz run\n" + read.exchange().describe());
            HttpProbe.Reply login = api.login(caller.email(), caller.password());
            expect(login.status() == 200, () -> "login after the fuzz run\n" + login.exchange().describe());
            HttpProbe.Reply victims = api.get("/api/v1/tasks/" + victimTask, victim.token());
            expect(victims.status() == 200 && victims.body().contains(marker),
                    () -> "the other user's task changed\n" + victims.exchange().describe());
        });
    }

    /** A 2xx that did the work: MCP answers 200 with a JSON-RPC error or a tool error too. */
    private static boolean served(Sent s) {
        HttpProbe.Reply r = s.reply();
        if (!r.ok()) {
            return false;
        }
        JsonNode json = r.json();
        return json == null || !json.path("jsonrpc").asText().equals("2.0")
                || (json.has("result") && !json.path("result").path("isError").asBoolean(false));
    }

    private static List<Sent> matching(List<Sent> sent, Predicate<Sent> p) {
        return sent.stream().filter(p).toList();
    }

    private static String shown(List<Sent> found) {
        StringBuilder s = new StringBuilder();
        found.stream().limit(SHOWN).forEach(f -> s.append("\n").append(f.reply().exchange().describe()));
        if (found.size() > SHOWN) {
            s.append("\n… and ").append(found.size() - SHOWN).append(" more");
        }
        return s.toString();
    }

    private static boolean errorBodyOk(Sent s) {
        HttpProbe.Reply r = s.reply();
        if (r.status() < 400 || r.status() >= 500) {
            return true;
        }
        JsonNode error = r.json() == null ? null : r.json().get("error");
        if (r.json() != null && r.json().path("jsonrpc").asText().equals("2.0") && error != null
                && error.path("code").isInt()) {
            return true; // MCP's own JSON-RPC error shape
        }
        String expected = CODES.get(r.status());
        return error != null && error.path("message").isTextual() && !error.path("message").asText().isBlank()
                && error.path("code").isTextual() && (expected == null || expected.equals(error.path("code").asText()));
    }

    private Sent send(HttpProbe http, TodoClient api, Random random, TodoClient.User caller, TodoClient.User victim,
                      long ownTask, long victimTask) {
        boolean forged = random.nextInt(5) == 0;
        String token = forged ? forgedToken(random, caller, victim) : caller.token();
        String id;
        boolean victims = false;
        switch (random.nextInt(4)) {
            case 0 -> {
                id = String.valueOf(victimTask);
                victims = true;
            }
            case 1 -> id = ID_LITERALS.get(random.nextInt(ID_LITERALS.size()));
            default -> id = String.valueOf(ownTask);
        }
        HttpProbe.Call call;
        String body = body(random);
        switch (random.nextInt(10)) {
            case 0 -> body = body + " trailing";
            case 1 -> body = body.substring(0, body.length() / 2);
            case 2 -> body = "[" + body + "]";
            case 3 -> body = "{\"title\":\"a\",\"title\":\"b\"}";
            case 4 -> body = "{\"title\":" + "[".repeat(500) + "]".repeat(500) + "}";
            case 5 -> body = "{\"title\":\"" + "x".repeat(70 * 1024) + "\"}";
            default -> {
                // well-formed; only the values are hostile
            }
        }
        boolean brokenBody = !body.startsWith("{") || !body.endsWith("}") || body.contains("\"title\":\"a\",\"title\"")
                || body.contains("[[[") || body.length() > 64 * 1024;
        String type = "application/json";
        if (random.nextInt(6) == 0) {
            type = BAD_TYPES.get(random.nextInt(BAD_TYPES.size()));
            brokenBody = true;
        }
        int endpoint = random.nextInt(9);
        boolean mcpById = endpoint == 7 && random.nextBoolean();
        // only requests that name the id can be served the other user's task
        victims &= (endpoint >= 2 && endpoint <= 5) || endpoint == 8 || mcpById;
        switch (endpoint) {
            case 0 -> call = HttpProbe.Call.get(api.url("/api/v1/tasks?" + query(random)));
            case 1 -> call = HttpProbe.Call.of("POST", api.url("/api/v1/tasks")).body(body, type);
            case 2 -> call = HttpProbe.Call.get(api.url("/api/v1/tasks/" + id));
            case 3 -> call = HttpProbe.Call.of("PUT", api.url("/api/v1/tasks/" + id)).body(body, type);
            case 4 -> call = HttpProbe.Call.of("PATCH", api.url("/api/v1/tasks/" + id)).body(body, type);
            case 5 -> call = HttpProbe.Call.of("POST", api.url("/api/v1/tasks/" + id + "/complete"))
                    .body(body, type);
            case 6 -> call = HttpProbe.Call.of("POST", api.url("/api/v1/chat")).body(random.nextBoolean() ? body
                    : "{\"message\":\"list my tasks\",\"conversation_id\":"
                    + NUMBERS.get(random.nextInt(NUMBERS.size())) + "}", type);
            case 7 -> call = HttpProbe.Call.of("POST", api.url("/mcp")).body("{\"jsonrpc\":\"2.0\",\"id\":1,"
                    + "\"method\":\"tools/call\",\"params\":{\"name\":\"" + (mcpById
                    ? List.of("update_task", "complete_task", "delete_task").get(random.nextInt(3))
                    : List.of("add_task", "update_task", "list_tasks").get(random.nextInt(3))) + "\",\"arguments\":"
                    + (mcpById ? "{\"task_id\":" + id + ",\"title\":\"renamed\"}" : body) + "}}", type);
            default -> call = HttpProbe.Call.of("DELETE", api.url("/api/v1/tasks/" + id));
        }
        boolean readsBody = call.rawBody() != null;
        if (token != null) {
            call = call.bearer(token);
        }
        HttpProbe.Reply reply = http.send(call);
        return new Sent(call, forged, victims, readsBody && brokenBody && !call.url().endsWith("/mcp"), reply);
    }

    private static String body(Random random) {
        List<String> fields = new ArrayList<>();
        for (String name : List.of("title", "description", "priority", "tags", "due_date", "completed", "message")) {
            int pick = random.nextInt(6);
            if (pick == 0) {
                continue;
            }
            String value = switch (pick) {
                case 1 -> '"' + json(STRINGS.get(random.nextInt(STRINGS.size()))) + '"';
                case 2 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
                case 3 -> List.of("true", "null", "[]", "{}", "[\"a\",1]").get(random.nextInt(5));
                default -> switch (name) {
                    case "priority" -> "\"high\"";
                    case "tags" -> "[\"work\"]";
                    case "due_date" -> "\"2026-12-31\"";
                    case "completed" -> "true";
                    default -> "\"fuzz " + random.nextInt(1000) + "\"";
                };
            };
            fields.add('"' + name + "\":" + value);
        }
        return "{" + String.join(",", fields) + "}";
    }

    /** JSON string content: quotes, backslashes and control characters escaped; "\\ud800" stays an escape. */
    private static String json(String s) {
        if (s.equals("\\ud800")) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String query(Random random) {
        List<String> params = List.of("status=" + List.of("pending", "done", "%00", "").get(random.nextInt(4)),
                "limit=" + NUMBERS.get(random.nextInt(NUMBERS.size())), "offset=-1", "sort=nope",
                "due_before=2026-02-30", "q=%27%3B%20DROP%20TABLE%20tasks", "q=" + "a".repeat(9 * 1024),
                "priority=HIGH", "tag=%F0%9F%98%80");
        return params.get(random.nextInt(params.size()));
    }

    private static String forgedToken(Random random, TodoClient.User caller, TodoClient.User victim) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = Map.of("sub", String.valueOf(victim.id()), "email", victim.email(),
                "iat", now, "exp", now + 3600);
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> Jwt.hs256("not-the-secret-0123456789-abcdefghijkl", claims);
            case 2 -> Jwt.tamperClaims(caller.token(), String.valueOf(victim.id()));
            case 3 -> java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                    + Jwt.hs256("x", claims).split("\\.")[1] + ".";
            default -> "garbage.token.value";
        };
    }
}

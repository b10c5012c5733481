package dev.todoctl.app.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The jqwik arbitraries of hostile requests: mostly well-aimed (valid caller, JSON), each part hostile at times. */
final class Generators {
    private Generators() {
    }

    static final List<String> SAMPLE_STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\uD800", "x\uDFFF",
            "\uD83D", "\u202Eevil\u202C", "שלום עולם", "مرحبا", "任务", "😀", "👨‍👩‍👧‍👦", "e\u0301",
            "'; DROP TABLE tasks; --", "' OR '1'='1", "\" OR 1=1 --", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "${jndi:ldap://x/a}", "{{7*7}}", "%00", "%s%n", "../../etc/passwd",
            "\\", "\"", "\r\n", "\t", "NaN", "null", "true", "[]", "{}", "\uFEFF", "\uFFFF", "\u2028", "low",
            "medium", "high", "HIGH", "urgent", "pending", "completed", "done", "all", "#work", "2026-12-07",
            "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "+10000-01-01", "2026-1-1", "2026-12-07T10:00:00Z",
            "-0001-01-01", "tomorrow", "created_at", "due_date", "priority", "title", "asc", "desc", "DESC");

    static final List<String> NUMBER_TOKENS = List.of("0", "-0", "1", "-1", "2", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "1e400", "-1e400", "1E-400", "1.5", "1.0", "-0.0", "1e3", "100", "101",
            "123456789012345678901234567890", "0.0000001");

    static final List<String> ID_LITERALS = List.of("0", "-1", "1", "2", "3", "2147483647", "2147483648",
            "-2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "99999999999999999999999", "1e3", "0x10", "01", "+1", "%2B1", "%20%31",
            "1.0", "abc", "%00", "%FF", "%C3%28", "%2F", "%2e%2e", "%EF%BC%91", "null", "-", "%F0%9F%98%80",
            "+2", "%EF%BC%92", "%D9%A2", "+3", "0002");

    static Arbitrary<String> hostileString() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, shortHostileString()),
                Tuple.of(1, Arbitraries.of(33, 129, 201, 255, 2001, 4001, 20_000).map("x"::repeat)),
                Tuple.of(1, Arbitraries.of(199, 200, 201, 2000, 2001).map("😀"::repeat)));
    }

    /** For query strings: long ones would make nearly every request a 414, which has its own cases. */
    static Arbitrary<String> shortHostileString() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(SAMPLE_STRINGS)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars(" -_#'\"").ofMaxLength(24)));
    }

    static Arbitrary<Jv> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(NUMBER_TOKENS)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)),
                        new java.math.BigInteger("1" + "0".repeat(40))).map(String::valueOf)))
                .map(Jv.Num::new);
    }

    /** Any JSON value, mostly of the wrong type for the field it lands in. */
    static Arbitrary<Jv> hostileValue() {
        Arbitrary<Jv> scalar = Arbitraries.frequencyOf(
                Tuple.of(4, hostileString().map(Jv.Str::new)),
                Tuple.of(3, number()),
                Tuple.of(1, Arbitraries.of(true, false).map(Jv.Bool::new)),
                Tuple.of(1, Arbitraries.just(new Jv.Null())));
        return Arbitraries.frequencyOf(
                Tuple.of(8, scalar),
                Tuple.of(1, scalar.list().ofMaxSize(4).map(Jv.Arr::new)),
                Tuple.of(1, scalar.map(v -> new Jv.Obj(List.of(Map.entry("text", v))))));
    }

    private static Arbitrary<Jv> str(Arbitrary<String> s) {
        return s.map(Jv.Str::new);
    }

    static Arbitrary<String> title() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().alpha().withChars(' ').ofMinLength(1).ofMaxLength(30)),
                Tuple.of(2, Arbitraries.of("Buy milk", "Café ☕ at 5", "שלום", "任务一", "😀 party", "a",
                        "<b>bold</b>", "'quoted'", "x".repeat(200), "😀".repeat(200), "e\u0301t\u00e9")),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10)));
    }

    static Arbitrary<String> date() {
        return Combinators.combine(Arbitraries.integers().between(1, 9999), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28)).as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
    }

    static Arbitrary<Jv> tags() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).list().uniqueElements().ofMaxSize(4)
                .map(l -> new Jv.Arr(l.stream().<Jv>map(Jv.Str::new).toList()));
    }

    static Arbitrary<Jv> id(IdRef.Kind own, IdRef.Kind victims) {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(new Jv.Id(IdRef.of(own)))),
                Tuple.of(2, Arbitraries.just(new Jv.Id(IdRef.of(victims)))),
                Tuple.of(2, number()),
                Tuple.of(1, hostileValue()));
    }

    /** A field: absent, a plausible value, or a hostile one. */
    private static Arbitrary<Optional<Map.Entry<String, Jv>>> field(String name, Arbitrary<Jv> good) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<Map.Entry<String, Jv>>empty())),
                Tuple.of(8, good.map(v -> Optional.of(Map.entry(name, v)))),
                Tuple.of(1, hostileValue().map(v -> Optional.of(Map.entry(name, v)))));
    }

    /** Fields a client must not be able to set (mass assignment), and names no endpoint knows. */
    private static Arbitrary<List<Map.Entry<String, Jv>>> extraFields() {
        Arbitrary<Map.Entry<String, Jv>> extra = Combinators.combine(
                Arbitraries.of("id", "owner_id", "user_id", "created_at", "updated_at", "is_admin", "role",
                        "__proto__", "constructor", "password_hash", "email_key", "", "\u0000", "\uD800"),
                hostileValue()).as(Map::entry);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(List.<Map.Entry<String, Jv>>of())),
                Tuple.of(1, extra.list().ofMinSize(1).ofMaxSize(3)));
    }

    private static Arbitrary<Jv> object(List<Arbitrary<Optional<Map.Entry<String, Jv>>>> fields) {
        return Combinators.combine(Combinators.combine(fields).as(l -> l), extraFields()).as((given, extra) -> {
            List<Map.Entry<String, Jv>> all = new ArrayList<>();
            given.forEach(o -> o.ifPresent(all::add));
            all.addAll(extra);
            return new Jv.Obj(all);
        });
    }

    static Arbitrary<Jv> body(Endpoint.BodyKind kind) {
        Arbitrary<Jv> bool = Arbitraries.of(true, false).map(Jv.Bool::new);
        Arbitrary<Jv> priority = str(Arbitraries.of("low", "medium", "high"));
        return switch (kind) {
            case NONE -> Arbitraries.just(null);
            case SIGNUP -> object(List.of(
                    field("email", str(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
                            .map(s -> "fz-" + s + "@example.com"))),
                    field("password", str(Arbitraries.strings().alpha().ofMinLength(8).ofMaxLength(20))),
                    field("name", str(title()))));
            case LOGIN -> object(List.of(
                    field("email", str(Arbitraries.of("fz-a@example.com", "victim@example.com", "nobody@x.io"))),
                    field("password", str(Arbitraries.of("password123", "wrong-password", "x")))));
            case TASK -> object(List.of(field("title", str(title())),
                    field("description", str(Arbitraries.strings().ofMaxLength(40))), field("priority", priority),
                    field("tags", tags()), field("due_date", Arbitraries.frequencyOf(Tuple.of(4, str(date())), Tuple.of(1, Arbitraries.just(new Jv.Null())))),
                    field("completed", bool)));
            case COMPLETE -> object(List.of(field("completed", bool)));
            case CHAT -> object(List.of(
                    field("message", str(Arbitraries.of("add buy milk", "add call mom tomorrow #home high priority",
                            "list my tasks", "show completed tasks", "complete task 1", "delete task 2",
                            "rename task 1 to x", "what can you do?", "delete everything", "hello"))),
                    field("conversation_id", id(IdRef.Kind.OWN_CONVERSATION, IdRef.Kind.VICTIM_CONVERSATION))));
            case MCP -> mcp();
        };
    }

    private static Arbitrary<Jv> mcp() {
        Arbitrary<Jv> taskId = id(IdRef.Kind.OWN_TASK, IdRef.Kind.VICTIM_TASK);
        Arbitrary<Jv> bool = Arbitraries.of(true, false).map(Jv.Bool::new);
        Arbitrary<Jv> priority = str(Arbitraries.of("low", "medium", "high"));
        Arbitrary<Jv> fragment = str(Arbitraries.of("milk", "a", "victim", "%", "_", ""));
        Arbitrary<Jv> add = object(List.of(field("title", str(title())), field("description",
                str(Arbitraries.strings().ofMaxLength(20))), field("priority", priority), field("tags", tags()),
                field("due_date", str(date()))));
        Arbitrary<Jv> list = object(List.of(field("status", str(Arbitraries.of("pending", "completed", "all"))),
                field("priority", priority), field("tag", str(Arbitraries.of("work", "home"))),
                field("query", fragment), field("due_before", str(date())), field("due_after", str(date())),
                field("limit", number())));
        Arbitrary<Jv> complete = object(List.of(field("task_id", taskId), field("title_contains", fragment),
                field("completed", bool)));
        Arbitrary<Jv> delete = object(List.of(field("task_id", taskId), field("title_contains", fragment)));
        Arbitrary<Jv> update = object(List.of(field("task_id", taskId), field("title_contains", fragment),
                field("title", str(title())), field("description", str(Arbitraries.strings().ofMaxLength(20))),
                field("priority", priority), field("tags", tags()), field("due_date", str(date()))));
        Arbitrary<Jv> call = Arbitraries.frequencyOf(
                Tuple.of(3, add.map(a -> toolCall("add_task", a))),
                Tuple.of(1, list.map(a -> toolCall("list_tasks", a))),
                Tuple.of(2, complete.map(a -> toolCall("complete_task", a))),
                Tuple.of(1, delete.map(a -> toolCall("delete_task", a))),
                Tuple.of(3, update.map(a -> toolCall("update_task", a))),
                Tuple.of(1, Combinators.combine(hostileString(), hostileValue())
                        .as((name, args) -> toolCall(name, args))));
        Arbitrary<Jv> other = Arbitraries.of("initialize", "tools/list", "ping", "resources/list", "tools/call")
                .map(m -> envelope(new Jv.Num("1"), m, new Jv.Obj(List.of())));
        Arbitrary<Jv> malformedEnvelope = Combinators.combine(hostileValue(), hostileValue(), hostileValue())
                .as((id, method, params) -> new Jv.Obj(List.of(Map.entry("jsonrpc", new Jv.Str("2.0")),
                        Map.entry("id", id), Map.entry("method", method), Map.entry("params", params))));
        return Arbitraries.frequencyOf(Tuple.of(8, call), Tuple.of(1, other), Tuple.of(1, malformedEnvelope));
    }

    private static Jv toolCall(String name, Jv arguments) {
        return envelope(new Jv.Num("7"), "tools/call", new Jv.Obj(List.of(Map.entry("name", new Jv.Str(name)),
                Map.entry("arguments", arguments))));
    }

    private static Jv envelope(Jv id, String method, Jv params) {
        return new Jv.Obj(List.of(Map.entry("jsonrpc", new Jv.Str("2.0")), Map.entry("id", id),
                Map.entry("method", new Jv.Str(method)), Map.entry("params", params)));
    }

    static Arbitrary<List<Map.Entry<String, String>>> query(Endpoint endpoint) {
        if (endpoint != Endpoint.LIST_TASKS) {
            return Arbitraries.frequencyOf(
                    Tuple.of(9, Arbitraries.just(List.<Map.Entry<String, String>>of())),
                    Tuple.of(1, Combinators.combine(Arbitraries.of("x", "id", "limit"), shortHostileString())
                            .as(Map::entry).list().ofMaxSize(2)));
        }
        Arbitrary<Map.Entry<String, String>> param = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.just("status"),
                        Arbitraries.oneOf(Arbitraries.of("pending", "completed"), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.just("priority"),
                        Arbitraries.oneOf(Arbitraries.of("low", "medium", "high"), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.of("tag", "q"), shortHostileString()).as(Map::entry),
                Combinators.combine(Arbitraries.of("due_before", "due_after"),
                        Arbitraries.oneOf(date(), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.just("sort"), Arbitraries.oneOf(
                        Arbitraries.of("created_at", "due_date", "priority", "title"), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.just("order"),
                        Arbitraries.oneOf(Arbitraries.of("asc", "desc"), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.of("limit", "offset"),
                        Arbitraries.oneOf(number().map(n -> ((Jv.Num) n).token()), shortHostileString())).as(Map::entry),
                Combinators.combine(Arbitraries.of("unknown", "", "limit[]", "q"), shortHostileString()).as(Map::entry));
        return param.list().ofMaxSize(4);
    }

    static Arbitrary<Auth> auth(Endpoint endpoint) {
        return Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just(Auth.CALLER)),
                Tuple.of(2, Arbitraries.just(Auth.SECOND_CALLER)),
                Tuple.of(4, Arbitraries.of(Auth.values())));
    }

    static Arbitrary<String> contentType() {
        return Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.just("application/json")),
                Tuple.of(2, Arbitraries.of("application/json; charset=utf-8", "APPLICATION/JSON",
                        "application/merge-patch+json", "application/json;charset=UTF-16")),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(3, Arbitraries.of("", " ", "json", "application/", "/json", ";", "text/plain",
                        "text/json", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json;;charset", "application/json; charset",
                        "application/json; charset=\"", "a b/c", "*/*", "application/*", "é/json",
                        "application/json; charset=nope", "x".repeat(3000))));
    }

    static Arbitrary<Shape> shape() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(Shape.AS_IS)),
                Tuple.of(12, Arbitraries.of(Shape.values())));
    }

    static Arbitrary<List<String>> extraHeaders() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.of(
                        "X-Request-Id: " + "r".repeat(200), "X-Request-Id: ../../x", "X-Filler: " + "f".repeat(20_000),
                        "MCP-Protocol-Version: 1999-01-01", "MCP-Protocol-Version: ", "Accept: application/xml",
                        "Content-Encoding: gzip", "Content-Encoding: br", "X-Name: \u00e9t\u00e9", "X-Ctl: a\u0001b",
                        "Origin: https://evil.example", "Accept-Charset: ebcdic", "X-Forwarded-For: ' OR 1=1",
                        ": empty-name", "Bad Header: x", "Authorization: Bearer second-header")
                        .map(List::of)));
    }

    static Arbitrary<String> method(Endpoint endpoint) {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(endpoint.method)),
                Tuple.of(1, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE",
                        "FOO", "get")));
    }

    static Arbitrary<IdRef> pathId(Endpoint endpoint) {
        if (!endpoint.hasPathId()) {
            return Arbitraries.just(null);
        }
        if (endpoint == Endpoint.NO_ROUTE) {
            return Arbitraries.oneOf(Arbitraries.of(ID_LITERALS), Arbitraries.of("tasks/1/2", "v2", "tasks/1/complete/x",
                    "auth", "chat/1", "conversations/x/y", "%2e%2e/%2e%2e/etc/passwd", "tasks%2F1"))
                    .map(IdRef::literal);
        }
        IdRef.Kind own = endpoint.pathIdIsConversation() ? IdRef.Kind.OWN_CONVERSATION : IdRef.Kind.OWN_TASK;
        IdRef.Kind victims = endpoint.pathIdIsConversation() ? IdRef.Kind.VICTIM_CONVERSATION : IdRef.Kind.VICTIM_TASK;
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(IdRef.of(own))),
                Tuple.of(2, Arbitraries.just(IdRef.of(victims))),
                Tuple.of(3, Arbitraries.of(ID_LITERALS).map(IdRef::literal)),
                Tuple.of(1, Arbitraries.longs().map(l -> IdRef.literal(Long.toString(l)))));
    }

    /** Weighted towards the task and MCP endpoints; signup and login cost a password hash (~0.1 s) each. */
    static Arbitrary<Endpoint> endpoint() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Endpoint.SIGNUP)),
                Tuple.of(1, Arbitraries.just(Endpoint.LOGIN)),
                Tuple.of(6, Arbitraries.of(Endpoint.ME, Endpoint.HEALTH, Endpoint.READY, Endpoint.OPENAPI,
                        Endpoint.NO_ROUTE, Endpoint.LIST_CONVERSATIONS)),
                Tuple.of(12, Arbitraries.just(Endpoint.LIST_TASKS)),
                Tuple.of(20, Arbitraries.just(Endpoint.CREATE_TASK)),
                Tuple.of(24, Arbitraries.of(Endpoint.GET_TASK, Endpoint.REPLACE_TASK, Endpoint.PATCH_TASK,
                        Endpoint.DELETE_TASK, Endpoint.COMPLETE_TASK)),
                Tuple.of(8, Arbitraries.just(Endpoint.CHAT)),
                Tuple.of(4, Arbitraries.of(Endpoint.MESSAGES, Endpoint.DELETE_CONVERSATION)),
                Tuple.of(20, Arbitraries.just(Endpoint.MCP)));
    }

    static Arbitrary<FuzzCase> cases() {
        return endpoint().flatMap(e -> Combinators.combine(
                method(e), pathId(e), query(e), Arbitraries.of(false, false, false, true), auth(e),
                contentType(), body(e.body), shape()).as((method, id, query, raw, auth, type, body, shape) ->
                        Tuple.of(method, id, query, raw, auth, type, body, shape))
                .flatMap(t -> Combinators.combine(extraHeaders(), Arbitraries.frequencyOf(
                        Tuple.of(30, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(4000, 8200, 9000, 70_000))))
                        .as((headers, padding) -> new FuzzCase(e, t.get1(), t.get2(), t.get3(), t.get4(), t.get5(),
                                e.readsBody() ? t.get6() : null, t.get7(), e.readsBody() ? t.get8() : Shape.AS_IS,
                                headers, padding))));
    }
}

package dev.todoctl.app.fuzz;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A generated JSON value, written by hand rather than by Jackson: the fuzzer must be able to send what a
 * serializer refuses (unpaired surrogates, numbers beyond any Java type) and to refer to ids that only exist at
 * run time ({@link Id}). {@code toString} is the JSON text with ids unresolved, for readable shrunk cases.
 */
sealed interface Jv {
    record Str(String value) implements Jv {
    }

    /** A number token exactly as sent, e.g. {@code 9223372036854775808} or {@code 1e400}. */
    record Num(String token) implements Jv {
    }

    record Bool(boolean value) implements Jv {
    }

    record Null() implements Jv {
    }

    record Arr(List<Jv> items) implements Jv {
    }

    /** Fields in order; a name may repeat (duplicate keys are one of the hostile inputs). */
    record Obj(List<Map.Entry<String, Jv>> fields) implements Jv {
        Jv get(String name) {
            return fields.stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }
    }

    /** An id chosen symbolically (the caller's task, another user's...), resolved when the request is sent. */
    record Id(IdRef ref) implements Jv {
    }

    default String json(Function<IdRef, String> ids) {
        StringBuilder out = new StringBuilder();
        write(this, out, ids);
        return out.toString();
    }

    private static void write(Jv v, StringBuilder out, Function<IdRef, String> ids) {
        switch (v) {
            case Str s -> string(s.value(), out);
            case Num n -> out.append(n.token());
            case Bool b -> out.append(b.value());
            case Null n -> out.append("null");
            case Id id -> out.append(ids.apply(id.ref()));
            case Arr a -> {
                out.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(a.items().get(i), out, ids);
                }
                out.append(']');
            }
            case Obj o -> {
                out.append('{');
                for (int i = 0; i < o.fields().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(o.fields().get(i).getKey(), out);
                    out.append(':');
                    write(o.fields().get(i).getValue(), out, ids);
                }
                out.append('}');
            }
        }
    }

    /** JSON string escaping; unpaired surrogates go out as {@code \\uD800} escapes (UTF-8 cannot carry them). */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (paired) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    static String show(Jv v) {
        return v.json(ref -> "<" + ref + ">");
    }
}

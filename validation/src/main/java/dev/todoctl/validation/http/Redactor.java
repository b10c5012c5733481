package dev.todoctl.validation.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from everything that ends up in a report: Authorization headers, bearer tokens and JWTs,
 * password/token/secret fields in JSON bodies, and any known secret value (the JWT secret, a database password).
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "set-cookie",
            "proxy-authorization");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(\"(?:password|token|access_token|refresh_token|secret|jwt_secret|api_key)\"\\s*:\\s*\")([^\"]*)(\")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

    private final List<String> knownSecrets;

    public Redactor(List<String> knownSecrets) {
        List<String> s = new ArrayList<>();
        for (String k : knownSecrets) {
            if (k != null && k.length() >= 4) {
                s.add(k);
            }
        }
        // Longest first, so a secret containing another is masked whole.
        s.sort(Comparator.comparingInt(String::length).reversed());
        this.knownSecrets = List.copyOf(s);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public String header(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? redactAuth(value) : text(value);
    }

    private String redactAuth(String value) {
        int space = value.indexOf(' ');
        return space > 0 ? value.substring(0, space + 1) + MASK : MASK;
    }

    public String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String out = value;
        for (String secret : knownSecrets) {
            out = out.replace(secret, MASK);
        }
        out = SECRET_FIELD.matcher(out).replaceAll("$1" + MASK + "$3");
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        return JWT.matcher(out).replaceAll(MASK);
    }
}

package dev.todoctl.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * JDBC settings. With no {@code DATABASE_URL} the api uses an embedded H2 file database (PostgreSQL mode)
 * under {@code DATA_DIR} (default {@code ./data}), so it runs with nothing else installed.
 *
 * <p>{@code DATABASE_ROLE} (PostgreSQL only, optional): a role every connection switches to ({@code SET ROLE}) right
 * after logging in as {@code DATABASE_USER}. With two login roles that take turns (a password rotation without a
 * failed request), both members of this role, whatever a migration creates is owned by this role, so the other
 * login role can use and alter it too.
 */
public record DatabaseConfig(String url, Optional<String> user, Optional<String> password, Optional<String> role,
                             int poolSize) {

    public static DatabaseConfig from(Env env) {
        String url = env.get("DATABASE_URL").map(DatabaseConfig::toJdbc).orElseGet(() -> embeddedUrl(
                Path.of(env.get("DATA_DIR", "data"))));
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new ConfigException("DATABASE_URL must be a PostgreSQL URL (postgresql://host:5432/db or "
                    + "jdbc:postgresql://...) or an H2 URL (jdbc:h2:...)");
        }
        Optional<String> user = env.get("DATABASE_USER");
        Optional<String> password = env.get("DATABASE_PASSWORD");
        // pgjdbc ignores user:password@ in the URL; libpq-style URLs carry them there, so move them out.
        var userInfo = java.util.regex.Pattern.compile("^(jdbc:postgresql://)([^/@]*)@(.*)$").matcher(url);
        if (userInfo.matches()) {
            String[] parts = userInfo.group(2).split(":", 2);
            url = userInfo.group(1) + userInfo.group(3);
            if (user.isEmpty()) {
                user = Optional.of(decode(parts[0]));
            }
            if (password.isEmpty() && parts.length == 2) {
                password = Optional.of(decode(parts[1]));
            }
        }
        Optional<String> role = env.get("DATABASE_ROLE").filter(r -> !r.isBlank());
        if (role.isPresent() && !url.startsWith("jdbc:postgresql:")) {
            role = Optional.empty(); // H2 has no SET ROLE; the embedded database has a single user anyway
        }
        return new DatabaseConfig(url, user, password, role, env.integer("DATABASE_POOL_SIZE", 10, 1, 200));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("todo")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    /** Accepts the libpq form users paste ({@code postgresql://host/db}) as well as a JDBC URL. */
    static String toJdbc(String url) {
        if (url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring("postgres://".length());
        }
        if (url.startsWith("postgresql://")) {
            return "jdbc:" + url;
        }
        return url;
    }

    /** {@code SET ROLE "name"} for {@link #role()}, the name quoted as a PostgreSQL identifier. */
    public Optional<String> setRoleSql() {
        return role.map(r -> "SET ROLE \"" + r.replace("\"", "\"\"") + "\"");
    }

    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + redacted() + ", user=" + user.orElse("-") + ", role=" + role.orElse("-") + ", password="
                + (password.isPresent() ? "****" : "-") + ", poolSize=" + poolSize + "]";
    }

    /** The URL without credentials, safe for logs. */
    public String redacted() {
        return url.replaceAll("//[^/@]*@", "//****@").replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}

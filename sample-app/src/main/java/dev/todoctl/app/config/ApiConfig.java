package dev.todoctl.app.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the api service reads from its environment (12-factor); see README "Configuration".
 * Validated once at start: a bad value stops the process with exit code 2 and a message naming the variable.
 */
public record ApiConfig(String host,
                        int port,
                        DatabaseConfig database,
                        byte[] jwtSecret,
                        Duration tokenTtl,
                        boolean migrateOnStart,
                        List<String> corsOrigins,
                        ChatSettings chat) {

    public static final int MIN_SECRET_BYTES = 32;

    public static ApiConfig from(Env env) {
        String secret = env.get("JWT_SECRET").orElseThrow(() -> new ConfigException(
                "JWT_SECRET is not set: give the api a random secret of at least " + MIN_SECRET_BYTES
                        + " bytes, e.g. JWT_SECRET=$(openssl rand -base64 48)"));
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        if (secretBytes.length < MIN_SECRET_BYTES) {
            throw new ConfigException("JWT_SECRET is " + secretBytes.length + " bytes; at least " + MIN_SECRET_BYTES
                    + " are required for HS256 (e.g. JWT_SECRET=$(openssl rand -base64 48))");
        }
        List<String> cors = Arrays.stream(env.get("CORS_ALLOWED_ORIGINS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ApiConfig(
                env.get("HOST", "0.0.0.0"),
                env.integer("PORT", 8080, 0, 65535),
                DatabaseConfig.from(env),
                secretBytes,
                env.duration("JWT_TTL", Duration.ofHours(24)),
                env.bool("MIGRATE_ON_START", true),
                cors,
                ChatSettings.from(env));
    }

    @Override
    public String toString() {
        return "ApiConfig[host=" + host + ", port=" + port + ", database=" + database + ", jwtSecret=****"
                + ", tokenTtl=" + tokenTtl + ", migrateOnStart=" + migrateOnStart + ", corsOrigins=" + corsOrigins
                + ", chat=" + chat + "]";
    }
}

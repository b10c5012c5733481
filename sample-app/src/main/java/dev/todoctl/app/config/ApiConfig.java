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
                        List<byte[]> jwtAcceptedSecrets,
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
        List<byte[]> accepted = new java.util.ArrayList<>();
        for (String other : env.get("JWT_ACCEPTED_SECRETS", "").split(",")) {
            byte[] bytes = other.strip().getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                continue;
            }
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new ConfigException("a JWT_ACCEPTED_SECRETS entry is " + bytes.length + " bytes; at least "
                        + MIN_SECRET_BYTES + " are required (comma-separated secrets, each as JWT_SECRET)");
            }
            accepted.add(bytes);
        }
        List<String> cors = Arrays.stream(env.get("CORS_ALLOWED_ORIGINS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ApiConfig(
                env.get("HOST", "0.0.0.0"),
                env.integer("PORT", 8080, 0, 65535),
                DatabaseConfig.from(env),
                secretBytes,
                List.copyOf(accepted),
                env.duration("JWT_TTL", Duration.ofHours(24)),
                env.bool("MIGRATE_ON_START", true),
                cors,
                ChatSettings.from(env));
    }

    @Override
    public String toString() {
        return "ApiConfig[host=" + host + ", port=" + port + ", database=" + database + ", jwtSecret=****, jwtAcceptedSecrets=" + jwtAcceptedSecrets.size() + "×****"
                + ", tokenTtl=" + tokenTtl + ", migrateOnStart=" + migrateOnStart + ", corsOrigins=" + corsOrigins
                + ", chat=" + chat + "]";
    }
}

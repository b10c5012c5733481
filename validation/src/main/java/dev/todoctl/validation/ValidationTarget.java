package dev.todoctl.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where and what to validate.
 *
 * @param apiUrl         base URL of the api service (e.g. {@code http://127.0.0.1:8080}), no trailing slash
 * @param webUrl         base URL of the web service, when deployed (web checks are skipped otherwise)
 * @param jwtSecret      the api's JWT secret, when known: enables the expired-token check and the secret-leak scan
 * @param otherSecrets   further secret values to look for in responses, logs and plain config (e.g. DB password)
 * @param allowedOrigin  an origin the api is configured to allow via CORS, when known
 * @param timeout        per-request timeout
 * @param hooks          target-specific actions; {@link TargetHooks#NONE} for a bare URL
 */
public record ValidationTarget(String apiUrl, Optional<String> webUrl, Optional<String> jwtSecret,
                               List<String> otherSecrets, Optional<String> allowedOrigin, Duration timeout,
                               TargetHooks hooks) {

    public ValidationTarget {
        requireHttp("api URL", apiUrl);
        webUrl.ifPresent(u -> requireHttp("web URL", u));
        apiUrl = strip(apiUrl);
        webUrl = webUrl.map(ValidationTarget::strip);
        otherSecrets = List.copyOf(otherSecrets);
    }

    public static ValidationTarget of(String apiUrl) {
        return new ValidationTarget(apiUrl, Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Duration.ofSeconds(10), TargetHooks.NONE);
    }

    public ValidationTarget withApiUrl(String url) {
        return new ValidationTarget(url, webUrl, jwtSecret, otherSecrets, allowedOrigin, timeout, hooks);
    }

    public ValidationTarget withWebUrl(String url) {
        return new ValidationTarget(apiUrl, Optional.ofNullable(url), jwtSecret, otherSecrets, allowedOrigin,
                timeout, hooks);
    }

    public ValidationTarget withJwtSecret(String secret) {
        return new ValidationTarget(apiUrl, webUrl, Optional.ofNullable(secret), otherSecrets, allowedOrigin,
                timeout, hooks);
    }

    public ValidationTarget withOtherSecrets(List<String> secrets) {
        return new ValidationTarget(apiUrl, webUrl, jwtSecret, secrets, allowedOrigin, timeout, hooks);
    }

    public ValidationTarget withAllowedOrigin(String origin) {
        return new ValidationTarget(apiUrl, webUrl, jwtSecret, otherSecrets, Optional.ofNullable(origin), timeout,
                hooks);
    }

    public ValidationTarget withTimeout(Duration t) {
        return new ValidationTarget(apiUrl, webUrl, jwtSecret, otherSecrets, allowedOrigin, t, hooks);
    }

    public ValidationTarget withHooks(TargetHooks h) {
        return new ValidationTarget(apiUrl, webUrl, jwtSecret, otherSecrets, allowedOrigin, timeout, h);
    }

    /** Every secret value known, for redaction and leak scans. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>(otherSecrets);
        jwtSecret.ifPresent(all::add);
        return all;
    }

    /** A usage error the cli can show as is (exit code 2). */
    private static void requireHttp(String what, String url) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(what + " must be an absolute http(s) URL such as "
                    + "http://127.0.0.1:8080, got: " + url);
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package dev.todoctl.app.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TokenServiceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    @DisplayName("a token verifies until exp, also when it was cached by an earlier verification")
    void expiresEvenWhenCached() {
        Manual clock = new Manual();
        TokenService tokens = new TokenService(SECRET, Duration.ofHours(1), clock);
        String t = tokens.issue(7, "a@example.com");
        assertThat(tokens.verify(t)).contains(new Principal(7, "a@example.com"));
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        assertThat(tokens.verify(t)).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(tokens.verify(t)).isEmpty();
    }

    @Test
    @DisplayName("tokens signed with another secret, altered or malformed are refused")
    void refusesForeignAndAltered() {
        Manual clock = new Manual();
        TokenService tokens = new TokenService(SECRET, Duration.ofHours(1), clock);
        TokenService other = new TokenService("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), clock);
        String foreign = other.issue(7, "a@example.com");
        assertThat(tokens.verify(foreign)).isEmpty();
        String good = tokens.issue(7, "a@example.com");
        String[] parts = good.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"8\",\"email\":\"a@example.com\",\"exp\":9999999999}".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(parts[0] + "." + forgedPayload + "." + parts[2])).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(none + "." + parts[1] + ".")).isEmpty();
    }

    @Test
    void passwordHashesVerifyAndAreSalted() {
        PasswordHasher hasher = new PasswordHasher(1_000);
        String a = hasher.hash("correct horse");
        assertThat(a).startsWith("pbkdf2-sha512$1000$");
        assertThat(hasher.hash("correct horse")).isNotEqualTo(a);
        assertThat(hasher.verify("correct horse", a)).isTrue();
        assertThat(hasher.verify("wrong horse", a)).isFalse();
        assertThat(hasher.verify("correct horse", "garbage")).isFalse();
    }

    @Test
    @DisplayName("a key rotation: the other key's tokens are accepted in both phases, a stranger's never; signing uses the signing key only")
    void rotation() {
        Manual clock = new Manual();
        byte[] next = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        byte[] stranger = "a-stranger-a-stranger-a-stranger".getBytes(StandardCharsets.UTF_8);
        TokenService before = new TokenService(SECRET, Duration.ofHours(1), clock);
        TokenService phase1 = new TokenService(SECRET, java.util.List.of(next), Duration.ofHours(1), clock);
        TokenService phase2 = new TokenService(next, java.util.List.of(SECRET), Duration.ofHours(1), clock);
        TokenService after = new TokenService(next, Duration.ofHours(1), clock);
        TokenService foreign = new TokenService(stranger, Duration.ofHours(1), clock);

        String old = before.issue(1, "a@example.com");
        String fresh = phase2.issue(2, "b@example.com");
        assertThat(phase1.verify(old)).isPresent();
        assertThat(phase1.verify(fresh)).as("phase 1 instances accept what phase 2 instances sign").isPresent();
        assertThat(phase2.verify(old)).as("sessions from before the rotation survive it").isPresent();
        assertThat(before.verify(fresh)).as("the new key really signs").isEmpty();
        assertThat(after.verify(old)).as("once the old key is dropped, its tokens are refused").isEmpty();
        assertThat(phase2.verify(foreign.issue(3, "c@example.com"))).isEmpty();
    }
}

package dev.todoctl.cli.targets;

import java.time.Duration;
import java.util.List;

/**
 * {@code todoctl secrets rotate jwt}: a new JWT signing key, with the old one still accepted for verification
 * ({@code JWT_ACCEPTED_SECRETS}) so sessions survive until their tokens expire. Kubernetes rotates in two rolling
 * phases (first every pod accepts the new key, then every pod signs with it), so pods of both phases never refuse
 * each other's tokens; docker and local restart their single api with both keys (a short gap in service).
 */
public interface SecretRotation {
    /** What a rotation did, step by step, and the revision it made (0 where rotation makes none). */
    record Rotated(String secret, List<String> steps, int revision) {
        public Rotated {
            steps = List.copyOf(steps);
        }
    }

    Rotated rotateJwt(Duration timeout);
}

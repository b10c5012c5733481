package dev.todoctl.cli.targets;

import java.time.Duration;
import java.util.List;

/**
 * {@code todoctl secrets rotate jwt}: a new JWT signing key, with the old one still accepted for verification
 * ({@code JWT_ACCEPTED_SECRETS}) so sessions survive until their tokens expire. Kubernetes rotates in two rolling
 * phases (first every pod accepts the new key, then every pod signs with it), so pods of both phases never refuse
 * each other's tokens; docker and local restart their single api with both keys (a short gap in service).
 *
 * <p>{@code todoctl secrets rotate database}: the api moves to the other of two login roles with a new password,
 * then the old role's password is replaced by one nobody knows ({@link DatabaseRoles}). Kubernetes does it in one
 * rolling restart (no failed request); docker restarts its api container (a short gap); the local target's embedded
 * H2 database has no password to rotate and refuses.
 */
public interface SecretRotation {
    /** What a rotation did, step by step, and the revision it made (0 where rotation makes none). */
    record Rotated(String secret, List<String> steps, int revision) {
        public Rotated {
            steps = List.copyOf(steps);
        }
    }

    Rotated rotateJwt(Duration timeout);

    Rotated rotateDatabase(Duration timeout);
}

package dev.todoctl.app.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PBKDF2-HMAC-SHA512 with a 16-byte random salt and OWASP's recommended 210,000 iterations. It is in the JDK
 * (no native code, FIPS-approved); the iteration count is stored in each hash so it can be raised later.
 * Format: {@code pbkdf2-sha512$<iterations>$<salt b64>$<hash b64>}.
 */
public final class PasswordHasher {
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final String PREFIX = "pbkdf2-sha512";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;

    /**
     * Where derivations run: platform threads, at most one fewer than the cores. Requests run on virtual threads,
     * whose carriers are one per core; a derivation (a few hundred ms of pure CPU) on a carrier pins it, so a burst
     * of signups took every carrier and no other request — nor one holding a pooled connection — could run until
     * the pool timed out: 503s in bench/loadtest.sh (66 of 202 set-up requests at 100 users). Off the carriers, and
     * leaving a core, a burst of signups waits its turn here (FIFO) while everything else keeps running.
     */
    private static final ExecutorService HASHING = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
            Thread.ofPlatform().daemon().name("pbkdf2-", 0).factory());

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummyHash;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        var b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        int rounds = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, rounds));
    }

    /** Spends the same time as a real verification, so unknown emails cannot be told apart by timing. */
    public void verifyAgainstDummy(String password) {
        String dummy = dummyHash;
        if (dummy == null) {
            // Made on first use rather than at start: a full hash costs as much as the rest of the start-up.
            dummy = hash("dummy password for timing equalisation");
            dummyHash = dummy;
        }
        verify(password, dummy);
    }

    private static byte[] derive(String password, byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, KEY_BITS);
        Future<byte[]> key = HASHING.submit(() -> SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded());
        try {
            return key.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JVM", e.getCause());
        } catch (InterruptedException e) {
            key.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } finally {
            spec.clearPassword();
        }
    }
}

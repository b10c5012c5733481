package dev.todoctl.app.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

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
     * At most one derivation per core at a time. A burst of signups (50 load-test users at once) otherwise takes
     * every core for seconds, starving requests that hold pooled connections until the pool times out (seen as
     * 503s in bench/loadtest.sh); queued here, a signup waits instead and other requests keep running.
     */
    private static final java.util.concurrent.Semaphore CORES =
            new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()), true);

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
        CORES.acquireUninterruptibly();
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JVM", e);
        } finally {
            CORES.release();
            spec.clearPassword();
        }
    }
}

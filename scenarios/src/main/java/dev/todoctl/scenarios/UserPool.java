package dev.todoctl.scenarios;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reusable load-test accounts of one prefix and api: their password (random, made once) and, per user number,
 * the last token with its expiry. A secret file: written as mode 0600 in a 0700 directory (replaced atomically),
 * never printed; {@link #toString()} names only the file.
 */
public final class UserPool {
    /** What is known of one account: it exists (it signed up or logged in once), and its latest token. */
    public record Account(String token, Instant expires) {
        @Override
        public String toString() {
            return "Account[token=****, expires=" + expires + "]";
        }
    }

    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    private final Path file;
    private final String password;
    private final Map<Integer, Account> accounts = new ConcurrentHashMap<>();

    private UserPool(Path file, String password) {
        this.file = file;
        this.password = password;
    }

    /** The pool in {@code file}, or a new one (with a new random password) when there is none yet. */
    public static UserPool open(Path file) {
        if (!Files.isRegularFile(file)) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            return new UserPool(file, "pw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the load-test user pool " + file, e);
        }
        String password = p.getProperty("password");
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("the load-test user pool " + file + " has no password: delete it to start a new pool "
                    + "(with another --user-prefix: its accounts exist with the lost password)");
        }
        UserPool pool = new UserPool(file, password);
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("user.") && key.endsWith(".token")) {
                int n = Integer.parseInt(key.substring("user.".length(), key.length() - ".token".length()));
                String expires = p.getProperty("user." + n + ".expires", "0");
                pool.accounts.put(n, new Account(p.getProperty(key), Instant.ofEpochSecond(Long.parseLong(expires))));
            }
        }
        return pool;
    }

    public Path file() {
        return file;
    }

    String password() {
        return password;
    }

    public Optional<Account> account(int n) {
        return Optional.ofNullable(accounts.get(n));
    }

    /** Remembers user {@code n}'s new token (its expiry read from the JWT's {@code exp} claim). */
    public void remember(int n, String token) {
        accounts.put(n, new Account(token, expiry(token)));
    }

    public int size() {
        return accounts.size();
    }

    /** The {@code exp} claim of a JWT, or the epoch (= expired) when it has none or cannot be read. */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Instant.EPOCH;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Matcher m = EXP.matcher(payload);
            return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : Instant.EPOCH;
        } catch (IllegalArgumentException e) {
            return Instant.EPOCH;
        }
    }

    /** Writes the pool: a new 0600 file beside the old one, then moved over it. */
    public synchronized void save() {
        Properties p = new Properties();
        p.setProperty("password", password);
        new TreeMap<>(accounts).forEach((n, a) -> {
            p.setProperty("user." + n + ".token", a.token());
            p.setProperty("user." + n + ".expires", String.valueOf(a.expires().getEpochSecond()));
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile
                }
            }
            Path tmp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "todoctl load-test users: SECRET (password and tokens), keep it 0600");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load-test user pool " + file, e);
        }
    }

    @Override
    public String toString() {
        return "UserPool[" + file + ", " + accounts.size() + " accounts]";
    }
}

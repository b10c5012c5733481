package dev.todoctl.cli.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A generated secret kept in a file only its owner can read (0600), created once and never printed. */
public final class SecretFile {
    private SecretFile() {
    }

    /** The secret in {@code file}, creating it with {@code bytes} random bytes (URL-safe base64) if missing. */
    public static String getOrCreate(Path file, int bytes) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh random secret of {@code bytes} bytes, base64url without padding (no commas, no quotes). */
    public static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * A key rotation of {@code file}: its current secret moves to {@code previous}, a new one takes its place (both
     * owner-only, each written to a temp file and renamed). Returns the new secret.
     */
    public static String rotate(Path file, Path previous, int bytes) {
        String old = getOrCreate(file, bytes);
        String fresh = random(bytes);
        write(previous, old);
        write(file, fresh);
        return fresh;
    }

    /** The secret in {@code file}, if there is one. */
    public static java.util.Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? java.util.Optional.of(Files.readString(file).trim()) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code secret} into {@code file}, owner-only, through a temp file renamed over it (never half written). */
    public static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.todoctl.cli.ops.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A backup file: a gzip'd tar holding {@code manifest.json} first and the dump after it — plain formats anyone can
 * open with {@code tar xzf} (and a cron job can write with tar and gzip). Reading checks everything before anything
 * is restored: that it is a gzip'd tar at all, complete (a truncated file fails the gzip trailer or the tar), from
 * this app and format, and that the dump's size and SHA-256 match the manifest.
 */
public final class BackupArchive {
    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BackupArchive() {
    }

    /** A checked backup: its manifest and the dump extracted to a temporary file (deleted by the caller). */
    public record Opened(BackupManifest manifest, Path dump) {
    }

    /** Writes {@code out} atomically (a temp file beside it, then a rename): a failed backup leaves no half file. */
    public static void write(Path out, BackupManifest manifest, Path dump) {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (OutputStream file = Files.newOutputStream(tmp);
                 GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                byte[] json = JSON.writeValueAsBytes(manifest);
                TarArchiveEntry m = new TarArchiveEntry(MANIFEST);
                m.setSize(json.length);
                tar.putArchiveEntry(m);
                tar.write(json);
                tar.closeArchiveEntry();
                TarArchiveEntry d = new TarArchiveEntry(manifest.dump());
                d.setSize(Files.size(dump));
                tar.putArchiveEntry(d);
                Files.copy(dump, tar);
                tar.closeArchiveEntry();
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is what matters
            }
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Opens and checks {@code file}; any problem is a usage error (exit 2) that names it, with nothing changed. */
    public static Opened open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, "no such file");
        }
        BackupManifest manifest = null;
        Path dump = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(MANIFEST) && manifest == null) {
                    manifest = JSON.readValue(tar.readAllBytes(), BackupManifest.class);
                    check(file, manifest);
                } else if (manifest != null && entry.getName().equals(manifest.dump()) && dump == null) {
                    dump = Files.createTempFile("todoctl-restore", ".dump");
                    Files.copy(tar, dump, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    throw bad(file, "unexpected entry '" + entry.getName() + "' (a todoctl backup holds "
                            + MANIFEST + " and then the dump)");
                }
            }
            // reading to the end checks the gzip trailer: a file cut short fails here or above
            gz.transferTo(OutputStream.nullOutputStream());
        } catch (TodoctlException e) {
            delete(dump);
            throw e;
        } catch (IOException | RuntimeException e) {
            delete(dump);
            throw bad(file, "not a complete todoctl backup (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "): truncated, damaged, or another kind of file");
        }
        if (manifest == null) {
            throw bad(file, "no " + MANIFEST + ": not a todoctl backup");
        }
        if (dump == null) {
            throw bad(file, "the dump '" + manifest.dump() + "' named by the manifest is missing");
        }
        try {
            long size = Files.size(dump);
            String sha = sha256(dump);
            if (size != manifest.bytes() || !sha.equals(manifest.sha256())) {
                delete(dump);
                throw bad(file, "the dump does not match its manifest (" + size + " bytes, sha256 " + sha.substring(0, 12)
                        + "…; the manifest says " + manifest.bytes() + " bytes, " + abbreviate(manifest.sha256()) + "): damaged");
            }
        } catch (IOException e) {
            delete(dump);
            throw new UncheckedIOException(e);
        }
        return new Opened(manifest, dump);
    }

    private static void check(Path file, BackupManifest m) {
        if (!BackupManifest.FORMAT.equals(m.format())) {
            throw bad(file, "format '" + m.format() + "' is not " + BackupManifest.FORMAT);
        }
        if (!BackupManifest.APP.equals(m.app())) {
            throw bad(file, "it is a backup of '" + m.app() + "', not of " + BackupManifest.APP);
        }
        if (m.dump() == null || m.dump().isBlank() || m.dump().contains("/") || m.sha256() == null) {
            throw bad(file, "the manifest names no dump file or checksum");
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "none" : s.substring(0, Math.min(12, s.length())) + "…";
    }

    static TodoctlException bad(Path file, String why) {
        return new TodoctlException(Phase.USAGE, "cannot restore " + file + ": " + why + "; nothing was changed",
                List.of("`todoctl db backup -f FILE` writes a backup this command reads"));
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file; the OS cleans up eventually
            }
        }
    }
}

package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The two login roles of {@code todoctl secrets rotate database}, driven with psql as the database's owner over the
 * local socket (docker exec, or the Kubernetes exec API).
 *
 * <p>PostgreSQL keeps one password per role, so changing the password of the role the api logs in as would fail
 * every connection the running api opens until it has the new one. Two login roles take turns instead: the
 * <em>owner</em> (the role the database was initialised with, {@code POSTGRES_USER}, e.g. {@code todo}) and its
 * <em>standby</em> ({@code todo_b}). A rotation gives the standby a new password, the api moves over to it (pods
 * still on the old role keep working), and only then the old role's password is replaced by a random one that
 * nobody keeps. The next rotation goes the other way.
 *
 * <p>Ownership: the standby is a member of the owner role ({@code GRANT todo TO todo_b}, inheriting), and the api
 * switches every connection to the owner role ({@code DATABASE_ROLE}, {@code SET ROLE}) — so whatever a migration
 * creates is owned by the owner, whichever login role ran it, and the other role can use and alter it. Owner-plus-
 * member rather than a new NOLOGIN owner role because every existing installation already has all its objects owned
 * by that role: nothing is reassigned (and {@code REASSIGN OWNED} from the bootstrap superuser is not even possible),
 * so the first rotation only has to create the standby. The standby gets no privilege the api did not already have:
 * it acts as the owner, as the api always did.
 *
 * <p>Passwords never reach a command line or the server log: psql gets a SCRAM-SHA-256 verifier computed here (what
 * PostgreSQL itself stores), from which the password cannot be recovered nor used to log in.
 */
public final class DatabaseRoles {
    /** Suffix of the standby role's name. */
    public static final String STANDBY_SUFFIX = "_b";
    private static final int SCRAM_ITERATIONS = 4096;

    private final DatabaseAccess.Exec exec;
    private final String owner;
    private final String database;
    private final String where;

    /** {@code owner}: the role psql runs as over the local socket (trusted there), which owns the app's objects. */
    public DatabaseRoles(DatabaseAccess.Exec exec, String owner, String database, String where) {
        this.exec = exec;
        this.owner = owner;
        this.database = database;
        this.where = where;
    }

    public String owner() {
        return owner;
    }

    public String standby() {
        return owner + STANDBY_SUFFIX;
    }

    /** The role a rotation moves to from {@code active}; refuses a role that is neither of the two. */
    public String next(String active) {
        if (active.equals(owner)) {
            return standby();
        }
        if (active.equals(standby())) {
            return owner;
        }
        throw TodoctlException.usage("the api logs in as '" + active + "', which is neither the database owner '"
                + owner + "' nor its standby '" + standby() + "'; nothing was changed",
                "set the login role back to '" + owner + "' (DATABASE_USER) or rotate the password yourself");
    }

    /** Refuses (usage error, nothing changed) when PostgreSQL does not answer a query. */
    public void ping() {
        Result r = psql("SELECT 1");
        if (r.code() != 0 || !r.out().trim().equals("1")) {
            throw TodoctlException.usage("PostgreSQL in " + where + " does not answer (" + firstLine(r.err()) + "); "
                    + "nothing was changed", "wait until it is ready (`todoctl status`, `todoctl diagnose`) and rotate then");
        }
    }

    /** Whether {@code role} exists and may log in. */
    public boolean canLogIn(String role) {
        Result r = psql("SELECT rolcanlogin FROM pg_roles WHERE rolname = " + literal(role));
        check(r, "looking up role " + role);
        return r.out().trim().equals("t");
    }

    /**
     * Makes {@code role} a login role with {@code password}: the standby is created on the first rotation (a member
     * of the owner, so it may act as it); the owner just gets the new password.
     */
    public void prepare(String role, String password) {
        StringBuilder sql = new StringBuilder();
        if (!role.equals(owner)) {
            sql.append("DO $todoctl$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ").append(literal(role))
                    .append(") THEN CREATE ROLE ").append(ident(role)).append("; END IF; END $todoctl$;")
                    .append("GRANT ").append(ident(owner)).append(" TO ").append(ident(role)).append(";");
        }
        sql.append("ALTER ROLE ").append(ident(role)).append(" LOGIN INHERIT PASSWORD ")
                .append(literal(scramVerifier(password))).append(";");
        check(psql(sql.toString()), "giving role " + role + " its new password");
    }

    /** Replaces {@code role}'s password by a verifier of a random one nobody keeps: the old password stops working. */
    public void retire(String role) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String unknown = Base64.getEncoder().encodeToString(random);
        check(psql("ALTER ROLE " + ident(role) + " PASSWORD " + literal(scramVerifier(unknown)) + ";"),
                "retiring the password of role " + role);
    }

    private record Result(int code, String out, String err) {
    }

    private Result psql(String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = exec.run(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-U", owner, "-d", database,
                "-c", sql), new ByteArrayInputStream(new byte[0]), out, err);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void check(Result r, String what) {
        if (r.code() != 0) {
            throw new TodoctlException(Phase.DATABASE, "psql in " + where + " failed " + what + ": " + firstLine(r.err()),
                    List.of("`todoctl logs` and `todoctl diagnose` show what the database does"));
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        return t.isEmpty() ? "no output" : t.lines().findFirst().orElse(t);
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The SCRAM-SHA-256 verifier PostgreSQL stores for {@code password} (RFC 5802/7677, PostgreSQL's
     * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}); {@code ALTER ROLE ... PASSWORD} takes it
     * as is. Passwords here are ASCII, which SASLprep leaves unchanged.
     */
    static String scramVerifier(String password) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new PBEKeySpec(password.toCharArray(), salt, SCRAM_ITERATIONS, 256))
                    .getEncoded();
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + SCRAM_ITERATIONS + ":" + b64.encodeToString(salt) + "$"
                    + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}

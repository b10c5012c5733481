package dev.todoctl.app.auth;

import dev.todoctl.app.db.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** Users by id and by email, where emails are unique and compared case-insensitively (via {@code email_key}). */
public final class UserRepository {
    private final DataSource dataSource;
    private final Clock clock;

    public record Credentials(User user, String passwordHash) {
    }

    public UserRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** Inserts the user, or returns empty when the email is taken (the unique key decides, race-free). */
    public Optional<User> insert(String email, String name, String passwordHash) {
        String sql = "INSERT INTO users (email, email_key, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, email);
            ps.setString(2, key(email));
            ps.setString(3, name);
            ps.setString(4, passwordHash);
            ps.setTimestamp(5, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return Optional.of(new User(keys.getLong(1), email, name));
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw new DataAccessException(e);
        }
    }

    public Optional<Credentials> findByEmail(String email) {
        return query("SELECT id, email, name, password_hash FROM users WHERE email_key = ?", key(email));
    }

    public Optional<User> findById(long id) {
        return query("SELECT id, email, name, password_hash FROM users WHERE id = ?", id).map(Credentials::user);
    }

    private Optional<Credentials> query(String sql, Object param) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(new User(rs.getLong(1), rs.getString(2), rs.getString(3)),
                        rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** SQLSTATE 23505 is the unique violation in both PostgreSQL and H2. */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

package dev.todoctl.app.chat;

import dev.todoctl.app.db.Jdbc;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Conversations and their messages in the database, always scoped to the owner: another user's conversation
 * behaves exactly like a missing one. Messages are append-only, so concurrent replicas never overwrite each other.
 */
public final class ChatRepository {
    public static final int LIST_LIMIT = 100;

    private final Jdbc jdbc;
    private final Clock clock;

    public ChatRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    public Conversation create(long ownerId, String title) {
        OffsetDateTime now = now();
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO conversations (owner_id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, ownerId);
                ps.setString(2, title);
                ps.setObject(3, now);
                ps.setObject(4, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new Conversation(keys.getLong(1), title, now.toInstant(), now.toInstant());
                }
            }
        });
    }

    public Optional<Conversation> find(long ownerId, long id) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, title, created_at, updated_at FROM conversations WHERE owner_id = ? AND id = ?")) {
                ps.setLong(1, ownerId);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(conversation(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The owner's most recently active conversations first (ties by id). */
    public List<Conversation> list(long ownerId) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, created_at, updated_at FROM conversations "
                    + "WHERE owner_id = ? ORDER BY updated_at DESC, id DESC LIMIT " + LIST_LIMIT)) {
                ps.setLong(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Conversation> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(conversation(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** Deletes the conversation and (by cascade) its messages; false when the owner has no such conversation. */
    public boolean delete(long ownerId, long id) {
        return jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM chat_messages WHERE conversation_id = "
                            + "(SELECT id FROM conversations WHERE owner_id = ? AND id = ?)")) {
                ps.setLong(1, ownerId);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM conversations WHERE owner_id = ? AND id = ?")) {
                ps.setLong(1, ownerId);
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public void touch(long conversationId) {
        jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET updated_at = ? WHERE id = ?")) {
                ps.setObject(1, now());
                ps.setLong(2, conversationId);
                return ps.executeUpdate();
            }
        });
    }

    public void append(long conversationId, String role, String content, String payload) {
        OffsetDateTime now = now();
        jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_messages (conversation_id, role, content, "
                    + "payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, conversationId);
                ps.setString(2, role);
                ps.setString(3, content);
                ps.setString(4, payload);
                ps.setObject(5, now);
                return ps.executeUpdate();
            }
        });
    }

    /** The last {@code limit} messages that carry an agent payload, oldest first. */
    public List<StoredMessage> recent(long conversationId, int limit) {
        List<StoredMessage> out = jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, role, content, payload, created_at "
                    + "FROM chat_messages WHERE conversation_id = ? AND payload IS NOT NULL ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, conversationId);
                ps.setInt(2, limit);
                return messages(ps);
            }
        });
        Collections.reverse(out);
        return out;
    }

    /** What GET .../messages shows: every user, assistant and tool message with text, oldest first. */
    public List<StoredMessage> transcript(long conversationId) {
        return jdbc.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, role, content, payload, created_at "
                    + "FROM chat_messages WHERE conversation_id = ? AND role IN ('user', 'assistant', 'tool') "
                    + "AND content <> '' ORDER BY id")) {
                ps.setLong(1, conversationId);
                return messages(ps);
            }
        });
    }

    private static List<StoredMessage> messages(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<StoredMessage> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
            return out;
        }
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getObject(4, OffsetDateTime.class).toInstant());
    }

    private OffsetDateTime now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
    }
}

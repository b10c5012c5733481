package dev.todoctl.app.fuzz;

/**
 * An id in a path or body: one of the caller's own rows, one of the victim user's rows (which must stay
 * invisible), or a literal of any size, sign and spelling.
 */
record IdRef(Kind kind, String literal) {
    enum Kind { OWN_TASK, VICTIM_TASK, OWN_CONVERSATION, VICTIM_CONVERSATION, LITERAL }

    static IdRef of(Kind kind) {
        return new IdRef(kind, null);
    }

    static IdRef literal(String raw) {
        return new IdRef(Kind.LITERAL, raw);
    }

    /** Whether the id names something the caller may see; literals are decided by the server. */
    boolean victims() {
        return kind == Kind.VICTIM_TASK || kind == Kind.VICTIM_CONVERSATION;
    }

    @Override
    public String toString() {
        return kind == Kind.LITERAL ? literal : kind.name().toLowerCase();
    }
}

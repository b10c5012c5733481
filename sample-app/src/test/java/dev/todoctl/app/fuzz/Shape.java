package dev.todoctl.app.fuzz;

/** How a generated JSON body is put on the wire: as is, or broken in one of the ways clients break it. */
enum Shape {
    AS_IS, WRAPPED_IN_ARRAY, SCALAR, TRUNCATED, TRAILING_GARBAGE, TWO_OBJECTS, DUPLICATE_KEY, DEEP_NESTING,
    INVALID_UTF8, SINGLE_QUOTES, TRAILING_COMMA, OVERSIZED, BYTE_ORDER_MARK, EMPTY;

    /** Shapes the contract calls malformed JSON on any endpoint (a JSON-RPC batch is an array: not for MCP). */
    boolean malformed(boolean mcp) {
        return switch (this) {
            case TRUNCATED, TRAILING_GARBAGE, TWO_OBJECTS, DUPLICATE_KEY, DEEP_NESTING, INVALID_UTF8,
                 SINGLE_QUOTES, TRAILING_COMMA -> true;
            case WRAPPED_IN_ARRAY, SCALAR -> !mcp;
            default -> false;
        };
    }
}

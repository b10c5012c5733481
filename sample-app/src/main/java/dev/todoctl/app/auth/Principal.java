package dev.todoctl.app.auth;

/** The authenticated caller, taken from a verified bearer token. */
public record Principal(long userId, String email) {
}

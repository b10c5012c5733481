package dev.todoctl.app.auth;

/** A registered user as the API shows it (the password hash never leaves {@link UserRepository}). */
public record User(long id, String email, String name) {
}

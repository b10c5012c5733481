package dev.todoctl.app.auth;

import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.http.JsonFields;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/v1/auth}: signup, login, me. */
public final class AuthHandler implements HttpService {
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    static final int NAME_MAX = 100;
    static final int EMAIL_MAX = 254;
    /** Deliberately simple (one @, a dot in the domain, no spaces): RFC 5322 in full accepts what no mailer does. */
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final Authenticator authenticator;

    public AuthHandler(UserRepository users, PasswordHasher hasher, TokenService tokens, Authenticator authenticator) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/signup", this::signup)
                .post("/login", this::login)
                .get("/me", this::me);
    }

    private void signup(ServerRequest req, ServerResponse res) {
        JsonFields body = new JsonFields(Json.readObject(req, false));
        String email = body.requiredString("email").trim();
        String password = body.requiredString("password");
        String name = body.string("name");
        if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            throw ApiException.validation("email", "must be a valid email address");
        }
        int pwLength = password.codePointCount(0, password.length());
        if (pwLength < PASSWORD_MIN || pwLength > PASSWORD_MAX) {
            throw ApiException.validation("password", "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX
                    + " characters");
        }
        if (name != null && name.codePointCount(0, name.length()) > NAME_MAX) {
            throw ApiException.validation("name", "must be at most " + NAME_MAX + " characters");
        }
        User user = users.insert(email, name == null ? "" : name, hasher.hash(password))
                .orElseThrow(() -> ApiException.conflict("an account with this email already exists"));
        Json.send(res, Status.CREATED_201, session(user));
    }

    private void login(ServerRequest req, ServerResponse res) {
        JsonFields body = new JsonFields(Json.readObject(req, false));
        String email = body.requiredString("email").trim();
        String password = body.requiredString("password");
        var found = users.findByEmail(email);
        if (found.isEmpty()) {
            hasher.verifyAgainstDummy(password);
            throw ApiException.unauthorized("wrong email or password");
        }
        if (!hasher.verify(password, found.get().passwordHash())) {
            throw ApiException.unauthorized("wrong email or password");
        }
        Json.ok(res, session(found.get().user()));
    }

    private void me(ServerRequest req, ServerResponse res) {
        Principal p = authenticator.require(req);
        // A token of a deleted user is as good as no token.
        User user = users.findById(p.userId()).orElseThrow(() -> ApiException.unauthorized("unknown user"));
        Json.ok(res, user);
    }

    private Map<String, Object> session(User user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", tokens.issue(user.id(), user.email()));
        body.put("user", user);
        return body;
    }
}

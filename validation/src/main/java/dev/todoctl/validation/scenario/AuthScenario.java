package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectError;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;

/**
 * 2: signup, login (case-insensitive email), me, the JWT's claims, wrong password, duplicate email, tampered and
 * garbage tokens, and an expired token (signed with the target's secret, so only when the secret is known).
 */
final class AuthScenario implements Scenario {
    @Override
    public String id() {
        return "auth";
    }

    @Override
    public String title() {
        return "e2e 2: auth";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        String email = TodoClient.uniqueEmail("auth");
        String password = "pw-" + UUID.randomUUID();
        String[] token = new String[1];
        long[] userId = new long[1];
        boolean signedUp = ctx.check("signup returns 201 with a token and the user", () -> {
            JsonNode body = expectJson(api.signupReply(email, password, "Auth Check"), 201);
            token[0] = body.path("token").asText("");
            userId[0] = body.path("user").path("id").asLong();
            expect(!token[0].isEmpty(), () -> "no token in the signup response");
            expectEquals(email, body.path("user").path("email").asText(), "user.email");
            expect(userId[0] > 0, () -> "user.id is not a positive integer: " + body.path("user").path("id"));
        });
        if (!signedUp) {
            return;
        }
        ctx.check("signup with the same email in other case is 409 conflict",
                () -> expectError(api.signupReply(email.toUpperCase(Locale.ROOT), password, null), 409, "conflict"));
        ctx.check("login with the email in other case returns a token", () -> {
            JsonNode body = expectJson(api.login(email.toUpperCase(Locale.ROOT), password), 200);
            expect(!body.path("token").asText("").isEmpty(), () -> "no token in the login response");
            expectEquals(userId[0], body.path("user").path("id").asLong(), "user.id after login");
        });
        ctx.check("me returns the caller", () -> {
            JsonNode me = expectJson(api.get("/api/v1/auth/me", token[0]), 200);
            expectEquals(userId[0], me.path("id").asLong(), "me.id");
            expectEquals(email, me.path("email").asText(), "me.email");
        });
        ctx.check("JWT is HS256 with claims sub, email, iat, exp", () -> {
            expectEquals("HS256", Jwt.header(token[0]).path("alg").asText(), "JWT alg");
            JsonNode claims = Jwt.claims(token[0]);
            expectEquals(String.valueOf(userId[0]), claims.path("sub").asText(null), "claim sub");
            expect(claims.path("sub").isTextual(), () -> "claim sub must be a string, got " + claims.path("sub"));
            expectEquals(email, claims.path("email").asText(null), "claim email");
            long now = Instant.now().getEpochSecond();
            expect(claims.path("iat").canConvertToLong() && Math.abs(claims.path("iat").asLong() - now) < 300,
                    () -> "claim iat is not about now: " + claims.path("iat"));
            expect(claims.path("exp").canConvertToLong() && claims.path("exp").asLong() > now,
                    () -> "claim exp is not in the future: " + claims.path("exp"));
        });
        ctx.check("wrong password is 401 unauthorized",
                () -> expectError(api.login(email, password + "-wrong"), 401, "unauthorized"));
        ctx.check("unknown email is 401 unauthorized",
                () -> expectError(api.login(TodoClient.uniqueEmail("nobody"), password), 401, "unauthorized"));
        ctx.check("no token is 401", () -> expectError(api.get("/api/v1/auth/me", null), 401, "unauthorized"));
        ctx.check("garbage token is 401",
                () -> expectError(api.get("/api/v1/auth/me", "garbage"), 401, "unauthorized"));
        ctx.check("token with a tampered signature is 401",
                () -> expectError(api.get("/api/v1/auth/me", Jwt.tamperSignature(token[0])), 401, "unauthorized"));
        ctx.check("token with altered claims (other sub) is 401",
                () -> expectError(api.get("/api/v1/auth/me", Jwt.tamperClaims(token[0], String.valueOf(userId[0] + 1))),
                        401, "unauthorized"));
        ctx.check("unsigned token (alg none) is 401", () -> {
            String none = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                    + token[0].split("\\.")[1] + ".";
            expectError(api.get("/api/v1/auth/me", none), 401, "unauthorized");
        });
        if (ctx.target().jwtSecret().isEmpty()) {
            ctx.skip("expired token is 401", "the JWT secret was not provided, so no expired token can be signed");
            return;
        }
        String secret = ctx.target().jwtSecret().get();
        long now = Instant.now().getEpochSecond();
        ctx.check("a token signed with the given secret is accepted (the secret is the deployed one)", () -> {
            String fresh = Jwt.hs256(secret, Map.of("sub", String.valueOf(userId[0]), "email", email,
                    "iat", now, "exp", now + 600));
            expectJson(api.get("/api/v1/auth/me", fresh), 200);
        });
        ctx.check("expired token is 401", () -> {
            String expired = Jwt.hs256(secret, Map.of("sub", String.valueOf(userId[0]), "email", email,
                    "iat", now - 7200, "exp", now - 3600));
            HttpProbe.Reply r = api.get("/api/v1/auth/me", expired);
            expectError(r, 401, "unauthorized");
        });
    }
}

package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Just enough JWT for the auth checks: read the claims, sign an HS256 token with a known secret. */
final class Jwt {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();

    private Jwt() {
    }

    static JsonNode header(String token) {
        return part(token, 0);
    }

    static JsonNode claims(String token) {
        return part(token, 1);
    }

    private static JsonNode part(String token, int i) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new CheckFailure("not a JWT (expected 3 dot-separated parts, got " + parts.length + ")");
        }
        try {
            return HttpProbe.JSON.readTree(Base64.getUrlDecoder().decode(parts[i]));
        } catch (Exception e) {
            throw new CheckFailure("JWT part " + i + " is not base64url JSON: " + e.getMessage());
        }
    }

    static String hs256(String secret, Map<String, Object> claims) {
        try {
            String header = ENC.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = ENC.encodeToString(HttpProbe.JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String sig = ENC.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
            return header + "." + payload + "." + sig;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token with one character of its signature changed. */
    static String tamperSignature(String token) {
        int dot = token.lastIndexOf('.');
        char c = token.charAt(dot + 1);
        return token.substring(0, dot + 1) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 2);
    }

    /** The token with its claims replaced (sub changed) but the original signature kept. */
    static String tamperClaims(String token, String newSub) {
        String[] parts = token.split("\\.");
        try {
            var claims = (com.fasterxml.jackson.databind.node.ObjectNode) claims(token);
            claims.put("sub", newSub);
            return parts[0] + "." + ENC.encodeToString(HttpProbe.JSON.writeValueAsBytes(claims)) + "." + parts[2];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

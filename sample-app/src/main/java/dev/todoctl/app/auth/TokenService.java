package dev.todoctl.app.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HS256 JWTs with the claims the api's contract names: {@code sub} (user id as string), {@code email}, {@code iat},
 * {@code exp}.
 */
public final class TokenService {
    private final MACSigner signer;
    /** The signing key's verifier first, then those of keys still accepted during a rotation. */
    private final List<MACVerifier> verifiers;
    private final Duration ttl;
    private final Clock clock;
    /**
     * Tokens already verified, with their expiry: a hit skips parsing and the HMAC (a quarter of the CPU of a
     * GET /tasks in the profile). Bounded by dropping everything when full; entries still expire by {@code exp}.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private static final int CACHE_MAX = 10_000;

    private record Verified(Principal principal, Instant expires) {
    }

    public TokenService(byte[] secret, Duration ttl, Clock clock) {
        this(secret, List.of(), ttl, clock);
    }

    /**
     * Signs with {@code secret}; accepts tokens signed with it or with any of {@code accepted} — a key rotation's
     * other key (the next one while instances still sign with the old, then the previous one until its tokens
     * expire), so no session breaks while replicas of both kinds serve.
     */
    public TokenService(byte[] secret, List<byte[]> accepted, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
            List<MACVerifier> all = new java.util.ArrayList<>();
            all.add(new MACVerifier(secret));
            for (byte[] other : accepted) {
                all.add(new MACVerifier(other));
            }
            this.verifiers = List.copyOf(all);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWT secret rejected: " + e.getMessage(), e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public String issue(long userId, String email) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .claim("email", email)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign token", e);
        }
        return jwt.serialize();
    }

    /** The principal of a valid, unexpired HS256 token; empty for anything else (never throws on bad input). */
    private boolean signedByAKnownKey(SignedJWT jwt) throws JOSEException {
        for (MACVerifier v : verifiers) {
            if (jwt.verify(v)) {
                return true;
            }
        }
        return false;
    }

    public Optional<Principal> verify(String token) {
        Verified hit = verified.get(token);
        if (hit != null) {
            if (hit.expires().isAfter(clock.instant())) {
                return Optional.of(hit.principal());
            }
            verified.remove(token);
            return Optional.empty();
        }
        return verifyUncached(token);
    }

    private Optional<Principal> verifyUncached(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !signedByAKnownKey(jwt)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || !exp.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            long userId = Long.parseLong(claims.getSubject());
            String email = claims.getStringClaim("email");
            if (userId <= 0 || email == null) {
                return Optional.empty();
            }
            Principal principal = new Principal(userId, email);
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(token, new Verified(principal, exp.toInstant()));
            return Optional.of(principal);
        } catch (ParseException | JOSEException | NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}

package dev.todoctl.cli.verify;

import dev.todoctl.cli.rollout.RolloutResult;

/** Smoke-checks a ready release from this machine and reports the URLs that work. */
public interface Verifier {
    VerifyResult verify(RolloutResult rollout);
}

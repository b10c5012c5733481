package dev.todoctl.app.fuzz;

/** Who a request claims to be: the two legitimate callers, or a missing or forged credential. */
enum Auth {
    CALLER, SECOND_CALLER, NONE, GARBAGE, ALG_NONE, WRONG_KEY, EXPIRED, TAMPERED_SUBJECT, BASIC, EMPTY_BEARER;

    boolean legitimate() {
        return this == CALLER || this == SECOND_CALLER;
    }
}

package dev.todoctl.validation.contract;

/** The contract could not be fetched, parsed or written (not a check failure: those go in the report). */
public final class ContractException extends RuntimeException {
    public ContractException(String message) {
        super(message);
    }
}

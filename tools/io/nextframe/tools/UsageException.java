package io.nextframe.tools;

/** A wrong combination of command-line values: the CLI prints the message and exits with 2, like a parse error. */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}

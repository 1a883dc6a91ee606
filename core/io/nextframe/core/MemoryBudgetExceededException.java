package io.nextframe.core;

/**
 * A tensor allocation that would take a backend's live tensor memory over its {@link MemoryBudget}, or a thread over
 * its {@link Backend#limitAllocations allocation limit}. Thrown before anything is allocated; the message names the backend, the op and caller that asked, the shape, dtype and size,
 * the memory in use and the budget.
 */
public final class MemoryBudgetExceededException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long inUseBytes;
    private final long budgetBytes;
    private final boolean allocationLimit;

    public MemoryBudgetExceededException(String message, long requestedBytes, long inUseBytes, long budgetBytes,
                                         boolean allocationLimit) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.inUseBytes = inUseBytes;
        this.budgetBytes = budgetBytes;
        this.allocationLimit = allocationLimit;
    }

    /**
     * True when a {@link Backend#limitAllocations per-thread allocation limit} refused the request (then
     * {@link #inUseBytes()} is what the thread took under it), false for the backend's memory budget.
     */
    public boolean allocationLimit() {
        return allocationLimit;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    public long inUseBytes() {
        return inUseBytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }
}

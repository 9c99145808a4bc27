package dev.mwaaprovisioner.local.asl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A unit of work that can be cancelled as a whole: the execution, a Parallel branch, a Map
 * iteration. Cancelling interrupts the threads working in the scope and in its children, so
 * waits, retries and Lambda calls stop at once (StopExecution, a sibling branch failing, a
 * timeout).
 */
final class Scope {

    /** Thrown where a cancelled scope notices it; unwinds to whoever cancelled it. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    private final Scope parent;
    private final Set<Thread> threads = new HashSet<>();
    private final List<Scope> children = new ArrayList<>();
    private boolean cancelled;

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        Scope child = new Scope(this);
        synchronized (this) {
            children.add(child);
            if (cancelled) {
                child.cancel();
            }
        }
        return child;
    }

    /** Registers the current thread as working in this scope. */
    synchronized void enter() {
        threads.add(Thread.currentThread());
        check();
    }

    /** Unregisters the current thread; from now on cancelling does not interrupt it. */
    synchronized void exit() {
        threads.remove(Thread.currentThread());
    }

    void cancel() {
        List<Scope> toCancel;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            threads.forEach(Thread::interrupt);
            toCancel = new ArrayList<>(children);
        }
        toCancel.forEach(Scope::cancel);
    }

    synchronized boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }

    /** Throws {@link CancelledException} if this scope (or an enclosing one) was cancelled. */
    void check() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Maps an interruption to cancellation; an interruption from elsewhere is kept as an interrupt. */
    CancelledException interrupted() {
        if (!isCancelled()) {
            Thread.currentThread().interrupt();
        }
        return new CancelledException();
    }
}

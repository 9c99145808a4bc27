package dev.mwaaprovisioner.local.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lets the cells of a fault matrix run concurrently without sharing what they assert on: each
 * shard (a local cloud with its workflow, see {@link FaultCells}) is held by one cell at a time, so
 * a cell's faults, request log and inventory are its own, exactly as when the cells ran one after
 * another on one cloud. A cell takes a shard in {@code @BeforeEach} and gives it back in
 * {@code @AfterEach}; both run on the cell's thread, so the shard is found with {@link #held()}.
 * Shards are made when first needed, up to {@code size}.
 */
final class Shards<T extends AutoCloseable> implements AutoCloseable {

    /** A shard's maker, which may fail as a test set-up does. */
    interface Maker<T> {
        T make() throws Exception;
    }

    private final int size;
    private final Maker<T> maker;
    private final BlockingQueue<T> idle = new LinkedBlockingQueue<>();
    private final List<T> all = new ArrayList<>();
    private final ThreadLocal<T> held = new ThreadLocal<>();

    Shards(int size, Maker<T> maker) {
        this.size = size;
        this.maker = maker;
    }

    /** Takes an idle shard for the calling thread, making one while fewer than {@code size} exist. */
    T take() throws Exception {
        if (held.get() != null) {
            throw new IllegalStateException("this thread already holds a shard");
        }
        T shard = idle.poll();
        if (shard == null) {
            boolean make;
            synchronized (all) {
                make = all.size() < size;
                if (make) {
                    all.add(null);
                }
            }
            if (make) {
                shard = maker.make();
                synchronized (all) {
                    all.set(all.indexOf(null), shard);
                }
            } else {
                shard = idle.take();
            }
        }
        held.set(shard);
        return shard;
    }

    /** The shard the calling thread holds. */
    T held() {
        T shard = held.get();
        if (shard == null) {
            throw new IllegalStateException("this thread holds no shard: take one in @BeforeEach");
        }
        return shard;
    }

    /** Gives the calling thread's shard back for the next cell. */
    void giveBack() {
        T shard = held();
        held.remove();
        idle.add(shard);
    }

    /** Every shard made so far. */
    List<T> all() {
        synchronized (all) {
            return all.stream().filter(s -> s != null).toList();
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (T shard : all()) {
            try {
                shard.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

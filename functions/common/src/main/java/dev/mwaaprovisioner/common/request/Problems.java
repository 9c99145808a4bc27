package dev.mwaaprovisioner.common.request;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one request while it is read and checked. */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    void add(String path, String message) {
        found.add(new Problem(path, message));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** True when a problem was already reported at {@code path} or below it. */
    boolean reportedAt(String path) {
        return found.stream().anyMatch(p -> p.path().equals(path)
                || p.path().startsWith(path + ".") || p.path().startsWith(path + "["));
    }

    List<Problem> list() {
        return List.copyOf(found);
    }
}

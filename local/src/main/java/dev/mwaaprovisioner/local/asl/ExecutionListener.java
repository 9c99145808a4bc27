package dev.mwaaprovisioner.local.asl;

/**
 * Follows an execution as it runs: called once per history event, in order, on the thread that
 * records it. Keep it quick; an exception it throws is reported on standard error and ignored.
 */
@FunctionalInterface
public interface ExecutionListener {

    void onEvent(Execution execution, HistoryEvent event);
}

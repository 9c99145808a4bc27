package dev.mwaaprovisioner.local.asl;

/**
 * Fields every state type shares. Path fields hold the path text; {@code null} stands for the JSON
 * {@code null} that means "discard" (an absent field has already been replaced by {@code "$"}).
 */
abstract class State {

    final String name;
    final String type;
    final String location;
    final String inputPath;
    final String outputPath;
    /** The next state, or null for an end state (and for Choice, Succeed and Fail). */
    final String next;

    State(Common common) {
        this.name = common.name;
        this.type = common.type;
        this.location = common.location;
        this.inputPath = common.inputPath;
        this.outputPath = common.outputPath;
        this.next = common.next;
    }

    /** The shared fields, read once by the parser. */
    static final class Common {
        String name;
        String type;
        String location;
        String inputPath = "$";
        String outputPath = "$";
        String next;
    }
}

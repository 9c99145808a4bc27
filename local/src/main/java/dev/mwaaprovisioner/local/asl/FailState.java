package dev.mwaaprovisioner.local.asl;

/** Error and Cause are given literally or by a path (or intrinsic function); at most one of each pair is set. */
final class FailState extends State {

    final String error;
    final String errorPath;
    final String cause;
    final String causePath;

    FailState(Common common, String error, String errorPath, String cause, String causePath) {
        super(common);
        this.error = error;
        this.errorPath = errorPath;
        this.cause = cause;
        this.causePath = causePath;
    }
}

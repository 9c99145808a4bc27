package dev.mwaaprovisioner.local.asl;

/** Exactly one of the four fields is set. */
final class WaitState extends State {

    final Long seconds;
    final String secondsPath;
    final String timestamp;
    final String timestampPath;

    WaitState(Common common, Long seconds, String secondsPath, String timestamp, String timestampPath) {
        super(common);
        this.seconds = seconds;
        this.secondsPath = secondsPath;
        this.timestamp = timestamp;
        this.timestampPath = timestampPath;
    }
}

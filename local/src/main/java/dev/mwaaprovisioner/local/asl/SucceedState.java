package dev.mwaaprovisioner.local.asl;

final class SucceedState extends State {

    SucceedState(Common common) {
        super(common);
    }
}

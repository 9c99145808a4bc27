package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.concurrent.ThreadLocalRandom;

/** Resource IDs shaped like EC2's: a prefix and 17 lowercase hex digits ({@code vpc-0a1b…}). */
public final class Ec2Ids {

    private Ec2Ids() {}

    public static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 17; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }
}

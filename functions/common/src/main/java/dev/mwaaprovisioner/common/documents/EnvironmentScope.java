package dev.mwaaprovisioner.common.documents;

/**
 * Where one MWAA environment lives: partition, Region, account and environment name. Every value
 * is checked on construction, so documents built from a scope contain only valid ARN components.
 */
public record EnvironmentScope(Partition partition, String region, String accountId, String environmentName) {

    public EnvironmentScope {
        AwsIdentifiers.requireRegion(region);
        AwsIdentifiers.requireAccountId(accountId);
        AwsIdentifiers.requireEnvironmentName(environmentName);
        if (partition == null) {
            throw new IllegalArgumentException("partition: (missing); pass the partition of the account, e.g. "
                    + "Partition.forRegion(\"" + region + "\").");
        }
        Partition ofRegion = Partition.forRegion(region);
        if (partition != ofRegion) {
            throw new IllegalArgumentException("partition: '" + partition.id() + "' does not contain the Region '"
                    + region + "', which is in '" + ofRegion.id() + "'; use the partition of the Region.");
        }
    }

    /** A scope whose partition is the one of the Region. */
    public static EnvironmentScope of(String region, String accountId, String environmentName) {
        return new EnvironmentScope(Partition.forRegion(region), region, accountId, environmentName);
    }
}

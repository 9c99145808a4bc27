package dev.mwaaprovisioner.common.request;

/**
 * One group of value rules. Rules see the request as the file gave it and with defaults applied,
 * skip what could not be read (already reported), and report every problem they find.
 */
interface RequestRule {

    void check(Candidate request, Problems problems);

    /**
     * A request under check.
     *
     * @param given      as read from the file: null where the file says nothing (or where the
     *                   value could not be read)
     * @param normalized with every default filled in
     * @param allowLists the Airflow versions, classes and quota in force
     */
    record Candidate(ProvisioningRequest given, ProvisioningRequest normalized, MwaaAllowLists allowLists) {
    }
}

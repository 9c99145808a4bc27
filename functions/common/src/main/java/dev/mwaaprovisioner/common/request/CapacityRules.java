package dev.mwaaprovisioner.common.request;

/**
 * {@code EnvironmentClass} and the counts of workers, schedulers and web servers. mw1.micro runs
 * exactly one of each; every other class runs 2 to 5 schedulers and web servers, and 1 to the
 * account's quota of workers.
 */
final class CapacityRules implements RequestRule {

    static final int MIN_SCHEDULERS = 2;
    static final int MAX_SCHEDULERS = 5;
    static final int MIN_WEBSERVERS = 2;
    static final int MAX_WEBSERVERS = 5;

    @Override
    public void check(Candidate request, Problems problems) {
        ProvisioningRequest given = request.given();
        ProvisioningRequest r = request.normalized();
        String environmentClass = r.environmentClass();
        if (!request.allowLists().environmentClasses().contains(environmentClass)) {
            String choose = "choose one of " + String.join(", ", request.allowLists().environmentClasses());
            problems.add("EnvironmentClass", given.environmentClass() == null
                    ? "is not given, and the default " + environmentClass + " is not allowed in this deployment; " + choose
                    : Shown.quoted(environmentClass) + " is not an environment class; " + choose
                            + KeySuggestions.nearest(environmentClass, request.allowLists().environmentClasses())
                                    .map(c -> " (did you mean " + c + "?)").orElse(""));
            return; // the counts depend on the class
        }
        if (RequestDefaults.MICRO_CLASS.equals(r.environmentClass())) {
            checkMicro(given, problems);
        } else {
            checkWorkers(given, r, request.allowLists().maxWorkers(), problems);
            checkRange("Schedulers", given.schedulers(), MIN_SCHEDULERS, MAX_SCHEDULERS, r.environmentClass(), problems);
            boolean minInRange = checkRange("MinWebservers", given.minWebservers(), MIN_WEBSERVERS, MAX_WEBSERVERS,
                    r.environmentClass(), problems);
            boolean maxInRange = checkRange("MaxWebservers", given.maxWebservers(), MIN_WEBSERVERS, MAX_WEBSERVERS,
                    r.environmentClass(), problems);
            if (minInRange && maxInRange) {
                checkOrder("MinWebservers", given.minWebservers(), r.minWebservers(),
                        "MaxWebservers", given.maxWebservers(), r.maxWebservers(), problems);
            }
        }
    }

    /** mw1.micro: one worker, one scheduler, one web server, whatever other tools assume. */
    private static void checkMicro(ProvisioningRequest given, Problems problems) {
        int fixed = RequestDefaults.MICRO_FIXED_COUNT;
        checkFixed("MinWorkers", given.minWorkers(), fixed, "worker", problems);
        checkFixed("MaxWorkers", given.maxWorkers(), fixed, "worker", problems);
        checkFixed("Schedulers", given.schedulers(), fixed, "scheduler", problems);
        checkFixed("MinWebservers", given.minWebservers(), fixed, "web server", problems);
        checkFixed("MaxWebservers", given.maxWebservers(), fixed, "web server", problems);
    }

    private static void checkFixed(String key, Integer value, int fixed, String what, Problems problems) {
        if (value != null && value != fixed) {
            problems.add(key, "is " + value + ", but mw1.micro runs exactly " + fixed + " " + what + "; set " + fixed
                    + " or remove " + key + " (or choose mw1.small or larger for more)");
        }
    }

    private static void checkWorkers(ProvisioningRequest given, ProvisioningRequest r, int quota, Problems problems) {
        boolean minInRange = checkBounds("MinWorkers", given.minWorkers(), 1, quota, problems);
        boolean maxInRange = checkBounds("MaxWorkers", given.maxWorkers(), 1, quota, problems);
        if (minInRange && maxInRange) {
            checkOrder("MinWorkers", given.minWorkers(), r.minWorkers(), "MaxWorkers", given.maxWorkers(), r.maxWorkers(),
                    problems);
        }
    }

    private static boolean checkBounds(String key, Integer value, int min, int quota, Problems problems) {
        if (value == null) {
            return true;
        }
        if (value < min) {
            problems.add(key, "is " + value + "; an environment runs at least " + min + " worker");
            return false;
        }
        if (value > quota) {
            problems.add(key, "is " + value + ", above the MWAA quota of " + quota + " workers per environment;"
                    + " choose at most " + quota + " (or raise the quota and MWAA_MAX_WORKERS)");
            return false;
        }
        return true;
    }

    private static boolean checkRange(String key, Integer value, int min, int max, String environmentClass,
                                      Problems problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(key, "is " + value + "; " + environmentClass + " runs " + min + " to " + max
                    + " (only mw1.micro runs 1)");
            return false;
        }
        return true;
    }

    /** Min must not exceed max, whether each was given or defaulted; says which one was defaulted. */
    private static void checkOrder(String minKey, Integer givenMin, int min,
                                   String maxKey, Integer givenMax, int max, Problems problems) {
        if (min <= max) {
            return;
        }
        if (givenMin != null && givenMax == null) {
            problems.add(minKey, "is " + min + ", more than " + maxKey + " " + max + " (the default); raise "
                    + maxKey + " to at least " + min + " or lower " + minKey);
        } else if (givenMin == null) {
            problems.add(maxKey, "is " + max + ", less than " + minKey + " " + min + " (the default); raise "
                    + maxKey + " to at least " + min + " or set " + minKey + " too");
        } else {
            problems.add(minKey, "is " + min + ", more than " + maxKey + " " + max + "; make " + minKey
                    + " at most " + maxKey);
        }
    }
}

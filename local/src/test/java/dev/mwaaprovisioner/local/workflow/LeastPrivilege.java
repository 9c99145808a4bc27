package dev.mwaaprovisioner.local.workflow;

import dev.mwaaprovisioner.local.cloud.RequestLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Least privilege, measured: every call a function made is allowed by its policy in
 * template.yaml, and every action of a policy was needed by some call.
 */
public final class LeastPrivilege {

    private final Map<String, IamPolicy> policies;
    private final Map<String, List<IamPolicy.Access>> observed = new LinkedHashMap<>();

    public LeastPrivilege(String configBucket) {
        this.policies = new TemplatePolicies(configBucket).functions();
        policies.keySet().forEach(f -> observed.put(f, new ArrayList<>()));
    }

    /** Adds the calls of a run; calls of callers that are not functions (the test itself) are skipped. */
    public void observe(List<RequestLog.Entry> entries) {
        for (RequestLog.Entry entry : entries) {
            if (entry.caller() == null) {
                continue;
            }
            List<IamPolicy.Access> calls = observed.get(entry.caller());
            if (calls == null) {
                throw new AssertionError("A call names the caller " + entry.caller() + ", which is no function of template.yaml");
            }
            calls.addAll(FunctionCalls.accesses(entry));
        }
    }

    /** "Function: access" for every observed call its policy does not allow. */
    public List<String> denied() {
        List<String> denied = new ArrayList<>();
        observed.forEach((function, calls) -> new LinkedHashSet<>(calls).forEach(access -> {
            if (!policies.get(function).allows(access)) {
                denied.add(function + ": " + access);
            }
        }));
        return denied;
    }

    /** "Function: action" for every action of a policy no observed call needed. */
    List<String> unused() {
        return unused(policies.keySet());
    }

    /** As {@link #unused()}, for the functions a test exercises fully. */
    public List<String> unused(java.util.Collection<String> functions) {
        List<String> unused = new ArrayList<>();
        policies.forEach((function, policy) -> {
            if (!functions.contains(function)) {
                return;
            }
            Set<String> actions = new LinkedHashSet<>();
            policy.statements().forEach(s -> actions.addAll(s.actions()));
            for (String action : actions) {
                boolean used = observed.get(function).stream().anyMatch(a -> IamPolicy.actionMatches(action, a.action()));
                if (!used) {
                    unused.add(function + ": " + action);
                }
            }
        });
        return unused;
    }

    java.util.Set<String> functions() {
        return policies.keySet();
    }

    Map<String, List<IamPolicy.Access>> observed() {
        return observed;
    }
}

package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dependencies between resources: explicit ({@code DependsOn}) and implicit ({@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub}). Resources are created in topological order (template order
 * among independent ones) and deleted in reverse; a cycle is a validation error naming its members.
 */
public final class DependencyGraph {

    private final List<String> nodes;
    private final Map<String, Set<String>> dependencies;
    private final Map<String, Set<String>> dependents = new LinkedHashMap<>();
    private final List<String> order;

    public DependencyGraph(Collection<String> nodes, Map<String, Set<String>> dependencies) {
        this.nodes = List.copyOf(nodes);
        this.dependencies = new LinkedHashMap<>();
        for (String node : this.nodes) {
            Set<String> deps = new LinkedHashSet<>(dependencies.getOrDefault(node, Set.of()));
            deps.retainAll(this.nodes);
            this.dependencies.put(node, Collections.unmodifiableSet(deps));
            dependents.put(node, new LinkedHashSet<>());
        }
        this.dependencies.forEach((node, deps) -> deps.forEach(d -> dependents.get(d).add(node)));
        List<String> cycle = cycleMembers();
        if (!cycle.isEmpty()) {
            throw new TemplateException("Circular dependency between resources: " + cycle);
        }
        this.order = topologicalOrder();
    }

    /** The graph of a template's resources (only the given active ones, e.g. those whose Condition holds). */
    public static DependencyGraph of(Template template, Collection<String> activeResources) {
        Map<String, Set<String>> dependencies = new HashMap<>();
        for (String id : activeResources) {
            ResourceDeclaration resource = template.resources().get(id);
            Set<String> deps = new LinkedHashSet<>(resource.dependsOn());
            ReferenceScanner scan = ReferenceScanner.scan(resource.properties());
            scan.names.stream().filter(template.resources()::containsKey).forEach(deps::add);
            scan.attributes.forEach(a -> deps.add(a.resource()));
            dependencies.put(id, deps);
        }
        List<String> ordered = template.resources().keySet().stream().filter(activeResources::contains).toList();
        return new DependencyGraph(ordered, dependencies);
    }

    public List<String> nodes() {
        return nodes;
    }

    public Set<String> dependencies(String node) {
        return dependencies.getOrDefault(node, Set.of());
    }

    public Set<String> dependents(String node) {
        return Collections.unmodifiableSet(dependents.getOrDefault(node, Set.of()));
    }

    /** Creation order: every resource after all it depends on. */
    public List<String> creationOrder() {
        return order;
    }

    /** Deletion order: every resource before all it depends on. */
    public List<String> deletionOrder() {
        List<String> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        return reversed;
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> remaining = new HashMap<>();
        dependencies.forEach((node, deps) -> remaining.put(node, deps.size()));
        List<String> result = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (result.size() < nodes.size()) {
            // Among the ready resources take the first in template order, so the order is stable.
            String next = nodes.stream().filter(n -> !done.contains(n) && remaining.get(n) == 0).findFirst()
                    .orElseThrow();
            done.add(next);
            result.add(next);
            dependents.get(next).forEach(d -> remaining.merge(d, -1, Integer::sum));
        }
        return List.copyOf(result);
    }

    /** Members of strongly connected components with a cycle (Tarjan), in template order. */
    private List<String> cycleMembers() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        Set<String> inCycle = new LinkedHashSet<>();
        int[] counter = {0};
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                strongConnect(node, index, low, stack, onStack, inCycle, counter);
            }
        }
        return nodes.stream().filter(inCycle::contains).toList();
    }

    private void strongConnect(String node, Map<String, Integer> index, Map<String, Integer> low,
            Deque<String> stack, Set<String> onStack, Set<String> inCycle, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : dependencies.get(node)) {
            if (!index.containsKey(next)) {
                strongConnect(next, index, low, stack, onStack, inCycle, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1 || dependencies.get(node).contains(node)) {
                inCycle.addAll(component);
            }
        }
    }
}

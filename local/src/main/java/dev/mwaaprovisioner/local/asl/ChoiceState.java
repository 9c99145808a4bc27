package dev.mwaaprovisioner.local.asl;

import java.util.List;

final class ChoiceState extends State {

    /** A top-level Choice Rule and the state it leads to. */
    record Branch(ChoiceRule rule, String next) {
    }

    final List<Branch> choices;
    /** The state when no rule matches, or null (then the state fails with States.NoChoiceMatched). */
    final String defaultState;

    ChoiceState(Common common, List<Branch> choices, String defaultState) {
        super(common);
        this.choices = List.copyOf(choices);
        this.defaultState = defaultState;
    }
}

package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What a state produced and where the machine goes next (null: the graph ends here). */
record Transition(JsonNode output, String next) {
}

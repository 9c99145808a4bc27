package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

final class PassState extends State {

    /** The fixed result, or null when the state passes its (effective) input on. */
    final JsonNode result;
    final JsonNode parameters;
    final String resultPath;

    PassState(Common common, JsonNode result, JsonNode parameters, String resultPath) {
        super(common);
        this.result = result;
        this.parameters = parameters;
        this.resultPath = resultPath;
    }
}

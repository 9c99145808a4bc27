package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

/** The value types of resource properties, named in errors as CloudFormation's schema validation names them. */
public enum PropertyType {
    STRING("String"),
    INTEGER("Integer"),
    BOOLEAN("Boolean"),
    STRING_LIST("JSONArray"),
    TAGS("JSONArray"),
    OBJECT_LIST("JSONArray"),
    /** A nested object with its own schema (e.g. a bucket's VersioningConfiguration). */
    OBJECT("JSONObject"),
    /** A document taken as it is: a policy, an event pattern, a map of variables. */
    JSON("JSONObject");

    private final String schemaName;

    PropertyType(String schemaName) {
        this.schemaName = schemaName;
    }

    String schemaName() {
        return schemaName;
    }
}

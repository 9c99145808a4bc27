package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import dev.mwaaprovisioner.common.documents.CloudFormationYamlException;
import java.util.Map;

/**
 * Reads a template body (YAML with short-form tags, or JSON) into plain maps, lists and scalars with
 * long-form intrinsics, reporting unreadable text as CloudFormation does.
 */
final class TemplateReader {

    private TemplateReader() {}

    static Map<String, Object> read(String body) {
        try {
            return CloudFormationYaml.parseTemplate(body);
        } catch (CloudFormationYamlException e) {
            if (e.line() > 0) {
                String format = e.getMessage().contains("not valid JSON") ? "JSON" : "YAML";
                throw TemplateException.format(format + " not well-formed. (line " + e.line() + ", column "
                        + e.column() + "): " + e.getMessage());
            }
            throw TemplateException.format(e.getMessage());
        }
    }
}

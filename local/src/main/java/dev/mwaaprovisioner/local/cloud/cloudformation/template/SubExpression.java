package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The string of a {@code Fn::Sub}: literal text with {@code ${Name}} and {@code ${Resource.Attribute}}
 * variables; {@code ${!Text}} writes a literal {@code ${Text}}.
 */
final class SubExpression {

    private SubExpression() {}

    /** The variable names in the string, in order of appearance. */
    static List<String> variables(String text) {
        List<String> names = new ArrayList<>();
        substitute(text, name -> {
            names.add(name);
            return "";
        });
        return names;
    }

    static String substitute(String text, Function<String, String> values) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                out.append(text, start, text.length()); // an unclosed ${ is literal text
                break;
            }
            String content = text.substring(start + 2, end);
            if (content.startsWith("!")) {
                out.append("${").append(content.substring(1)).append('}');
            } else {
                out.append(values.apply(content.trim()));
            }
            i = end + 1;
        }
        return out.toString();
    }
}

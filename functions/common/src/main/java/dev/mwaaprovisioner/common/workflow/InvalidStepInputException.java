package dev.mwaaprovisioner.common.workflow;

/**
 * A step's input that does not have the shape the step reads: a required field missing or null,
 * or a value of the wrong type. The message names the field's path in the input
 * ({@code Request.Network.SubnetIds[0]}) and what is expected there.
 */
public class InvalidStepInputException extends IllegalArgumentException {

    private final String path;

    public InvalidStepInputException(String path, String problem) {
        super("Input field " + path + ": " + problem);
        this.path = path;
    }

    /** Where in the input: {@code $} for the whole document, else e.g. {@code Request.Name}. */
    public String path() {
        return path;
    }
}

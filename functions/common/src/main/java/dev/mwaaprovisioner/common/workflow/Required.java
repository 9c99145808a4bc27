package dev.mwaaprovisioner.common.workflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component a step cannot run without: reading a step's input ({@link WorkflowJson#read})
 * refuses an input where it is missing or null with {@link InvalidStepInputException}, naming its
 * path, rather than letting the step fail later on a null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Required {
}

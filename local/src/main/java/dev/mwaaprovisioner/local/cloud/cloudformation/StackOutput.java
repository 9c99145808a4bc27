package dev.mwaaprovisioner.local.cloud.cloudformation;

/** A stack output as DescribeStacks shows it. */
public record StackOutput(String outputKey, String outputValue, String description, String exportName) {}

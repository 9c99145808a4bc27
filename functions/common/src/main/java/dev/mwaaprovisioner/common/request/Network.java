package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where the environment runs: either a new network stack built from five CIDR blocks
 * ({@link NewNetwork}) or subnets and security groups that already exist ({@link ExistingNetwork}).
 * The request file tells them apart by their keys, and so does Jackson.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(NewNetwork.class), @JsonSubTypes.Type(ExistingNetwork.class)})
public sealed interface Network permits NewNetwork, ExistingNetwork {
}

/**
 * The contract between the provisioning state machine and its Lambda handlers: the shared JSON
 * mapper, the polling schedule the check steps compute their back-off from, and the errors the
 * state machine's Retry and Catch match by name.
 */
package dev.mwaaprovisioner.common.workflow;

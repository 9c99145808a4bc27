/**
 * Baselines for the cold-start benchmark: each workflow function's own handler logic, given AWS
 * clients built the SDK's default way inside the handler (default HTTP client, Region and
 * credential provider chains) instead of the functions' once-per-container clients.
 */
package dev.mwaaprovisioner.bench.baseline;

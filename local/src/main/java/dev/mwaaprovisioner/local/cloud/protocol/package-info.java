/**
 * Helpers for the AWS wire protocols the local cloud speaks: each {@link
 * dev.mwaaprovisioner.local.cloud.protocol.WireProtocol} names a request's operation and renders
 * errors in the shape the SDKs parse; services write success documents with {@link
 * dev.mwaaprovisioner.local.cloud.protocol.XmlWriter} (XML) or Jackson via {@link
 * dev.mwaaprovisioner.local.cloud.protocol.Json} — never by concatenating strings.
 *
 * <ul>
 *   <li>{@link dev.mwaaprovisioner.local.cloud.protocol.QueryProtocol} — IAM, STS, CloudFormation;
 *   <li>{@link dev.mwaaprovisioner.local.cloud.protocol.Ec2QueryProtocol} — EC2;
 *   <li>{@link dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol} — JSON 1.0/1.1: KMS, Step Functions, EventBridge;
 *   <li>{@link dev.mwaaprovisioner.local.cloud.protocol.RestJsonProtocol} with {@link
 *       dev.mwaaprovisioner.local.cloud.protocol.RestRoutes} — MWAA, Lambda;
 *   <li>{@link dev.mwaaprovisioner.local.cloud.protocol.RestXmlProtocol} — S3.
 * </ul>
 */
package dev.mwaaprovisioner.local.cloud.protocol;

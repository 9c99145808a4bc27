#!/usr/bin/env python3
"""Rewrites resource-types.json in this folder from the CloudFormation resource specification as the
npm package @aws-cdk/aws-service-spec (Apache-2.0) ships it (db.json.gz, keyed by CloudFormation type).

    npm pack @aws-cdk/aws-service-spec && tar xzf aws-cdk-aws-service-spec-*.tgz
    python3 refresh.py package

For each type below: its properties (required or not; for an object type, its own properties, and
so on down) and its GetAtt attributes. Add a type here when the template or the local cloud uses it.
"""
import gzip
import json
import pathlib
import sys

TYPES = [
    "AWS::Serverless::Function", "AWS::Serverless::StateMachine",
    "AWS::S3::Bucket", "AWS::S3::BucketPolicy", "AWS::Logs::LogGroup", "AWS::IAM::Role",
    "AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::Permission",
    "AWS::Lambda::EventInvokeConfig", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy",
    "AWS::Events::Rule", "AWS::StepFunctions::StateMachine",
    "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::EIP", "AWS::EC2::NatGateway", "AWS::EC2::RouteTable", "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
]

package = pathlib.Path(sys.argv[1])
meta = json.loads((package / "package.json").read_text())
db = json.load(gzip.open(package / "db.json.gz"))["schema"]
resources = {r["cloudFormationType"]: r for r in db["resource"]["entities"]}
definitions = {t["$id"]: t for t in db["typeDefinition"]["entities"]}


def shape(t, depth):
    kind = t.get("type")
    if kind == "ref":
        if depth > 8:
            return {"type": "object"}
        d = definitions[t["reference"]["$ref"]]
        return {"type": "object", "properties": props(d.get("properties", {}), depth + 1)}
    if kind in ("array", "map"):
        return {"type": kind, "element": shape(t["element"], depth)}
    if kind == "union":
        return {"type": "union", "types": [shape(u, depth) for u in t["types"]]}
    return {"type": kind}


def props(properties, depth):
    out = {}
    for name, p in sorted(properties.items()):
        entry = {"required": bool(p.get("required", False))}
        entry.update(shape(p["type"], depth))
        out[name] = entry
    return out


extract = {
    "source": f"npm {meta['name']}@{meta['version']} db.json.gz",
    "types": {
        name: {"properties": props(resources[name].get("properties", {}), 0),
               "attributes": sorted(resources[name].get("attributes", {}).keys())}
        for name in TYPES
    },
}
(pathlib.Path(__file__).parent / "resource-types.json").write_text(json.dumps(extract, indent=1) + "\n")

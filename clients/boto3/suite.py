"""boto3 against the sandbox: AWS's error shapes, paginators and waiters, as Python programs meet them.

Run by clients/boto3.test.ts with Debian's python3 and python3-boto3; the environment carries the
account's keys and VPCLAB_ENDPOINT. Prints one JSON line per test: {"name", "ok", "error"}.
"""
import json
import os
import sys
import traceback
import unittest
import uuid

import boto3
import botocore.config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["VPCLAB_ENDPOINT"]
REGION = "us-east-1"
CONFIG = botocore.config.Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
# Waiters poll every 15 s by default; the sandbox's state changes are immediate in tests.
FAST = {"Delay": 1, "MaxAttempts": 30}


def client(service, **kwargs):
    return boto3.client(service, region_name=REGION, endpoint_url=ENDPOINT, config=CONFIG, **kwargs)


def unique_bucket():
    return "boto3-suite-" + uuid.uuid4().hex[:16]


class AwsCase(unittest.TestCase):
    def assertAwsError(self, call, code, message, status):
        with self.assertRaises(ClientError) as caught:
            call()
        error = caught.exception.response["Error"]
        self.assertEqual((error.get("Code"), error.get("Message"), caught.exception.response["ResponseMetadata"]["HTTPStatusCode"]), (code, message, status))


class ErrorShapes(AwsCase):
    def test_ec2_unknown_vpc(self):
        self.assertAwsError(lambda: client("ec2").describe_vpcs(VpcIds=["vpc-0123456789abcdef0"]),
                            "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist", 400)

    def test_ec2_unknown_instance(self):
        self.assertAwsError(lambda: client("ec2").terminate_instances(InstanceIds=["i-0123456789abcdef0"]),
                            "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist", 400)

    def test_ec2_unknown_access_key(self):
        ec2 = client("ec2", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        self.assertAwsError(ec2.describe_vpcs, "AuthFailure", "AWS was not able to validate the provided access credentials", 401)

    def test_s3_missing_bucket_and_key(self):
        s3 = client("s3")
        self.assertAwsError(lambda: s3.list_objects_v2(Bucket=unique_bucket()), "NoSuchBucket", "The specified bucket does not exist", 404)
        bucket = unique_bucket()
        s3.create_bucket(Bucket=bucket)
        try:
            self.assertAwsError(lambda: s3.get_object(Bucket=bucket, Key="missing.txt"), "NoSuchKey", "The specified key does not exist.", 404)
            # HEAD answers have no body: botocore makes the code and message from the status line.
            self.assertAwsError(lambda: s3.head_object(Bucket=bucket, Key="missing.txt"), "404", "Not Found", 404)
            self.assertAwsError(lambda: s3.get_bucket_policy(Bucket=bucket), "NoSuchBucketPolicy", "The bucket policy does not exist", 404)
        finally:
            s3.delete_bucket(Bucket=bucket)

    def test_iam_missing_role(self):
        self.assertAwsError(lambda: client("iam").get_role(RoleName="no-such-role"),
                            "NoSuchEntity", "The role with name no-such-role cannot be found.", 404)

    def test_sts_unknown_access_key(self):
        sts = client("sts", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        self.assertAwsError(sts.get_caller_identity, "InvalidClientTokenId", "The security token included in the request is invalid.", 403)


class Paginators(AwsCase):
    def test_describe_instances_pages(self):
        ec2 = client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.0.0/24")["Subnet"]["SubnetId"]
        image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}])["Images"][0]["ImageId"]
        # Seven launches, seven reservations: MaxResults counts instances, and one reservation per instance keeps pages and reservations aligned.
        launched = [ec2.run_instances(ImageId=image, InstanceType="t2.micro", SubnetId=subnet, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"] for _ in range(7)]
        try:
            filters = [{"Name": "subnet-id", "Values": [subnet]}]
            pages = list(ec2.get_paginator("describe_instances").paginate(Filters=filters, PaginationConfig={"PageSize": 5}))
            self.assertEqual([sum(len(r["Instances"]) for r in page["Reservations"]) for page in pages], [5, 2])
            self.assertNotIn("NextToken", pages[-1])
            seen = [i["InstanceId"] for page in pages for r in page["Reservations"] for i in r["Instances"]]
            self.assertEqual(sorted(seen), sorted(launched))
        finally:
            ec2.terminate_instances(InstanceIds=launched)
            ec2.get_waiter("instance_terminated").wait(InstanceIds=launched, WaiterConfig=FAST)
            ec2.delete_subnet(SubnetId=subnet)
            ec2.delete_vpc(VpcId=vpc)

    def test_list_objects_v2_pages(self):
        s3 = client("s3")
        bucket = unique_bucket()
        s3.create_bucket(Bucket=bucket)
        keys = ["a/%d.txt" % n for n in range(5)]
        try:
            for key in keys:
                s3.put_object(Bucket=bucket, Key=key, Body=b"x")
            pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}))
            self.assertEqual([page["KeyCount"] for page in pages], [2, 2, 1])
            self.assertEqual([o["Key"] for page in pages for o in page["Contents"]], keys)
            self.assertEqual([page["IsTruncated"] for page in pages], [True, True, False])
        finally:
            for key in keys:
                s3.delete_object(Bucket=bucket, Key=key)
            s3.delete_bucket(Bucket=bucket)

    def test_list_users_pages(self):
        iam = client("iam")
        names = ["boto3-suite-%d" % n for n in range(3)]
        for name in names:
            iam.create_user(UserName=name)
        try:
            pages = list(iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}))
            self.assertTrue(all(len(page["Users"]) <= 2 for page in pages))
            self.assertEqual([page["IsTruncated"] for page in pages][-1], False)
            listed = [u["UserName"] for page in pages for u in page["Users"]]
            self.assertEqual(sorted(listed), sorted(names + ["lab-user"]))
        finally:
            for name in names:
                iam.delete_user(UserName=name)


class Waiters(AwsCase):
    def test_vpc_peering_and_instance_waiters(self):
        ec2 = client("ec2")
        one = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
        two = ec2.create_vpc(CidrBlock="10.32.0.0/16")["Vpc"]["VpcId"]
        ec2.get_waiter("vpc_available").wait(VpcIds=[one, two], WaiterConfig=FAST)
        pcx = ec2.create_vpc_peering_connection(VpcId=one, PeerVpcId=two)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        ec2.get_waiter("vpc_peering_connection_exists").wait(VpcPeeringConnectionIds=[pcx], WaiterConfig=FAST)
        subnet = ec2.create_subnet(VpcId=one, CidrBlock="10.31.0.0/24")["Subnet"]["SubnetId"]
        image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}])["Images"][0]["ImageId"]
        instance = ec2.run_instances(ImageId=image, InstanceType="t2.micro", SubnetId=subnet, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        try:
            ec2.get_waiter("instance_running").wait(InstanceIds=[instance], WaiterConfig=FAST)
            state = ec2.describe_instances(InstanceIds=[instance])["Reservations"][0]["Instances"][0]["State"]
            self.assertEqual(state, {"Code": 16, "Name": "running"})
        finally:
            ec2.terminate_instances(InstanceIds=[instance])
            ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance], WaiterConfig=FAST)
            ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)
            ec2.delete_subnet(SubnetId=subnet)
            ec2.delete_vpc(VpcId=one)
            ec2.delete_vpc(VpcId=two)

    def test_bucket_and_object_waiters(self):
        s3 = client("s3")
        bucket = unique_bucket()
        s3.create_bucket(Bucket=bucket)
        try:
            s3.get_waiter("bucket_exists").wait(Bucket=bucket, WaiterConfig=FAST)
            s3.put_object(Bucket=bucket, Key="ready.txt", Body=b"ready")
            s3.get_waiter("object_exists").wait(Bucket=bucket, Key="ready.txt", WaiterConfig=FAST)
            s3.delete_object(Bucket=bucket, Key="ready.txt")
            s3.get_waiter("object_not_exists").wait(Bucket=bucket, Key="ready.txt", WaiterConfig=FAST)
        finally:
            s3.delete_bucket(Bucket=bucket)
        s3.get_waiter("bucket_not_exists").wait(Bucket=bucket, WaiterConfig=FAST)


class JsonLines(unittest.TestResult):
    """One JSON line per test, so the runner can report each test by name."""

    def _emit(self, test, error=None):
        name = test.id().split(".", 1)[-1]
        print(json.dumps({"name": name, "ok": error is None, "error": error}), flush=True)

    def addSuccess(self, test):
        self._emit(test)

    def addFailure(self, test, err):
        self._emit(test, "".join(traceback.format_exception(*err)))

    def addError(self, test, err):
        self._emit(test, "".join(traceback.format_exception(*err)))


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = JsonLines()
    suite.run(result)
    sys.exit(0 if result.wasSuccessful() else 1)

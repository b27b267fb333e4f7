"""Times the official Tencent Cloud Python SDK building and signing the benchmarked requests.

Run by benches/compare.sh inside a virtualenv that has tencentcloud-sdk-python-common and
tencentcloud-sdk-python-vpc. Reads the fixtures printed by the `signed_fixtures` example (the
request data, the fixed credentials/timestamp/nonce and the bytes tcgen signs), checks that the
official SDK signs the same request to the same bytes, then times it with timeit.

What one timed call does is what VpcClient.<Action>(request) does before sending: build the
typed model, request._serialize(), a RequestInternal, and AbstractClient._build_req_inter, which
flattens, adds the common parameters, signs and encodes (HmacSHA256: _build_req_with_old_signature;
TC3: _build_req_with_tc3_signature). Timestamp and nonce are fixed through the module's own
`time` and `random` names, so the SDK's code runs unchanged.
"""

import argparse
import datetime
import json
import sys
import timeit

from tencentcloud.common import abstract_client, credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.vpc.v20170312 import models, vpc_client


class FixedClock:
    """Stands in for the `time` module inside abstract_client."""

    def __init__(self, timestamp):
        self.timestamp = timestamp

    def time(self):
        return float(self.timestamp)


class FixedRandom:
    """Stands in for the `random` module inside abstract_client (the Nonce)."""

    def __init__(self, nonce):
        self.nonce = nonce

    def randint(self, low, high):
        return self.nonce


def make_client(fixed, sign_method):
    profile = ClientProfile(signMethod=sign_method, httpProfile=HttpProfile(reqMethod="POST"))
    profile.language = fixed["language"]
    cred = credential.Credential(fixed["secret_id"], fixed["secret_key"])
    client = vpc_client.VpcClient(cred, fixed["region"], profile)
    client.request_client = fixed["request_client"]
    return client


def describe_vpcs_model(data):
    request = models.DescribeVpcsRequest()
    filters = []
    for item in data["filters"]:
        model = models.Filter()
        model.Name = item["Name"]
        model.Values = list(item["Values"])
        filters.append(model)
    request.Filters = filters
    request.Offset = data["offset"]
    request.Limit = data["limit"]
    return request


def create_policies_model(data):
    rules = []
    for item in data["ingress"]:
        rule = models.SecurityGroupPolicy()
        rule.PolicyIndex = item["PolicyIndex"]
        rule.Protocol = item["Protocol"]
        rule.Port = item["Port"]
        rule.CidrBlock = item["CidrBlock"]
        rule.Action = item["Action"]
        rule.PolicyDescription = item["PolicyDescription"]
        rules.append(rule)
    policy_set = models.SecurityGroupPolicySet()
    policy_set.Ingress = rules
    request = models.CreateSecurityGroupPoliciesRequest()
    request.SecurityGroupId = data["security_group_id"]
    request.SecurityGroupPolicySet = policy_set
    return request


def build_and_sign(client, action, make_model, data):
    """What VpcClient.<action> does before it sends; returns the prepared request."""
    params = make_model(data)._serialize()
    req = RequestInternal(client._get_endpoint(), client.profile.httpProfile.reqMethod,
                          client._requestPath, header={})
    client._build_req_inter(action, params, req)
    return req


def check(fixtures, clients):
    """The official SDK must produce the bytes tcgen produces for the same input."""
    problems = []
    for signed in fixtures["signed"]:
        action = signed["action"]
        make_model, data = MODELS[action](fixtures)

        hmac = build_and_sign(clients["hmac"], action, make_model, data)
        if hmac.data != signed["hmac"]["body"]:
            problems.append("%s HmacSHA256 body differs:\n  official %s\n  tcgen    %s"
                            % (action, hmac.data, signed["hmac"]["body"]))

        tc3 = build_and_sign(clients["tc3"], action, make_model, data)
        ours = dict(signed["tc3"]["headers"])
        # The official body is json.dumps with ", " separators and \u escapes, ours is compact
        # UTF-8: the same JSON value, different bytes, so different (equally valid) signatures.
        if json.loads(tc3.data) != json.loads(signed["tc3"]["body"]):
            problems.append("%s TC3 bodies are different JSON values" % action)
        for name, value in tc3.header.items():
            if name != "Authorization" and ours.get(name) != value:
                problems.append("%s TC3 header %s: official %r, tcgen %r"
                                % (action, name, value, ours.get(name)))
        # The official signer over tcgen's exact body must give tcgen's Authorization.
        tc3.data = signed["tc3"]["body"]
        date = datetime.datetime.fromtimestamp(
            fixtures["fixed"]["timestamp"], datetime.timezone.utc).strftime("%Y-%m-%d")
        signature = clients["tc3"]._get_tc3_signature(
            None, tc3, date, clients["tc3"]._service, fixtures["fixed"]["secret_key"])
        if not ours["Authorization"].endswith("Signature=" + signature):
            problems.append("%s TC3: the official signature of tcgen's body is %s, tcgen sent %s"
                            % (action, signature, ours["Authorization"]))
    return problems


MODELS = {
    "DescribeVpcs": lambda f: (describe_vpcs_model, f["requests"]["DescribeVpcs"]),
    "CreateSecurityGroupPolicies":
        lambda f: (create_policies_model, f["requests"]["CreateSecurityGroupPolicies"]),
}


def time_call(function, repeats):
    """Seconds per call, median and fastest of `repeats` timeit runs of about 0.2 s each."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    runs = sorted(total / number for total in timer.repeat(repeat=repeats, number=number))
    return {"median": runs[len(runs) // 2], "fastest": runs[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", help="JSON printed by the signed_fixtures example")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with open(args.fixtures, encoding="utf-8") as file:
        fixtures = json.load(file)
    fixed = fixtures["fixed"]
    abstract_client.time = FixedClock(fixed["timestamp"])
    abstract_client.random = FixedRandom(fixed["nonce"])
    clients = {"hmac": make_client(fixed, "HmacSHA256"), "tc3": make_client(fixed, "TC3-HMAC-SHA256")}

    problems = check(fixtures, clients)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)

    results = {}
    for action in MODELS:
        make_model, data = MODELS[action](fixtures)
        for method, client in clients.items():
            seconds = time_call(lambda: build_and_sign(client, action, make_model, data), args.repeats)
            results["%s/%s" % (method, action)] = seconds
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

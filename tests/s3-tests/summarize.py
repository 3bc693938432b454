#!/usr/bin/env python3
"""Summarises one ceph/s3-tests run (scripts/s3-tests.sh): counts by feature group, and every failure
sorted into not served / needs a second user / the client cannot send it / wrong, with what the service answered.

Inputs: the JUnit XML, the suite checkout (its test sources are read for markers and for which helpers
a test uses), the per-test request log of omp_s3tests_recorder.py and pytest's console log.
Outputs: <name>.json and <name>.md in --out (and latest.json / latest.md with --latest yes); the
markdown's first tables on stdout."""
import argparse
import ast
import collections
import json
import os
import re
import xml.etree.ElementTree as ET

# Feature groups, first match wins: (group, markers, regex on the test name).
GROUPS = [
    ("encryption", {"encryption", "sse_s3", "bucket_encryption"}, r"sse|encrypt|kms"),
    ("checksums", {"checksum"}, r"checksum|cksum"),
    ("CORS", set(), r"cors"),
    ("copy", {"copy"}, r"copy"),
    ("conditional", {"conditional_write"}, r"if_?match|if_?none_?match|if_?modified|if_?unmodified|conditional"),
    ("multipart", set(), r"multipart|upload_part"),
    ("lifecycle", {"lifecycle", "lifecycle_expiration", "lifecycle_transition"}, r"lifecycle"),
    ("object lock", set(), r"object_lock|legal_hold|retention"),
    ("versioning", {"versioning", "delete_marker"}, r"version|delete_marker"),
    ("tagging", {"tagging"}, r"tagging|tags|_tag_"),
    ("policies", {"bucket_policy", "user_policy", "group_policy", "role_policy", "session_policy"}, r"policy|block_public|public_access"),
    ("ACLs", {"object_ownership"}, r"acl|grant|ownership"),
    ("logging", {"bucket_logging", "bucket_logging_cleanup", "fails_without_logging_rollover"}, r"logging"),
    ("website", {"s3website", "s3website_routing_rules", "s3website_redirect_location"}, r"website"),
    ("POST object", set(), r"post_object"),
    ("storage class, restore", {"storage_class", "cloud_restore", "cloud_transition"}, r"storage_class|restore|read_through"),
    ("auth, presign, headers", {"auth_common", "auth_aws2", "auth_aws4"}, r"presign|anon|auth|unauthenticated|signature|100_continue"),
    ("listing", {"list_objects_v2"}, r"bucket_list|listv2|list_objects|list_buckets|bucket_list|_list_"),
    ("buckets", set(), r"bucket"),
    ("objects", set(), r""),
]
# Features the service deliberately does not serve (README "s3 dialect: what is served"): a failure in
# these groups is "not served" whatever the answer. Copy, checksums, encryption, CORS, ACLs, bucket
# policies, tagging, lifecycle and versioning are not here: they are served (ACLs and policies since issue 22,
# tagging, lifecycle and versioning since issue 23), and when they fail it is "not served" only if the service
# said 501 (a lifecycle Transition) or the test uses one of the unserved operations below.
UNSERVED_GROUPS = {"object lock", "logging", "website", "storage class, restore"}
# Operations of those features, and of the access-control features the service does not have (object
# ownership controls, block public access): a failure raised by one of them is "not served" in any group.
UNSERVED_OPERATIONS = re.compile(
    r"when calling the (\w*(ObjectLock\w*|Retention|LegalHold|"
    r"Logging|Website|OwnershipControls|PublicAccessBlock|Notification\w*|RestoreObject|SelectObjectContent)) operation")
# Identifiers (boto3 methods, their keyword arguments, the suite's helpers) by which a test, or a helper it
# calls, uses such a feature: a failure of such a test is "not served" too.
UNSERVED_IDENTIFIERS = re.compile(
    r"^(put|get|delete)_(bucket|object)_(lock_configuration|retention|"
    r"legal_hold|logging|website|ownership_controls|notification\w*)$|^(put|get|delete)_public_access_block$|"
    r"^(ObjectLock\w*|ObjectOwnership)$")
# Failures judged one by one (read in the suite and against S3's documentation), with the reason: the test
# expects what RGW does where S3 answers otherwise ("not S3"), or it needs something other than one S3
# endpoint with real accounts ("not served": RGW's tenants). The judgement holds only for the failure it was
# made for: the pattern must be found in the failing line or the error, so that a test failing anywhere else
# is judged by the other rules (a new wrong answer stays "wrong").
JUDGED = {
    "test_get_bucket_policy_status": ("not S3", "NoSuchBucketPolicy",
        "S3 answers GetBucketPolicyStatus of a bucket without a policy with 404 NoSuchBucketPolicy; RGW answers IsPublic from the ACL"),
    "test_get_public_acl_bucket_policy_status": ("not S3", "NoSuchBucketPolicy",
        "S3's policy status reads the bucket policy only (404 NoSuchBucketPolicy without one); RGW counts a public ACL"),
    "test_get_authpublic_acl_bucket_policy_status": ("not S3", "NoSuchBucketPolicy",
        "S3's policy status reads the bucket policy only (404 NoSuchBucketPolicy without one); RGW counts a public ACL"),
    "test_get_publicpolicy_acl_bucket_policy_status": ("not S3", "NoSuchBucketPolicy",
        "asks the status of a bucket without a policy first: S3 answers 404 NoSuchBucketPolicy"),
    "test_get_nonpublicpolicy_acl_bucket_policy_status": ("not S3", "NoSuchBucketPolicy",
        "asks the status of a bucket without a policy first: S3 answers 404 NoSuchBucketPolicy"),
    "test_bucket_recreate_overwrite_acl": ("not S3", "ClientError not raised",
        "S3 in us-east-1 answers 200 to recreating one's own bucket (issue 22: 200, nothing changed); RGW answers 409 when the ACL differs"),
    "test_bucket_recreate_new_acl": ("not S3", "ClientError not raised",
        "S3 in us-east-1 answers 200 to recreating one's own bucket (issue 22: 200, nothing changed); RGW answers 409 when the ACL differs"),
    "test_bucket_policy_set_condition_operator_end_with_IfExists": ("not S3", "ClientError not raised",
        "expects the bucket owner refused when no statement allows it; the owner is allowed by ownership (RGW fails it too: fails_on_rgw)"),
    "test_bucket_policy_put_obj_grant": ("not S3", "check_access_denied",
        "expects ObjectWriter ownership (the bucket owner refused the ACL of an object another account wrote); here the bucket "
        "owner controls every object in its bucket, as under S3's default BucketOwnerEnforced"),
    "test_bucket_policy_put_obj_request_obj_tag": ("not S3", "(AccessDenied) when calling the PutObject",
        "registers its x-amz-tagging hook on the main client but puts with the alt client, which sends no tag: no statement "
        "allows the alt account an untagged PutObject, so S3 refuses it (the suite's own TODO asks why it does not pass)"),
    # Run only when fails_on_aws is included (S3TESTS_EXCLUDE): RGW's lenient lifecycle Filter.
    "test_lifecycle_expiration_tags1": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and Tag side by side (no And): S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_lifecycle_expiration_tags2": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and Tag beside an And: S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_lifecycle_expiration_versioned_tags2": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and Tag beside an And: S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_lifecycle_expiration_noncur_tags1": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and Tag side by side (no And): S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_lifecycle_expiration_size_gt": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and ObjectSizeGreaterThan side by side (no And): S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_lifecycle_expiration_size_lt": ("not S3", "(MalformedXML) when calling the PutBucketLifecycleConfiguration",
        "a Filter with Prefix and ObjectSizeLessThan side by side (no And): S3 takes exactly one of Prefix, Tag, ObjectSizeGreaterThan, "
        "ObjectSizeLessThan or And and refuses the rest as MalformedXML; RGW ANDs them (the suite marks it fails_on_aws)"),
    "test_bucket_policy_different_tenant": ("not served", "NoSuchBucket", "RGW tenants (bucket names 'tenant:bucket')"),
    "test_bucket_policy_tenanted_bucket": ("not served", "NoSuchBucket", "RGW tenants (bucket names 'tenant:bucket')"),
    "test_put_bucket_logging_policy_wildcard": ("not served", "MalformedPolicy",
        "a policy for the logging service principal (server access logging is not served)"),
}
SECOND_USER = re.compile(r"^(get_alt_|get_tenant|get_v2_tenant|get_iam_|get_alt$)")


def parse_suite(suite, files):
    """test function name -> (markers, identifiers its body and its module-level helpers use)."""
    tests = {}
    for f in files:
        source = open(os.path.join(suite, f)).read()
        lines = source.splitlines()
        tree = ast.parse(source)
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

        def names(node):
            out = set()
            for n in ast.walk(node):
                if isinstance(n, ast.Name):
                    out.add(n.id)
                elif isinstance(n, ast.Attribute):
                    out.add(n.attr)
                elif isinstance(n, ast.keyword) and n.arg:
                    out.add(n.arg)
            return out

        direct = {name: names(fn) for name, fn in functions.items()}
        for name, fn in functions.items():
            if not name.startswith("test_"):
                continue
            markers = set()
            for d in fn.decorator_list:
                target = d.func if isinstance(d, ast.Call) else d
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute) and target.value.attr == "mark":
                    markers.add(target.attr)
            # "TODO: remove 'fails_on_rgw' once we have learned how to remove the X header": botocore's
            # signer puts the header back, so the request the test means is never sent.
            first = min([d.lineno for d in fn.decorator_list] + [fn.lineno]) - 1
            above = "\n".join(lines[max(0, first - 3):fn.lineno])
            if re.search(r"learned how to", above):
                markers.add("omp:cannot-send")
            seen, todo, used = {name}, [name], set()
            while todo:
                for ident in direct[todo.pop()]:
                    used.add(ident)
                    if ident in functions and ident not in seen:
                        seen.add(ident)
                        todo.append(ident)
            tests[(os.path.splitext(os.path.basename(f))[0], name)] = (markers, used)
    return tests


def group_of(name, markers, module):
    if module == "test_headers" and not re.search(r"multipart|checksum|copy", name):
        return "auth, presign, headers"
    for group, marks, pattern in GROUPS:
        if markers & marks or (pattern and re.search(pattern, name)):
            return group
    return "objects"


def first_error_line(text, message):
    for line in (text or "").splitlines():
        if line.startswith("E "):
            return line[1:].strip()
    return (message or "").strip().splitlines()[0] if message else ""


def failing_source(text):
    """The suite's own line that failed: 'test_s3.py:123: assert status == 400'."""
    lines = (text or "").splitlines()
    frames = []
    for i, line in enumerate(lines):
        m = re.match(r"^(?:\S*/)?(\w+\.py):(\d+): in (\w+)", line)
        if m and i + 1 < len(lines):
            frames.append((m.group(1), f"{m.group(1)}:{m.group(2)} {m.group(3)}: {lines[i + 1].strip()}"))
    ours = [f for file, f in frames if file.startswith("test_")]
    return (ours or [f for _, f in frames] or [None])[-1]


def reason_key(eline):
    m = re.search(r"An error occurred \(([^)]*)\) when calling the (\w+) operation: ?(.*)", eline)
    if m:
        return f"{m.group(1)} on {m.group(2)}: {m.group(3)[:90]}"
    m = re.search(r"(\w+Error): (.*)", eline)
    key = eline if not m else f"{m.group(1)}: {m.group(2)}"
    return key[:160]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--junit", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--calls")
    ap.add_argument("--pytest-log")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--latest", default="no")
    ap.add_argument("--meta", action="append", default=[])
    args = ap.parse_args()
    meta = dict(m.split("=", 1) for m in args.meta)
    files = meta.get("files", "s3tests/functional/test_s3.py").split()
    suite = parse_suite(args.suite, files)
    # With real accounts for the alt and tenant users (users=accounts), a test that uses them is judged like any other.
    real_users = meta.get("users") == "accounts"

    calls = {}
    if args.calls and os.path.exists(args.calls):
        for line in open(args.calls):
            r = json.loads(line)
            module, _, name = r["nodeid"].partition("::")
            calls[(os.path.splitext(os.path.basename(module))[0], name)] = r["calls"]

    deselected = None
    if args.pytest_log and os.path.exists(args.pytest_log):
        m = re.search(r"collected (\d+) items?(?: / (\d+) deselected)?", open(args.pytest_log, errors="replace").read())
        if m:
            deselected = {"collected": int(m.group(1)), "deselected": int(m.group(2) or 0)}

    results = []
    for case in ET.parse(args.junit).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")[-1]
        name = case.get("name")
        base = name.split("[")[0]
        markers, used = suite.get((module, base), (set(), set()))
        failure, error, skipped = case.find("failure"), case.find("error"), case.find("skipped")
        node = failure if failure is not None else error
        status = "failed" if failure is not None else "errored" if error is not None else "skipped" if skipped is not None else "passed"
        r = {"test": name, "module": module, "group": group_of(base, markers, module), "markers": sorted(markers),
             "status": status, "seconds": float(case.get("time") or 0)}
        made = calls.get((module, name), [])
        if skipped is not None:
            r["reason"] = (skipped.get("message") or "").strip()[:200]
        if node is not None:
            text, message = node.text or "", node.get("message") or ""
            eline = first_error_line(text, message)
            phase = "setup" if "failed on setup" in message else "teardown" if "failed on teardown" in message else "call"
            answered_501 = any(c.get("status") == 501 for c in made)
            judged = JUDGED.get(base)
            if judged and judged[1] not in f"{failing_source(text) or ''} {eline}":
                judged = None
            if answered_501 or "NotImplemented" in eline or re.search(r"\(501\)", eline) or \
                    r["group"] in UNSERVED_GROUPS or UNSERVED_OPERATIONS.search(eline) or \
                    any(UNSERVED_IDENTIFIERS.match(i) for i in used):
                category = "not served"
            elif judged:
                category = judged[0]
                r["judged"] = judged[2]
            elif "omp:cannot-send" in markers:
                category = "client"
            elif not real_users and any(SECOND_USER.match(i) for i in used):
                category = "second user"
            elif re.search(r"ParamValidationError|Unknown parameter|UnknownClientMethod|has no attribute '(put|get|create|delete|list)_", eline):
                category = "client"
            else:
                category = "wrong"
            r.update(phase=phase, category=category, error=eline[:400], reason=reason_key(eline),
                     source=failing_source(text),
                     answers=[f"{c['op']} -> {c.get('status')}{' ' + c['code'] if c.get('code') else ''}" for c in made][-6:])
        results.append(r)

    order = [g for g, _, _ in GROUPS]
    by_group = collections.OrderedDict((g, collections.Counter()) for g in order)
    totals = collections.Counter()
    for r in results:
        for c in (by_group[r["group"]], totals):
            c["tests"] += 1
            c[r["status"]] += 1
            if "category" in r:
                c[r["category"]] += 1
    wrong = [r for r in results if r.get("category") == "wrong"]
    reasons = collections.defaultdict(list)
    for r in wrong:
        reasons[r["reason"]].append(r)
    top = sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    summary = {"meta": meta, "selection": deselected, "totals": dict(totals),
               "groups": {g: dict(c) for g, c in by_group.items() if c["tests"]},
               "wrong_reasons": [{"reason": k, "count": len(v), "tests": [r["test"] for r in v]} for k, v in top],
               "tests": results}

    cols = ["tests", "passed", "failed", "errored", "skipped", "not served", "not S3", "second user", "client", "wrong"]

    def row(label, c):
        return "| " + " | ".join([label] + [str(c.get(k, 0)) for k in cols]) + " |"

    md = [f"# ceph/s3-tests against the s3 dialect ({args.name})", ""]
    md += [f"- {k}: `{v}`" for k, v in meta.items()]
    if deselected:
        md.append(f"- collected {deselected['collected']}, not run (excluded) {deselected['deselected']}, "
                  f"run {deselected['collected'] - deselected['deselected']}")
    md += ["", f"**{totals['passed']} passed of {totals['tests']} run** "
           f"({totals['failed']} failed, {totals['errored']} errored, {totals['skipped']} skipped). "
           f"Failed or errored: {totals['not served']} not served, {totals['not S3']} expect RGW's behaviour over S3's, "
           f"{totals['second user']} need a second user, "
           f"{totals['client']} the client cannot send, {totals['wrong']} wrong.", ""]
    md += ["| group | " + " | ".join(cols) + " |", "|" + " --- |" * (len(cols) + 1)]
    md += [row(g, c) for g, c in by_group.items() if c["tests"]]
    md.append(row("**total**", totals))
    table_end = len(md)
    md += ["", "## Wrong answers by reason", "",
           "Failures not explained by a 501, an unserved feature, a missing second user or the client.", "",
           "| count | reason | tests |", "| --- | --- | --- |"]
    for k, v in top:
        names = ", ".join(f"`{r['test']}`" for r in v[:12]) + (f" (+{len(v) - 12})" if len(v) > 12 else "")
        md.append(f"| {len(v)} | {k.replace('|', '/')} | {names} |")
    md += ["", "## Every wrong answer", "", "| test | group | phase | failed at | error | last answers |", "| --- | --- | --- | --- | --- | --- |"]
    for r in sorted(wrong, key=lambda r: (order.index(r["group"]), r["test"])):
        cell = lambda s: (s or "").replace("|", "/").replace("\n", " ")
        md.append(f"| `{r['test']}` | {r['group']} | {r['phase']} | {cell(r['source'])} | {cell(r['error'][:220])} | "
                  f"{cell('; '.join(r['answers'][-4:]))} |")
    def why(r):
        """A failure's reason in a few words: the judgement, or the error that made it not served / wrong."""
        if "category" not in r:
            return ""
        return (r.get("judged") or r.get("reason") or "").replace("|", "/").replace("\n", " ")[:140]

    owned = [r for r in results if r["group"] in ("ACLs", "policies") or any(SECOND_USER.match(i) for i in suite.get((r["module"], r["test"].split("[")[0]), (set(), set()))[1])]
    if owned:
        md += ["", f"## ACL, policy and ownership tests ({len(owned)}: the ACL and policy groups and every test using a second user)", "",
               "| test | group | status | category | why |", "| --- | --- | --- | --- | --- |"]
        md += [f"| `{r['test']}` | {r['group']} | {r['status']} | {r.get('category', '')} | {why(r)} |" for r in sorted(owned, key=lambda r: (r["group"], r["test"]))]
    for label, category in [("Needing a second user", "second user"), ("The client cannot send it (boto3 refuses the call, or its signer restores the header the test removes)", "client")]:
        some = [r for r in results if r.get("category") == category]
        if some:
            md += ["", f"## {label} ({len(some)})", "", ", ".join(f"`{r['test']}`" for r in some)]

    os.makedirs(args.out, exist_ok=True)
    names = [args.name] + (["latest"] if args.latest == "yes" else [])
    for n in names:
        with open(os.path.join(args.out, n + ".json"), "w") as f:
            json.dump(summary, f, indent=1)
        with open(os.path.join(args.out, n + ".md"), "w") as f:
            f.write("\n".join(md) + "\n")
    print("\n".join(md[:table_end]))
    print(f"\nwritten: {', '.join(os.path.join(args.out, n + '.{json,md}') for n in names)}")


if __name__ == "__main__":
    main()

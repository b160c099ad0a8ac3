#!/usr/bin/env python3
"""Evaluates the CEL of the ValidatingAdmissionPolicy kars-sre-approval-guard
(deploy/admission/approval-guard.yaml) on the requests it must allow and deny, with cel-python
(PyPI `cel-python`, installed by .ci/run). KubeSim stores admission policies but does not enforce
them, so this is where their logic is tested: a policy whose expression failed to compile or
evaluate would, with failurePolicy Fail, refuse every KarsSREAction write of kars-sre's accounts.

usage: check-approval-guard.py [POLICY_FILE]

Prints one line per case and `approval guard: N passed, N failed`; exits 1 on any failure.
"""
import sys

import celpy
import yaml

POLICY = sys.argv[1] if len(sys.argv) > 1 else "deploy/admission/approval-guard.yaml"
AGENT = "system:serviceaccount:kars-sre:kars-sre-agent"
KARS = "system:serviceaccount:kars-sre:kars-sre"
WRITER = "system:serviceaccount:kars-sre:sre-writer"
HUMAN = "alice@example.com"
OTHER_SA = "system:serviceaccount:team-a:kars-sre-agent"

docs = [d for d in yaml.safe_load_all(open(POLICY)) if d]
policy = next(d for d in docs if d["kind"] == "ValidatingAdmissionPolicy")
binding = next(d for d in docs if d["kind"] == "ValidatingAdmissionPolicyBinding")
assert binding["spec"]["policyName"] == policy["metadata"]["name"], "the binding names another policy"
assert binding["spec"]["validationActions"] == ["Deny"], "the binding must deny"
assert policy["spec"]["failurePolicy"] == "Fail", "the policy must fail closed"
rules = policy["spec"]["matchConstraints"]["resourceRules"]
assert any(r["apiGroups"] == ["kars.azure.com"] and "karssreactions" in r["resources"]
           and set(r["operations"]) >= {"CREATE", "UPDATE"} for r in rules), "the policy must match KarsSREAction writes"

env = celpy.Environment()


def compile_all(entries):
    return [(entry.get("name", entry["expression"][:40]), env.program(env.compile(entry["expression"]))) for entry in entries]


conditions = compile_all(policy["spec"].get("matchConditions", []))
variables = compile_all(policy["spec"].get("variables", []))
validations = compile_all(policy["spec"]["validations"])


def action(approval=None):
    spec = {"action": {"type": "DeleteResourceQuota", "target": {"namespace": "kars-research", "name": "platform-hardening"}}}
    if approval is not None:
        spec["approval"] = approval
    return {"apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
            "metadata": {"name": "a", "namespace": "kars-sre"}, "spec": spec}


def admit(user, operation, obj, old=None):
    """True when the policy lets the request through, as the API server would decide."""
    activation = {
        "request": celpy.json_to_cel({"operation": operation, "userInfo": {"username": user}}),
        "object": celpy.json_to_cel(obj),
        "oldObject": celpy.json_to_cel(old),
    }
    for _, program in conditions:
        matched = program.evaluate(activation)
        if isinstance(matched, celpy.CELEvalError):
            raise RuntimeError(f"match condition error: {matched}")
        if not matched:
            return True  # not matched: the policy does not apply
    values = {}
    for name, program in variables:
        values[name] = program.evaluate(dict(activation, variables=celpy.json_to_cel(values)))
    activation["variables"] = celpy.celtypes.MapType({celpy.celtypes.StringType(k): v for k, v in values.items()})
    for _, program in validations:
        result = program.evaluate(activation)
        if isinstance(result, celpy.CELEvalError):
            raise RuntimeError(f"evaluation error: {result}")
        if not result:
            return False
    return True


pending = {"state": "Pending"}
approved = {"state": "Approved", "by": "mallory", "verified": True, "at": "2026-11-28T10:00:00Z"}
rejected = {"state": "Rejected", "by": "mallory", "reason": "no"}
cases = [
    ("agent proposes with approval Pending", AGENT, "CREATE", action(pending), None, True),
    ("agent proposes without approval", AGENT, "CREATE", action(), None, True),
    ("agent creates an approved action", AGENT, "CREATE", action(approved), None, False),
    ("agent creates {state: Approved} and nothing else", AGENT, "CREATE", action({"state": "Approved"}), None, False),
    ("agent creates a rejected action", AGENT, "CREATE", action(rejected), None, False),
    ("agent creates Pending with a decider's name", AGENT, "CREATE", action({"state": "Pending", "by": "x"}), None, False),
    ("agent approves by update", AGENT, "UPDATE", action(approved), action(pending), False),
    ("agent removes an approval", AGENT, "UPDATE", action(pending), action(approved), False),
    ("agent adds approval where there was none", AGENT, "UPDATE", action(approved), action(), False),
    ("agent updates without touching approval", AGENT, "UPDATE", action(pending), action(pending), True),
    ("watcher (kars-sre) proposes Pending", KARS, "CREATE", action(pending), None, True),
    ("watcher (kars-sre) creates an approved action", KARS, "CREATE", action(approved), None, False),
    ("writer creates an approved action", WRITER, "CREATE", action(approved), None, False),
    ("console (kars-sre) records a verified approval", KARS, "UPDATE", action(approved), action(pending), True),
    ("operator creates an approved action (not a kars-sre ServiceAccount)", HUMAN, "CREATE", action(approved), None, True),
    ("operator approves", HUMAN, "UPDATE", action(approved), action(pending), True),
    ("a same-named account in another namespace is not matched", OTHER_SA, "UPDATE", action(approved), action(pending), True),
]
failed = 0
for name, user, operation, obj, old, expected in cases:
    try:
        got = admit(user, operation, obj, old)
    except Exception as error:  # an expression that does not evaluate fails closed in the API server
        got = f"error: {error}"
    good = got == expected
    failed += not good
    print(f"{'ok  ' if good else 'FAIL'}  {name}: {'allowed' if got is True else 'denied' if got is False else got}")
print(f"approval guard: {len(cases) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)

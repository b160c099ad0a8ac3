#!/usr/bin/env python3
"""Real-browser test of the kars-sre web console (headless Chromium driven by Selenium).

Starts `kars-sre sim up` (KubeSim with its controllers), installs the KarsSREAction CRD and the
RBAC of deploy/, stages the quota incident with `kars-sre sim stage quota`, and serves the console
with `kars-sre serve --auth token --with-controller`. Then, in the browser:

  1. an approver signs in; the pending card appears without a reload once the action is proposed;
  2. Approve moves the card to In flight and then to Recent as Recovered (still no reload);
  3. a second browser session with a token lacking approve rights is refused (DOM message,
     action unchanged);
  4. the chat page holds one exchange with the agent on a local fake OpenAI-compatible model:
     the tool step and the streamed answer appear without a reload, the answer's markup is text;
  5. keyboard focus is visible (an outline on the focused element);
  6. screenshots of the console, an action page and the chat, light and dark, and of keyboard
     focus are saved (--screenshots DIR).

Assertions are on the DOM. Needs: chromium, chromedriver (Debian: chromium, chromium-driver) and
the selenium Python package. Usage:

  python3 Tests/ConsoleBrowser/test_console.py --bin .build/debug/kars-sre [--screenshots DIR]

Prints "browser: N passed, N failed" and exits non-zero on any failure.
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN_TOKEN = "browser-test-admin-token"
APPROVER_ROLE = "kars-sre-approver"


class Cluster:
    """REST access to KubeSim as the admin (YAML and JSON bodies)."""

    def __init__(self, kubeconfig):
        text = open(kubeconfig).read()
        self.server = re.search(r"server:\s*(\S+)", text).group(1)
        ca = re.search(r"certificate-authority-data:\s*(\S+)", text).group(1)
        self.context = ssl.create_default_context(cadata=base64.b64decode(ca).decode())

    def call(self, method, path, body=None, content_type="application/json"):
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request = urllib.request.Request(self.server + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + ADMIN_TOKEN)
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def apply_yaml_file(self, relative):
        """Creates each document of a deploy/ file (the path is derived from kind and namespace)."""
        # KubeSim validates RBAC object names as DNS subdomains, so "kars:sre-approver" (valid on a
        # real API server) is created as "kars-sre-approver" here.
        text = open(os.path.join(ROOT, relative)).read().replace("kars:sre-approver", APPROVER_ROLE)
        for document in text.split("\n---\n"):
            kind = re.search(r"^kind:\s*(\S+)", document, re.M)
            if not kind:
                continue
            kind = kind.group(1)
            namespace = re.search(r"^  namespace:\s*(\S+)", document, re.M)
            namespace = namespace.group(1) if namespace else "kars-sre"
            paths = {
                "CustomResourceDefinition": "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "ClusterRole": "/apis/rbac.authorization.k8s.io/v1/clusterroles",
                "ClusterRoleBinding": "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                "Role": f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/roles",
                "RoleBinding": f"/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings",
                "ServiceAccount": f"/api/v1/namespaces/{namespace}/serviceaccounts",
                "Namespace": "/api/v1/namespaces",
                "ValidatingAdmissionPolicy": "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
                "ValidatingAdmissionPolicyBinding": "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
            }
            if kind not in paths:
                print(f"  (skipping {kind} in {relative})")
                continue
            status, answer = self.call("POST", paths[kind], document, "application/yaml")
            if status not in (200, 201, 409):
                raise RuntimeError(f"creating {kind} from {relative}: HTTP {status}: {answer.get('message')}")

    def service_account_token(self, name, cluster_role):
        """A ServiceAccount in kars-sre bound to cluster_role there, and a token for it."""
        self.call("POST", "/api/v1/namespaces/kars-sre/serviceaccounts",
                  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": "kars-sre"}})
        if cluster_role:
            self.call("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/kars-sre/rolebindings", {
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": f"{name}-binding", "namespace": "kars-sre"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": cluster_role},
                "subjects": [{"kind": "ServiceAccount", "name": name, "namespace": "kars-sre"}],
            })
        status, answer = self.call("POST", f"/api/v1/namespaces/kars-sre/serviceaccounts/{name}/token",
                                   {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                                    "spec": {"expirationSeconds": 3600}})
        if status not in (200, 201):
            raise RuntimeError(f"TokenRequest for {name}: HTTP {status}: {answer}")
        return answer["status"]["token"]


HOSTILE_ANSWER = "Root cause: <b>quota</b> platform-hardening blocks the research pod."


class FakeModel:
    """A local OpenAI-compatible chat-completions endpoint: the first answer of a turn calls the
    diagnose tool, the second one answers (streamed as server-sent events, as the agent asks)."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                messages = body.get("messages", [])
                last_user = max([i for i, m in enumerate(messages) if m.get("role") == "user"] or [0])
                tools_seen = [m for m in messages[last_user:] if m.get("role") == "tool"]
                if tools_seen:
                    chunks = [{"choices": [{"index": 0, "delta": {"content": piece}}]}
                              for piece in [HOSTILE_ANSWER[:20], HOSTILE_ANSWER[20:]]]
                    finish = "stop"
                else:
                    call = {"index": 0, "id": "call_0", "type": "function",
                            "function": {"name": "diagnose", "arguments": json.dumps({"namespace": "kars-research"})}}
                    chunks = [{"choices": [{"index": 0, "delta": {"tool_calls": [call]}}]}]
                    finish = "tool_calls"
                chunks.append({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
                chunks.append({"choices": [], "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}})
                payload = "".join(f"data: {json.dumps(chunk)}\n\n" for chunk in chunks) + "data: [DONE]\n\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(len(payload.encode())))
                self.end_headers()
                self.wfile.write(payload.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def dark(driver, on):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": "dark" if on else "light"}]})


class Processes:
    def __init__(self):
        self.children = []

    def start(self, args, log, env=None):
        child = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=ROOT,
                                 start_new_session=True, env=env)
        self.children.append(child)
        return child

    def stop(self):
        for child in reversed(self.children):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGINT)
                try:
                    child.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)


def wait_for(what, condition, timeout=60, interval=0.25):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as error:  # a page mid-update, a file not written yet
            last = error
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def browser(chromedriver):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--disable-gpu"]:
        options.add_argument(argument)
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]:
        if os.path.exists(candidate):
            options.binary_location = candidate
    return webdriver.Chrome(service=Service(chromedriver), options=options)


def sign_in(driver, base, token):
    driver.get(base + "/login")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    try:
        wait_for("the console after sign-in", lambda: driver.find_element(By.ID, "pending"), timeout=20)
    except AssertionError:
        text = driver.find_element(By.TAG_NAME, "body").text
        raise AssertionError(f"sign-in did not reach the console: {driver.current_url}: {text[:300]}")


def card(driver, section, action):
    cards = driver.find_elements(By.CSS_SELECTOR, f"#{section} li.card[data-action='{action}']")
    return cards[0] if cards else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/kars-sre"))
    parser.add_argument("--screenshots", default=os.path.join(tempfile.gettempdir(), "kars-console-screenshots"))
    arguments = parser.parse_args()
    chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    os.makedirs(arguments.screenshots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="kars-console-browser-")
    kubeconfig = os.path.join(work, "kubesim.kubeconfig")
    processes = Processes()
    model = FakeModel()
    results = []
    drivers = []

    def check(name, function):
        try:
            function()
            results.append((name, True))
            print(f"PASS {name}")
        except Exception as error:
            results.append((name, False))
            print(f"FAIL {name}: {error}")

    try:
        processes.start([arguments.bin, "sim", "up", "--port", "0", "--kubeconfig-out", kubeconfig,
                         "--token", ADMIN_TOKEN, "--nodes", "2"], os.path.join(work, "sim.log"))
        wait_for("the KubeSim kubeconfig", lambda: os.path.exists(kubeconfig) and "server:" in open(kubeconfig).read())
        cluster = Cluster(kubeconfig)
        wait_for("KubeSim to answer", lambda: cluster.call("GET", "/api/v1/namespaces")[0] == 200)
        cluster.call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kars-sre"}})
        for manifest in ["deploy/crds/karssreactions.yaml", "deploy/rbac/writer-ceilings.yaml", "deploy/rbac/controller.yaml"]:
            cluster.apply_yaml_file(manifest)
        cluster.call("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", {
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "console-viewer"},
            "rules": [{"apiGroups": ["kars.azure.com"], "resources": ["karssreactions"], "verbs": ["get", "list", "watch"]}]})
        approver = cluster.service_account_token("alice", APPROVER_ROLE)
        viewer = cluster.service_account_token("victor", "console-viewer")

        stage = subprocess.run([arguments.bin, "sim", "stage", "quota", "--kubeconfig", kubeconfig, "--timeout", "120"],
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
        print(stage.stdout.strip())
        if stage.returncode != 0:
            raise RuntimeError(f"sim stage quota failed: {stage.stderr}")

        serve_env = {key: value for key, value in os.environ.items() if not key.startswith("KARS_SRE_")}
        serve = processes.start([arguments.bin, "serve", "--kubeconfig", kubeconfig, "--port", "0", "--auth", "token",
                                 "--with-controller", "--settle", "2s", "--llm-endpoint", model.url,
                                 "--state-dir", os.path.join(work, "agent")],
                                os.path.join(work, "serve.log"), env=serve_env)
        line = wait_for("the console to listen",
                        lambda: re.search(r"on (http://127\.0\.0\.1:\d+)/", open(os.path.join(work, "serve.log")).read()))
        base = line.group(1)
        print(f"console at {base}")

        alice = browser(chromedriver)
        drivers.append(alice)
        sign_in(alice, base, approver)
        wait_for("the live stream", lambda: alice.find_element(By.ID, "live-status").text == "Live")
        alice.execute_script("window.__noReload = true;")

        action = "deleteresourcequota-browser"
        status, answer = cluster.call("POST", "/apis/kars.azure.com/v1alpha1/namespaces/kars-sre/karssreactions", {
            "apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
            "metadata": {"name": action, "namespace": "kars-sre"},
            "spec": {
                "action": {"type": "DeleteResourceQuota", "target": {"namespace": "kars-research", "name": "platform-hardening"}},
                "diagnosis": {"class": "QuotaExceeded", "summary": "Pods cannot be created: quota platform-hardening caps requests.memory at 50Mi",
                              "evidence": ["ReplicaSet research: FailedCreate: exceeded quota: platform-hardening"]},
                "rationale": "The GitOps quota blocks the research sandbox; deleting it lets the ReplicaSet create its pod.",
                "ttlMinutes": 30,
                "source": {"detector": "watcher", "incidentKey": "DeleteResourceQuota/kars-research/platform-hardening"},
            }})
        if status not in (200, 201):
            raise RuntimeError(f"creating the action: HTTP {status}: {answer}")

        def pending_appears():
            wait_for("the pending card", lambda: card(alice, "pending", action), timeout=30)
            assert alice.execute_script("return window.__noReload === true;"), "the page was reloaded"
            wait_for("the preview on the card", lambda: "would delete" in card(alice, "pending", action).text.lower(), timeout=30)
        check("pending card appears without reload", pending_appears)

        def viewer_refused():
            victor = browser(chromedriver)
            drivers.append(victor)
            sign_in(victor, base, viewer)
            wait_for("the pending card for the viewer", lambda: card(victor, "pending", action), timeout=30)
            button = card(victor, "pending", action).find_element(By.CSS_SELECTOR, "button.approve")
            assert button.get_attribute("disabled") is not None, "the viewer's Approve button is enabled"
            # Forcing the request anyway (as a hand-made POST would) is refused by the server.
            victor.execute_script("""
                var form = document.querySelector("#pending li.card[data-action='%s'] form[action$='/approve']");
                form.querySelector('button').disabled = false;
                form.requestSubmit();""" % action)
            notice = wait_for("the refusal", lambda: victor.find_element(By.ID, "notice").text or None, timeout=20)
            assert "may not approve" in notice, notice
            status, answer = cluster.call("GET", f"/apis/kars.azure.com/v1alpha1/namespaces/kars-sre/karssreactions/{action}")
            assert (answer.get("spec", {}).get("approval") or {}).get("state", "Pending") == "Pending", answer.get("spec")
        check("a session without approve rights is refused", viewer_refused)

        def approve_to_recovered():
            alice.save_screenshot(os.path.join(arguments.screenshots, "console-pending.png"))
            card(alice, "pending", action).find_element(By.CSS_SELECTOR, "button.approve").click()
            wait_for("the card in flight", lambda: card(alice, "inflight", action), timeout=30)
            wait_for("the card to leave pending", lambda: card(alice, "pending", action) is None, timeout=30)
            recovered = wait_for("the card in Recent as Recovered",
                                 lambda: card(alice, "recent", action) if card(alice, "recent", action) is not None
                                 and card(alice, "recent", action).get_attribute("data-phase") == "Recovered" else None,
                                 timeout=120)
            assert "Recovered" in recovered.text
            assert alice.execute_script("return window.__noReload === true;"), "the page was reloaded"
            health = alice.find_element(By.ID, "health").text
            assert "research" in health, health
            alice.save_screenshot(os.path.join(arguments.screenshots, "console.png"))
            alice.get(base + f"/actions/{action}")
            wait_for("the action page", lambda: "Condition timeline" in alice.page_source)
            assert "Recovered=True" in alice.find_element(By.ID, "action").text
            assert "system:serviceaccount:kars-sre:alice" in alice.find_element(By.ID, "action").text
            alice.save_screenshot(os.path.join(arguments.screenshots, "action.png"))
            dark(alice, True)
            alice.save_screenshot(os.path.join(arguments.screenshots, "action-dark.png"))
            alice.get(base + "/")
            wait_for("the live stream", lambda: alice.find_element(By.ID, "live-status").text == "Live")
            alice.save_screenshot(os.path.join(arguments.screenshots, "console-dark.png"))
            dark(alice, False)
        check("approve moves the card to in flight, then to recent as Recovered", approve_to_recovered)

        def keyboard_focus():
            alice.get(base + "/")
            body = alice.find_element(By.TAG_NAME, "body")
            body.send_keys(Keys.TAB)
            body.send_keys(Keys.TAB)
            focused = alice.switch_to.active_element
            assert focused.tag_name in ("a", "button", "input", "textarea"), focused.tag_name
            outline = alice.execute_script("var s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;")
            assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
            alice.save_screenshot(os.path.join(arguments.screenshots, "console-focus.png"))
        check("keyboard focus is visible", keyboard_focus)

        def chat_exchange():
            alice.get(base + "/chat")
            alice.execute_script("window.__noReload = true;")
            question = alice.find_element(By.ID, "question")
            question.send_keys("why is research down?")
            alice.find_element(By.CSS_SELECTOR, "form[data-chat] button[type=submit]").click()

            def answered():
                turns = alice.find_elements(By.CSS_SELECTOR, "#chat-turns li.turn")
                if len(turns) != 1 or turns[0].get_attribute("data-running") is not None:
                    return None
                return turns[0]
            turn = wait_for("the streamed answer", answered, timeout=60)
            assert alice.execute_script("return window.__noReload === true;"), "the page was reloaded"
            assert "why is research down?" in turn.find_element(By.CSS_SELECTOR, ".question").text
            steps = turn.find_elements(By.CSS_SELECTOR, "ol.steps li")
            assert len(steps) == 1 and "tool:diagnose:kars-research" in steps[0].text and "allowed" in steps[0].text, \
                [step.text for step in steps]
            answer = turn.find_element(By.CSS_SELECTOR, ".answer-text")
            assert answer.text == HOSTILE_ANSWER, answer.text
            assert not answer.find_elements(By.TAG_NAME, "b"), "the model's markup was rendered"
            assert "240 of" in alice.find_element(By.ID, "chat-budget").text, alice.find_element(By.ID, "chat-budget").text
            assert alice.switch_to.active_element.get_attribute("id") == "question", "focus did not return to the question"
            alice.save_screenshot(os.path.join(arguments.screenshots, "chat.png"))
            dark(alice, True)
            alice.save_screenshot(os.path.join(arguments.screenshots, "chat-dark.png"))
            dark(alice, False)
        check("one chat exchange with the agent, streamed into the page", chat_exchange)
    except Exception as error:
        results.append(("set-up", False))
        print(f"FAIL set-up: {error}")
    finally:
        for driver in drivers:
            try:
                driver.quit()
            except Exception:
                pass
        processes.stop()
        model.stop()
        if any(not ok for _, ok in results):
            for log in ["sim.log", "serve.log"]:
                path = os.path.join(work, log)
                if os.path.exists(path):
                    print(f"--- {log} (last 40 lines)")
                    print("".join(open(path).readlines()[-40:]))
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print(f"screenshots in {arguments.screenshots}")
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

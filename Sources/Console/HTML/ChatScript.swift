/// The chat page's script, served as /static/chat.js: posts the question with `fetch`, reads the
/// answer as server-sent events from the response (tool steps as they run, text as it streams)
/// and swaps in the server-rendered turn when it ends. Everything it inserts is either text
/// (`textContent`) or HTML the server rendered and escaped. Without it the form posts and the
/// page reloads with the answer.
enum ChatScript {
    static let js = """
        (function () {
          "use strict";
          var form = document.querySelector("form[data-chat]");
          if (!form || !window.fetch || !window.TextDecoder || !window.ReadableStream) return;
          var turns = document.getElementById("chat-turns");
          var budget = document.getElementById("chat-budget");
          var status = document.getElementById("chat-status");
          var textarea = form.querySelector("textarea");
          var button = form.querySelector("button[type=submit]");
          var meta = document.querySelector('meta[name="csrf-token"]');
          var csrf = meta ? meta.getAttribute("content") : "";
          function el(tag, cls, text) {
            var node = document.createElement(tag);
            if (cls) node.className = cls;
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function fragment(html) {
            var holder = document.createElement("ol");
            holder.innerHTML = html;
            return holder.firstElementChild;
          }
          textarea.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              if (form.requestSubmit) form.requestSubmit(); else form.submit();
            }
          });
          form.addEventListener("submit", function (event) {
            if (button.disabled) { event.preventDefault(); return; }
            var question = textarea.value.trim();
            if (!question) return;
            event.preventDefault();
            var data = new URLSearchParams(new FormData(form));
            var turn = el("li", "turn");
            turn.setAttribute("data-running", "");
            var asked = el("div", "question");
            asked.appendChild(el("span", "speaker", "You"));
            asked.appendChild(el("p", "", question));
            turn.appendChild(asked);
            var steps = el("ol", "steps");
            steps.setAttribute("aria-label", "Tool calls");
            turn.appendChild(steps);
            var answer = el("div", "answer");
            answer.appendChild(el("span", "speaker", "kars-sre"));
            var text = el("div", "answer-text", "");
            answer.appendChild(text);
            turn.appendChild(answer);
            turns.appendChild(turn);
            var empty = document.getElementById("chat-empty");
            if (empty) empty.parentNode.removeChild(empty);
            textarea.value = "";
            button.disabled = true;
            status.textContent = "The agent is working…";
            function handle(block) {
              var name = "message", lines = [];
              block.split("\\n").forEach(function (line) {
                if (line.indexOf("event: ") === 0) name = line.slice(7);
                else if (line.indexOf("data: ") === 0) lines.push(line.slice(6));
              });
              if (!lines.length) return;
              var payload = JSON.parse(lines.join("\\n"));
              if (name === "text") {
                text.textContent += payload;
              } else if (name === "step") {
                var step = fragment(payload.html);
                if (step) steps.appendChild(step);
                status.textContent = "The agent called " + payload.action;
              } else if (name === "done") {
                var fresh = fragment(payload.html);
                if (fresh) { turns.replaceChild(fresh, turn); turn = fresh; }
                if (budget && payload.budget) budget.innerHTML = payload.budget;
              }
            }
            fetch(form.getAttribute("action"), {
              method: "POST", body: data, credentials: "same-origin",
              headers: { "Accept": "text/event-stream", "X-CSRF-Token": csrf }
            }).then(function (response) {
              if (!response.ok || !response.body) {
                return response.text().then(function (body) {
                  var message = "";
                  try { message = JSON.parse(body).message; } catch (ignored) { message = body; }
                  throw new Error(message || ("the console answered HTTP " + response.status));
                });
              }
              var reader = response.body.getReader();
              var decoder = new TextDecoder();
              var buffer = "";
              function pump() {
                return reader.read().then(function (chunk) {
                  if (chunk.done) return;
                  buffer += decoder.decode(chunk.value, { stream: true });
                  var end;
                  while ((end = buffer.indexOf("\\n\\n")) >= 0) {
                    handle(buffer.slice(0, end));
                    buffer = buffer.slice(end + 2);
                  }
                  return pump();
                });
              }
              return pump();
            }).then(function () {
              status.textContent = "Answered.";
            }, function (error) {
              turn.classList.add("failed");
              turn.removeAttribute("data-running");
              var problem = el("p", "flash bad", error.message || "The console did not answer.");
              problem.setAttribute("role", "alert");
              answer.appendChild(problem);
              status.textContent = "Not answered.";
            }).then(function () {
              button.disabled = false;
              textarea.focus();
            });
          });
        })();
        """
}

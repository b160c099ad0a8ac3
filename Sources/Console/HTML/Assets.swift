/// The stylesheet and the live-update script, served from /static. The page works without the
/// script (forms post and redirect); with it, sections update from server-sent events and the
/// decision forms submit without leaving the page.
enum Assets {
    static let css = """
        :root { color-scheme: light dark; --bg:#f7f7f8; --fg:#1b1c1f; --panel:#fff; --line:#d9dade; --muted:#5d6068;
          --accent:#0a5bd3; --ok:#137333; --bad:#b3261e; --warn:#8a5a00; --focus:#0a5bd3; }
        @media (prefers-color-scheme: dark) { :root { --bg:#121317; --fg:#e6e6e9; --panel:#1c1d22; --line:#34363d;
          --muted:#a4a7b0; --accent:#8ab4f8; --ok:#81c995; --bad:#f28b82; --warn:#fdd663; --focus:#8ab4f8; } }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--fg); }
        a { color:var(--accent); }
        :focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
        .skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:var(--panel); padding:6px; z-index:9; }
        header.top { display:flex; gap:18px; align-items:center; padding:10px 20px; border-bottom:1px solid var(--line); background:var(--panel); flex-wrap:wrap; }
        .brand { font-weight:700; letter-spacing:.3px; }
        nav a { margin-right:12px; text-decoration:none; } nav a[aria-current] { font-weight:700; text-decoration:underline; }
        .live { color:var(--muted); font-size:13px; } .who { margin-left:auto; font-size:13px; }
        main { padding:16px 20px; max-width:1400px; margin:0 auto; }
        .grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(380px, 1fr)); gap:16px; }
        .panel { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px 16px; }
        .panel-pending { border-left:4px solid var(--warn); }
        h1 { font-size:22px; } h2 { font-size:17px; margin:4px 0 10px; } h3 { font-size:15px; }
        .cards, .incidents, .evidence, .timeline { list-style:none; margin:0; padding:0; }
        .card { border:1px solid var(--line); border-radius:6px; padding:10px; margin-bottom:10px; }
        .card-head { display:flex; gap:8px; align-items:baseline; flex-wrap:wrap; }
        .target { font-family:ui-monospace, Menlo, Consolas, monospace; font-size:13px; margin:4px 0; overflow-wrap:anywhere; }
        .summary, .preview, .message { margin:4px 0; overflow-wrap:anywhere; }
        .label { font-weight:600; margin-right:4px; }
        .muted, .empty { color:var(--muted); } .empty { font-style:italic; }
        .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; border:1px solid var(--line); }
        .badge.ok, .phase-recovered { color:var(--ok); border-color:var(--ok); }
        .badge.bad, .phase-failed { color:var(--bad); border-color:var(--bad); }
        .phase-proposed, .phase-approved, .phase-applied { color:var(--warn); border-color:var(--warn); }
        .overall.ok strong { color:var(--ok); } .overall.bad strong { color:var(--bad); }
        .decide { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin-top:8px; }
        .inline { display:inline; } form.reject { display:flex; gap:6px; align-items:center; }
        input { font:inherit; padding:5px 8px; border:1px solid var(--line); border-radius:5px; background:var(--bg); color:var(--fg); }
        button { font:inherit; padding:5px 14px; border-radius:5px; border:1px solid var(--line); background:var(--panel); color:var(--fg); cursor:pointer; }
        button.approve { background:var(--ok); color:#fff; border-color:var(--ok); }
        @media (prefers-color-scheme: dark) { button.approve { color:#10141a; } }
        button.rejectb { border-color:var(--bad); color:var(--bad); }
        button[disabled] { opacity:.5; cursor:not-allowed; }
        button.link { border:none; background:none; color:var(--accent); padding:0; text-decoration:underline; }
        table { border-collapse:collapse; width:100%; margin:8px 0; font-size:13.5px; }
        caption { text-align:left; font-weight:600; padding:4px 0; }
        th, td { text-align:left; padding:4px 5px; border-bottom:1px solid var(--line); vertical-align:top; }
        .incidents li { padding:6px 0; border-bottom:1px solid var(--line); }
        .event-message { font-family:ui-monospace, Menlo, Consolas, monospace; font-size:12.5px; color:var(--muted); overflow-wrap:anywhere; white-space:pre-wrap; }
        dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 14px; }
        dt { font-weight:600; } dd { margin:0; overflow-wrap:anywhere; }
        .timeline li { padding:4px 0; }
        .flash, .notice { padding:8px 12px; border-radius:6px; border:1px solid var(--line); background:var(--panel); }
        .flash.bad, .notice.bad { border-color:var(--bad); color:var(--bad); }
        pre { background:var(--bg); border:1px solid var(--line); padding:10px; overflow:auto; }
        code { font-family:ui-monospace, Menlo, Consolas, monospace; font-size:.92em; overflow-wrap:anywhere; }
        .foot { color:var(--muted); font-size:12px; text-align:center; padding:20px; }
        .flash, .notice { margin:0 0 14px; }
        .badge { white-space:nowrap; }
        td code, th code { overflow-wrap:normal; }
        .chat-layout { display:grid; grid-template-columns:minmax(0, 3fr) minmax(260px, 1fr); gap:16px; align-items:start; }
        @media (max-width: 900px) { .chat-layout { grid-template-columns:1fr; } }
        .turns { list-style:none; margin:0; padding:0; }
        .turn { border-bottom:1px solid var(--line); padding:10px 0; }
        .turn.failed { border-left:3px solid var(--bad); padding-left:10px; }
        .speaker { display:block; font-size:12px; font-weight:700; color:var(--muted); text-transform:uppercase; letter-spacing:.4px; }
        .question p { margin:2px 0 8px; white-space:pre-wrap; overflow-wrap:anywhere; }
        .steps { list-style:none; margin:0 0 8px; padding:0 0 0 10px; border-left:2px solid var(--line); font-size:13.5px; }
        .steps li { padding:2px 0; overflow-wrap:anywhere; }
        .answer-text { white-space:pre-wrap; overflow-wrap:anywhere; margin:2px 0; }
        .turn-meta { font-size:12.5px; margin:6px 0 0; }
        form.ask { display:grid; gap:6px; margin-top:12px; }
        form.ask label { font-weight:600; }
        textarea { font:inherit; padding:8px; border:1px solid var(--line); border-radius:5px; background:var(--bg); color:var(--fg); resize:vertical; width:100%; }
        .ask-actions { display:flex; gap:12px; align-items:center; flex-wrap:wrap; font-size:13px; }
        button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
        @media (prefers-color-scheme: dark) { button.primary { color:#10141a; } }
        form.reset { margin-top:8px; }
        .tools { padding-left:18px; margin:4px 0; } .tools li { padding:1px 0; }
        .budget.bad { color:var(--bad); }
        ::placeholder { color:var(--muted); opacity:1; }
        """

    static let js = """
        (function () {
          "use strict";
          var body = document.body;
          var stream = body.getAttribute("data-stream");
          var status = document.getElementById("live-status");
          var notice = document.getElementById("notice");
          var meta = document.querySelector('meta[name="csrf-token"]');
          var csrf = meta ? meta.getAttribute("content") : "";
          var deferred = {};
          function show(text, bad) {
            if (!notice) return;
            notice.textContent = text;
            notice.className = bad ? "notice bad" : "notice";
            notice.hidden = false;
          }
          function busy(el) {
            var a = document.activeElement;
            return a && el.contains(a) && (a.tagName === "INPUT" || a.tagName === "TEXTAREA") && a.value !== "";
          }
          function apply(id, html) {
            var el = document.getElementById(id);
            if (!el || !el.hasAttribute("data-live")) return;
            if (busy(el)) { deferred[id] = html; return; }
            delete deferred[id];
            el.innerHTML = html;
          }
          document.addEventListener("focusout", function () {
            setTimeout(function () { for (var id in deferred) apply(id, deferred[id]); }, 0);
          });
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!form.hasAttribute || !form.hasAttribute("data-decision") || !window.fetch) return;
            event.preventDefault();
            var data = new URLSearchParams(new FormData(form));
            var buttons = form.querySelectorAll("button");
            buttons.forEach(function (b) { b.disabled = true; });
            fetch(form.getAttribute("action"), {
              method: "POST", body: data, credentials: "same-origin",
              headers: { "Accept": "application/json", "X-CSRF-Token": csrf }
            }).then(function (response) {
              return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
            }).then(function (result) {
              show(result.answer.message || (result.ok ? "Done." : "Refused."), !result.ok);
              if (!result.ok) buttons.forEach(function (b) { b.disabled = false; });
            }).catch(function () {
              show("The console did not answer; nothing was changed by this page.", true);
              buttons.forEach(function (b) { b.disabled = false; });
            });
          });
          if (!stream || !window.EventSource) return;
          var source = new EventSource(stream);
          source.addEventListener("sections", function (event) {
            var sections = JSON.parse(event.data);
            for (var id in sections) apply(id, sections[id]);
            if (status) status.textContent = "Live";
          });
          source.addEventListener("open", function () { if (status) status.textContent = "Live"; });
          source.addEventListener("error", function () { if (status) status.textContent = "Reconnecting…"; });
        })();
        """
}

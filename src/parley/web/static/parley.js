// Parley's pages work without this script; it draws the Plotly charts and shows upload progress.
(function () {
  "use strict";

  function drawFigures() {
    if (!window.Plotly) return;
    document.querySelectorAll("script.plotly-figure").forEach(function (node) {
      var target = document.getElementById(node.dataset.target);
      if (!target) return;
      var fig = JSON.parse(node.textContent);
      window.Plotly.newPlot(target, fig.data, fig.layout || {}, { responsive: true, displaylogo: false });
    });
  }

  function text(el, value) { el.textContent = value; }

  function listResult(job) {
    var box = document.getElementById("results");
    box.replaceChildren();
    var h = document.createElement("h2");
    text(h, "Stored " + job.stored + " document" + (job.stored === 1 ? "" : "s"));
    box.appendChild(h);
    var ul = document.createElement("ul");
    ul.className = "docs";
    job.documents.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/documents/" + encodeURIComponent(d.id);
      text(a, d.title || d.path || d.id);
      var meta = document.createElement("span");
      meta.className = "meta";
      text(meta, " " + d.n_events + " events · " + d.n_actors + " actors · " + d.n_quotes + " quotes");
      li.append(a, meta);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (job.errors.length) {
      var errs = document.createElement("ul");
      errs.className = "errors";
      job.errors.forEach(function (e) {
        var li = document.createElement("li");
        text(li, (e.path || "") + ": [" + e.code + "] " + e.message);
        errs.appendChild(li);
      });
      box.appendChild(errs);
    }
  }

  function poll(id, status, progress) {
    fetch("/api/jobs/" + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (job) {
      progress.max = Math.max(job.total, 1);
      progress.value = job.done;
      text(status, "Analysed " + job.done + " of " + job.total + (job.status === "done" ? " — done" : "…"));
      if (job.documents.length || job.errors.length) listResult(job);
      if (job.status === "failed") { text(status, job.message || "failed"); return; }
      if (job.status !== "done") setTimeout(function () { poll(id, status, progress); }, 400);
    });
  }

  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var drop = document.getElementById("drop");
    var status = document.getElementById("status");
    var progress = document.getElementById("progress");
    var dropped = [];
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      dropped = Array.prototype.slice.call(e.dataTransfer.files);
      text(status, dropped.length + " file(s) ready: " + dropped.map(function (f) { return f.name; }).join(", "));
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = new FormData(form);
      dropped.forEach(function (f) { data.append("files", f, f.name); });
      var size = 0;
      data.forEach(function (v) { size += (v && v.size) || String(v).length; });
      if (size > Number(form.dataset.max)) {
        text(status, "This upload is " + size + " bytes, over the limit of " + form.dataset.max + " (E602).");
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/jobs");
      progress.hidden = false;
      progress.max = 100;
      progress.value = 0;
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) {
          progress.value = Math.round(100 * ev.loaded / ev.total);
          text(status, "Uploading " + progress.value + "%");
        }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = { message: xhr.statusText }; }
        if (xhr.status >= 400) { text(status, body.message || ("Error " + xhr.status)); return; }
        text(status, "Uploaded; analysing…");
        progress.value = 0;
        poll(body.id, status, progress);
      };
      xhr.onerror = function () { text(status, "The upload failed: is the server still running?"); };
      xhr.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawFigures(); setupUpload(); });
})();

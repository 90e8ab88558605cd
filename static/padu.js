// Padu: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // An error summary takes the focus, so screen-reader and keyboard users hear it first.
  function focusSummary(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
    }
  }

  // A link in the error summary scrolls the field's label into view, not just the input, so
  // the question stays visible above the field.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a") : null;
    if (!link) {
      return;
    }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var input = document.getElementById(id);
    if (!input) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + id.replace(/'/g, "") + "']");
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(document);
  });

  // Downloads that take a moment (the PDF report) show their progress: the file is fetched
  // here, the bytes received are announced in the page's live region, then it is saved. Without
  // this file the link is an ordinary download.
  function say(region, text) {
    if (region) {
      region.textContent = text;
    }
  }

  function template(region, key, values) {
    var text = (region && region.getAttribute("data-" + key)) || "";
    Object.keys(values).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-unduh]") : null;
    if (!link || !window.fetch || !window.URL || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    var region = document.querySelector("[data-kemajuan]");
    var name = link.textContent.trim();
    if (link.getAttribute("aria-busy") === "true") {
      return;
    }
    link.setAttribute("aria-busy", "true");
    say(region, template(region, "menyiapkan", { berkas: name }));
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.body) {
          throw new Error(String(response.status));
        }
        var fileName = "";
        var disposition = response.headers.get("Content-Disposition") || "";
        var match = /filename="([^"]+)"/.exec(disposition);
        if (match) {
          fileName = match[1];
        }
        var reader = response.body.getReader();
        var chunks = [];
        var received = 0;
        function pump() {
          return reader.read().then(function (step) {
            if (step.done) {
              return { blob: new Blob(chunks, { type: response.headers.get("Content-Type") || "" }), fileName: fileName };
            }
            chunks.push(step.value);
            received += step.value.length;
            say(region, template(region, "diterima", { berkas: name, kb: Math.round(received / 1024) }));
            return pump();
          });
        }
        return pump();
      })
      .then(function (done) {
        var url = URL.createObjectURL(done.blob);
        var a = document.createElement("a");
        a.href = url;
        a.download = done.fileName || "";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        say(region, template(region, "selesai", { berkas: name }));
      })
      .catch(function () {
        say(region, template(region, "gagal", { berkas: name }));
      })
      .then(function () {
        link.removeAttribute("aria-busy");
      });
  });

  // Import forms announce the upload's progress, then that the file is being checked; the
  // answer (the preview) replaces the page as a normal form post would.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-unggah") || !window.XMLHttpRequest || !window.FormData) {
      return;
    }
    var region = document.querySelector("[data-kemajuan]");
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        say(region, template(region, "mengunggah", { persen: Math.round((e.loaded * 100) / e.total) }));
      }
    });
    xhr.upload.addEventListener("load", function () {
      say(region, template(region, "memeriksa", {}));
    });
    xhr.addEventListener("load", function () {
      var url = xhr.responseURL || form.action;
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (window.history && url !== window.location.href) {
        window.history.replaceState(null, "", url);
      }
    });
    xhr.addEventListener("error", function () {
      if (button) {
        button.disabled = false;
      }
      form.submit();
    });
    xhr.send(new FormData(form));
  });

  // After htmx swaps in new results, a summary in them is announced the same way.
  document.addEventListener("htmx:afterSwap", function () {
    focusSummary(document);
  });
})();

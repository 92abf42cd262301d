/* The comment form, enhanced: toolbar (Bold, Italic, Underline, Quote; Ctrl+B/I/U), live preview,
   captcha "New code" without reloading. Without this script the form still works: tags can be typed
   and "New code" posts the form back with the reader's text kept. */
(function () {
  "use strict";

  function wrap(textarea, tag) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, open = "[" + tag + "]", close = "[/" + tag + "]";
    textarea.value = value.slice(0, start) + open + value.slice(start, end) + close + value.slice(end);
    // Keep the wrapped words selected, so a second button can wrap them again.
    textarea.focus();
    textarea.setSelectionRange(start + open.length, end + open.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function setUpToolbar(form) {
    var toolbar = form.querySelector("[data-markup-toolbar]");
    var textarea = form.querySelector("textarea[name=body]");
    if (!toolbar || !textarea) return;
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tag]");
      if (button) wrap(textarea, button.dataset.tag);
    });
    var shortcuts = { b: "b", i: "i", u: "u" };
    textarea.addEventListener("keydown", function (event) {
      var key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && shortcuts[key]) {
        event.preventDefault();
        wrap(textarea, shortcuts[key]);
      }
    });
  }

  /* The preview is built as nodes from the rendered HTML's allowed elements and attributes (the server's
     list, sent with each preview), never assigned as markup to the page: the HTML is parsed inside a
     <template>, whose content is inert (nothing in it runs or loads), and only text, the allowed tags
     and http(s) links are copied out. */
  function copyAllowed(source, target, allowed) {
    source.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      var tag = node.tagName.toLowerCase();
      if (allowed.tags.indexOf(tag) === -1) {
        copyAllowed(node, target, allowed);  // an element we do not build: keep its text
        return;
      }
      var copy = document.createElement(tag);
      (allowed.attributes[tag] || []).forEach(function (name) {
        var value = node.getAttribute(name);
        if (value === null) return;
        if (name === "href") {
          var scheme = value.split(":")[0].toLowerCase();
          if (value.indexOf(":") === -1 || allowed.schemes.indexOf(scheme) === -1) return;
        }
        copy.setAttribute(name, value);
      });
      copyAllowed(node, copy, allowed);
      target.appendChild(copy);
    });
  }

  function showPreview(target, reply) {
    var inert = document.createElement("template");
    inert.innerHTML = reply.html || "";
    target.replaceChildren();
    if (reply.allowed) copyAllowed(inert.content, target, reply.allowed);
  }

  function setUpPreview(form) {
    var box = form.querySelector("[data-comment-preview]");
    var target = form.querySelector("[data-preview-body]");
    var textarea = form.querySelector("textarea[name=body]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!box || !textarea || !token || !window.fetch) return;
    var timer = null, sent = 0;
    function refresh() {
      var mine = ++sent;
      var data = new FormData();
      data.append("body", textarea.value);
      fetch(form.dataset.previewUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (reply) {
          if (!reply || mine !== sent) return;
          // The server renders and sanitises exactly as it does when the comment is saved.
          showPreview(target, reply);
          box.hidden = !textarea.value.trim();
        }).catch(function () { box.hidden = true; });
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    if (textarea.value.trim()) refresh();
  }

  function setUpCaptcha(form) {
    var button = form.querySelector("[data-captcha-refresh]");
    if (!button || !window.fetch) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var status = form.querySelector("[data-captcha-status]");
      fetch(button.dataset.captchaRefresh, { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 429) {  // too many new codes from this address: say so, keep the current one
            return response.json().then(function (refusal) {
              if (status) status.textContent = refusal.detail;
              return null;
            });
          }
          if (!response.ok) throw new Error("refresh failed");
          return response.json();
        })
        .then(function (fresh) {
          if (!fresh) return;
          if (status) status.textContent = "";
          form.querySelector("[data-captcha-image]").src = fresh.image_url;
          form.querySelector("input[name=captcha_0]").value = fresh.key;
          var answer = form.querySelector("input[name=captcha_1]");
          answer.value = "";
          var audio = form.querySelector("[data-captcha-audio]");
          if (audio && fresh.audio_url) audio.href = fresh.audio_url;
          answer.focus();
        })
        .catch(function () { form.requestSubmit(button); });
    });
  }

  document.querySelectorAll("form[data-comment-form]").forEach(function (form) {
    setUpToolbar(form);
    setUpPreview(form);
    setUpCaptcha(form);
  });
})();

/* The comment form, enhanced: toolbar (Bold, Italic, Underline, Quote; Ctrl+B/I/U), live preview,
   captcha "New code" without reloading; "Recommend" without leaving the page; and "3 new comments — show"
   while the page is open. Without this script the form still works: tags can be typed, "New code" posts
   the form back with the reader's text kept, and "Recommend" opens a page of its own. */
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

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* The cards are the same for every reader (they are cached): the count comes from the answer. */
  function setUpRecommend(section) {
    if (!window.fetch) return;
    section.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-recommend]");
      if (!link || !csrfToken()) return;
      event.preventDefault();
      var withdraw = link.getAttribute("aria-pressed") === "true";
      var data = new FormData();
      data.append("action", withdraw ? "withdraw" : "recommend");
      fetch(link.dataset.recommend, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        return response.json().then(function (reply) { return { ok: response.ok, reply: reply }; });
      }).then(function (answer) {
        var count = link.parentNode.querySelector("[data-recommend-count]");
        if (!answer.ok) {
          if (count) count.textContent = answer.reply.detail || "Not counted.";
          return;
        }
        link.setAttribute("aria-pressed", answer.reply.recommended ? "true" : "false");
        link.firstChild.nodeValue = answer.reply.recommended ? "Recommended" : "Recommend";
        if (count) count.textContent = answer.reply.count ? answer.reply.count + " recommended" : "";
      }).catch(function () { window.location.href = link.href; });
    });
  }

  /* Polls only while the tab is visible; the ETag makes each unchanged answer a 304 the browser serves from
     its cache (fetch's "no-cache" revalidates every time). */
  function setUpLive(section) {
    var url = section.dataset.liveUrl, seconds = parseInt(section.dataset.livePoll, 10);
    var known = parseInt(section.dataset.commentCount, 10);
    var banner = section.querySelector("[data-live-banner]");
    if (!url || !seconds || !banner || !window.fetch) return;
    var timer = null;
    function poll() {
      fetch(url, { cache: "no-cache", credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (reply) {
          if (!reply) return;
          var fresh = reply.count - known;
          banner.hidden = fresh <= 0;
          if (fresh > 0) {
            banner.querySelector("[data-live-text]").textContent =
              fresh + (fresh === 1 ? " new comment" : " new comments");
          }
        }).catch(function () {});
    }
    function start() { if (!timer) timer = setInterval(poll, seconds * 1000); }
    function stop() { clearInterval(timer); timer = null; }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") { poll(); start(); } else { stop(); }
    });
    if (document.visibilityState === "visible") start();
    banner.querySelector("[data-live-show]").addEventListener("click", function () {
      var target = section.dataset.newestUrl;
      if (window.location.pathname + window.location.search === target) window.location.reload();
      else window.location.assign(target + "#comments");
    });
  }

  document.querySelectorAll("form[data-comment-form]").forEach(function (form) {
    setUpToolbar(form);
    setUpPreview(form);
    setUpCaptcha(form);
  });
  document.querySelectorAll("section.comments").forEach(function (section) {
    setUpRecommend(section);
    setUpLive(section);
  });
})();

/* Quiz autosave. Without this file the page works with its Save buttons; with it, every answer is
   sent as soon as it changes. Unsent answers wait in localStorage (a dropped connection, a closed
   tab, an expired session lose nothing) and are sent again when the connection comes back. An answer
   the server refuses stays in its field and in the queue, marked with the reason, and waits for the
   learner to change it; the other answers are sent on. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.localStorage) { return; }
  var storeKey = "elearn-pending-" + form.dataset.attempt;
  var tokenField = form.querySelector("input[name=csrf_token]");
  var token = tokenField.value;
  var banner = document.getElementById("save-banner");
  var counter = document.getElementById("answered-count");
  var pending = readPending();
  var held = {};  /* item -> the server's reason: refused, not sent again until the learner changes it */
  var sending = false, retryDelay = 2000, retryTimer = null, typingTimer = null, tokenRenewed = false;

  function readPending() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function writePending() {
    if (Object.keys(pending).length) { localStorage.setItem(storeKey, JSON.stringify(pending)); }
    else { localStorage.removeItem(storeKey); }
  }
  function fieldsOf(item) { return form.querySelectorAll("[name='q" + item + "']"); }
  function valuesOf(item) {
    var values = [];
    fieldsOf(item).forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
      values.push(field.value);
    });
    return values;
  }
  function isAnswered(item) {
    /* As the server counts: something chosen or typed. A blank is no answer, and so is a list left
       at its first entry, the "choose" prompt every partial's list starts with. */
    return Array.prototype.some.call(fieldsOf(item), function (field) {
      if (field.type === "radio" || field.type === "checkbox") { return field.checked; }
      if (field.tagName === "SELECT") { return field.selectedIndex > 0; }
      return field.value.trim() !== "";
    });
  }
  function answeredOnPage() {
    var count = 0;
    form.querySelectorAll("[data-item]").forEach(function (box) { if (isAnswered(box.dataset.item)) { count += 1; } });
    return count;
  }
  /* The server counted every question; those on other pages (one per page) do not change here. */
  var answeredElsewhere = counter ? Number(counter.dataset.answered) - answeredOnPage() : 0;
  function updateCount() {
    if (counter) { counter.textContent = counter.dataset.template.replace("{answered}", answeredElsewhere + answeredOnPage()); }
  }
  function itemOf(element) {
    var box = element.closest("[data-item]");
    return box ? box.dataset.item : null;
  }
  function show(item, message, kind) {
    var line = document.getElementById("state-" + item);
    if (line) { line.textContent = message; line.dataset.state = kind; }
  }
  function explain(message) {
    /* One fixed bar for the long explanation, so the questions never move under a finger. */
    banner.textContent = message || "";
    banner.hidden = !message;
  }
  function showAll(items, kind) {
    var name = kind[0].toUpperCase() + kind.slice(1);
    items.forEach(function (item) { show(item, form.dataset["msg" + name], kind); });
    if (kind !== "saving") { explain(form.dataset["explain" + name]); }
  }

  function restorePending() {
    /* Answers given offline (perhaps before signing in again) go back into the fields. */
    Object.keys(pending).forEach(function (item) {
      var values = pending[item];
      fieldsOf(item).forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") { field.checked = values.indexOf(field.value) >= 0; }
        else if (field.tagName === "SELECT") {
          var saved = Array.prototype.filter.call(field.options, function (o) { return values.indexOf(o.value) >= 0; })[0];
          if (saved !== undefined) { field.value = saved.value; }
        } else { field.value = values[0] || ""; }
      });
      show(item, form.dataset.msgOffline, "offline");
    });
    if (Object.keys(pending).length) { explain(form.dataset.explainOffline); }
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; send(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function hold(item, reason) {
    held[item] = reason;
    show(item, reason, "refused");
  }

  function settle(items, sent, data) {
    /* Per item: saved ones leave the queue (unless changed meanwhile), refused ones are held with
       their reason, and any the server did not report on stay queued and are sent again. */
    var saved = data.saved || [], refused = data.refused || {};
    items.forEach(function (item) {
      if (JSON.stringify(pending[item]) !== sent[item]) { return; }  /* changed meanwhile: send the new one */
      if (refused[item]) { hold(item, refused[item]); }
      else if (saved.indexOf(Number(item)) >= 0) {
        delete pending[item];
        show(item, form.dataset.msgSaved, "saved");
      }
    });
    writePending();
  }

  function send() {
    var items = Object.keys(pending).filter(function (item) { return !held[item]; });
    if (!items.length || sending) { return; }
    sending = true;
    var sent = {}, body = new URLSearchParams();
    body.append("csrf_token", token);
    items.forEach(function (item) {
      sent[item] = JSON.stringify(pending[item]);
      body.append("items", item);
      pending[item].forEach(function (value) { body.append("q" + item, value); });
    });
    showAll(items, "saving");
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
                                   function () { return { status: response.status, data: {} }; });
    }).then(function (result) {
      sending = false;
      if (result.status === 200 || (result.status === 422 && result.data.refused)) {
        settle(items, sent, result.data);
        explain(result.data.error || "");
        retryDelay = 2000;
        tokenRenewed = false;
        send();
      } else if (result.status === 409 && result.data.redirect) {
        localStorage.removeItem(storeKey);
        window.location.assign(result.data.redirect);
      } else if (result.status === 422) {  /* the whole batch was not understood: hold it all, lose nothing */
        var reasons = {};
        items.forEach(function (item) { reasons[item] = result.data.error || form.dataset.msgRefused; });
        settle(items, sent, { refused: reasons });
        explain(result.data.error);
      } else if (result.status === 400 && result.data.csrf_token && !tokenRenewed) {
        /* Signed in again elsewhere: the server sent this session's token; take it and retry once. */
        tokenRenewed = true;
        token = tokenField.value = result.data.csrf_token;
        send();
      } else {
        showAll(items, result.status === 401 || result.status === 400 ? "session" : "offline");
        scheduleRetry();
      }
    }, function () {
      sending = false;
      showAll(items, "offline");
      scheduleRetry();
    });
  }

  function remember(element, immediately) {
    var item = itemOf(element);
    if (!item) { return; }
    pending[item] = valuesOf(item);
    delete held[item];
    writePending();
    updateCount();
    clearTimeout(typingTimer);
    if (immediately) { send(); } else { typingTimer = setTimeout(send, 800); }
  }

  form.addEventListener("change", function (event) { remember(event.target, true); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" || event.target.tagName === "TEXTAREA") { remember(event.target, false); }
  });
  form.addEventListener("submit", function () { localStorage.removeItem(storeKey); });
  window.addEventListener("online", function () { retryDelay = 2000; send(); });

  var clock = document.querySelector("[data-deadline]");
  if (clock) {
    var deadline = Date.parse(clock.dataset.deadline);
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      clock.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (left > 0) { setTimeout(tick, 1000); }
    };
    clock.setAttribute("aria-label", clock.textContent);
    tick();
  }

  restorePending();
  updateCount();
  send();
}());

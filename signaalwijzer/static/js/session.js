// The session timeout warning and the drafts of long texts (decision 46, docs/accessibility.md).
//
// Warning: the page says how many seconds its session has left (data-expires-in on #session-dialog, from the
// server). Shortly before the warning is due, the script asks the server again (GET, which does not count as
// activity): another tab may have kept the session going. Only when the server confirms that the end is near
// does the dialog open, with "Stay logged in" (a POST that counts as activity) and "Log out now". When the
// time is up (the server says so, or cannot be reached after the end), the page hides its content and says
// that the user was logged out, with a link to log in again that comes back to this page.
//
// Drafts: the text of every textarea of a form on a signed-in page is kept in sessionStorage while typing
// (this tab only; gone when the tab closes), keyed by the form's address (ids only) and the field's name,
// marked with a keyed hash of the user (data-draft-owner), never sent anywhere. Coming back to the form, the
// page offers the text; it goes into the form only when the user chooses "Put the text back". Drafts are
// removed when the form was accepted (the next page is a signed-in page at another address), when the user
// logs out (in any tab), when they belong to another user, and after data-draft-max-age seconds.
(function () {
  "use strict";

  var DRAFT_PREFIX = "signaalwijzer.draft:";
  var SUBMITTED_KEY = "signaalwijzer.draft-submitted";
  // A submission counts only for the page that follows it soon after.
  var SUBMITTED_MAX_AGE_MS = 5 * 60 * 1000;
  var SAVE_DELAY_MS = 400;
  // Timers in background tabs are slowed down; check at least this often.
  var MAX_TIMER_MS = 15 * 1000;
  var RETRY_MS = 15 * 1000;

  var store = null;
  try {
    store = window.sessionStorage;
  } catch (error) {
    store = null; // storage switched off: no drafts, the warning still works
  }

  var dialog = document.getElementById("session-dialog");
  var signedIn = dialog !== null;
  var owner = signedIn ? dialog.getAttribute("data-draft-owner") : null;
  var draftMaxAgeMs = signedIn ? parseInt(dialog.getAttribute("data-draft-max-age"), 10) * 1000 : 0;

  // ---- Drafts in sessionStorage -------------------------------------------------------------------

  function pathOf(url) {
    return new URL(url, window.location.href).pathname;
  }

  function draftKey(path, name) {
    return DRAFT_PREFIX + path + "#" + name;
  }

  function draftKeys(prefix) {
    var keys = [];
    if (!store) return keys;
    for (var i = 0; i < store.length; i += 1) {
      var key = store.key(i);
      if (key && key.indexOf(prefix || DRAFT_PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  function removeKeys(keys) {
    keys.forEach(function (key) {
      store.removeItem(key);
    });
  }

  function clearAllDrafts() {
    if (!store) return;
    removeKeys(draftKeys());
    store.removeItem(SUBMITTED_KEY);
  }

  function readDraft(key) {
    var draft = null;
    try {
      draft = JSON.parse(store.getItem(key));
    } catch (error) {
      draft = null;
    }
    var valid =
      draft !== null &&
      typeof draft === "object" &&
      typeof draft.text === "string" &&
      typeof draft.savedAt === "number" &&
      draft.owner === owner &&
      Date.now() - draft.savedAt <= draftMaxAgeMs;
    if (!valid) {
      store.removeItem(key); // another user's, too old, or not ours
      return null;
    }
    return draft;
  }

  function saveDraft(field, key) {
    if (!store) return;
    try {
      if (field.value.trim() === "" || field.value === field.defaultValue) {
        store.removeItem(key); // nothing that is not on the server already
      } else {
        store.setItem(key, JSON.stringify({ text: field.value, owner: owner, savedAt: Date.now() }));
      }
    } catch (error) {
      // storage full: the text is still in the form
    }
  }

  var savers = [];

  function saveAllDrafts() {
    savers.forEach(function (save) {
      save();
    });
  }

  // The page after a form was sent: a signed-in page at another address means the form was accepted (the
  // site redirects after saving); the same address means it came back with errors, and the login page means
  // the session had ended: then the drafts stay.
  function settleSubmission() {
    if (!store) return;
    var submitted = null;
    try {
      submitted = JSON.parse(store.getItem(SUBMITTED_KEY));
    } catch (error) {
      submitted = null;
    }
    store.removeItem(SUBMITTED_KEY);
    if (!submitted || typeof submitted.path !== "string" || typeof submitted.at !== "number") return;
    if (Date.now() - submitted.at > SUBMITTED_MAX_AGE_MS) return;
    if (signedIn && submitted.path !== window.location.pathname) {
      removeKeys(draftKeys(DRAFT_PREFIX + submitted.path + "#"));
    }
  }

  function part(notice, selector) {
    return notice.querySelector(selector);
  }

  function offerDrafts(form, offers, number) {
    var template = document.getElementById("draft-notice-template");
    if (!template) return null;
    var notice = template.content.firstElementChild.cloneNode(true);
    var id = number === 0 ? "draft-notice" : "draft-notice-" + (number + 1);
    notice.id = id;
    part(notice, "[data-draft-title]").id = id + "-title";
    notice.setAttribute("aria-labelledby", id + "-title");
    var offer = part(notice, "[data-draft-offer]");
    var restored = part(notice, "[data-draft-restored]");
    var discarded = part(notice, "[data-draft-discarded]");
    var before = [];

    function show(which) {
      offer.hidden = which !== offer;
      restored.hidden = which !== restored;
      discarded.hidden = which !== discarded;
      notice.focus();
    }

    part(notice, "[data-draft-replaces]").hidden = !offers.some(function (item) {
      return item.field.value.trim() !== "";
    });
    part(notice, "[data-draft-restore]").addEventListener("click", function () {
      before = offers.map(function (item) {
        var previous = item.field.value;
        item.field.value = item.text;
        return previous;
      });
      show(restored);
    });
    part(notice, "[data-draft-undo]").addEventListener("click", function () {
      offers.forEach(function (item, index) {
        item.field.value = before[index];
      });
      show(offer);
    });
    part(notice, "[data-draft-discard]").addEventListener("click", function () {
      offers.forEach(function (item) {
        store.removeItem(item.key);
      });
      show(discarded);
    });
    form.parentNode.insertBefore(notice, form);
    return notice;
  }

  function setUpDrafts() {
    if (!signedIn || !store) return;
    // Drafts of another user of this tab, or too old: gone at the first signed-in page.
    draftKeys().forEach(readDraft);
    var forms = document.querySelectorAll("main form[method='post' i]:not([data-no-draft])");
    var notices = [];
    Array.prototype.forEach.call(forms, function (form) {
      var fields = form.querySelectorAll("textarea[name]");
      if (!fields.length) return;
      var path = pathOf(form.getAttribute("action") || window.location.href);
      var offers = [];
      Array.prototype.forEach.call(fields, function (field) {
        var key = draftKey(path, field.name);
        var draft = store.getItem(key) === null ? null : readDraft(key);
        if (draft && draft.text !== field.value) {
          offers.push({ field: field, key: key, text: draft.text });
        }
        var pending = null;
        var save = function () {
          clearTimeout(pending);
          pending = null;
          saveDraft(field, key);
        };
        savers.push(function () {
          if (pending !== null) save();
        });
        field.addEventListener("input", function () {
          clearTimeout(pending);
          pending = setTimeout(save, SAVE_DELAY_MS);
        });
        field.addEventListener("change", save);
      });
      form.addEventListener("submit", function () {
        saveAllDrafts();
        try {
          store.setItem(SUBMITTED_KEY, JSON.stringify({ path: path, at: Date.now() }));
        } catch (error) {
          // storage full: the drafts then stay until the tab closes
        }
      });
      if (offers.length) {
        var notice = offerDrafts(form, offers, notices.length);
        if (notice) notices.push(notice);
      }
    });
    if (notices.length) notices[0].focus();
    window.addEventListener("pagehide", saveAllDrafts);
  }

  // ---- Logging out clears the drafts (this tab, and the others through the channel) --------------------

  var channel = null;
  if (signedIn && "BroadcastChannel" in window) {
    channel = new BroadcastChannel("signaalwijzer-session");
  }

  function isSignOutForm(form) {
    if (!signedIn || !form || !form.getAttribute) return false;
    var action = form.getAttribute("action");
    return action !== null && pathOf(action) === pathOf(dialog.getAttribute("data-sign-out-url"));
  }

  document.addEventListener(
    "submit",
    function (event) {
      if (!isSignOutForm(event.target)) return;
      clearAllDrafts();
      if (channel) channel.postMessage({ type: "signed-out" });
    },
    true
  );

  settleSubmission();
  setUpDrafts();
  if (!signedIn) return;

  // ---- The session clock ------------------------------------------------------------------------------

  var statusUrl = dialog.getAttribute("data-status-url");
  var loginUrl = dialog.getAttribute("data-login-url");
  var warnBeforeMs = parseInt(dialog.getAttribute("data-warn-before"), 10) * 1000;
  var expiresIn = parseInt(dialog.getAttribute("data-expires-in"), 10);
  var deadline = Date.now() + (isNaN(expiresIn) ? 0 : expiresIn) * 1000;
  var extendable = true;
  var state = "waiting"; // "warning" while the dialog is due, "ended" when the session is over
  var timer = null;
  var checking = false;
  var focusBefore = null;

  var keepAliveForm = document.getElementById("session-keep-alive-form");
  var keepAliveButton = document.getElementById("session-keep-alive");
  var closeButton = document.getElementById("session-dialog-close");
  var textIdle = document.getElementById("session-dialog-text");
  var textAbsolute = document.getElementById("session-dialog-text-absolute");
  var endedTemplate = document.getElementById("session-ended-template");

  function schedule(delay) {
    clearTimeout(timer);
    if (state === "ended") return;
    var due = state === "waiting" ? deadline - warnBeforeMs : deadline;
    var wait = delay !== undefined ? delay : Math.min(Math.max(due - Date.now(), 0), MAX_TIMER_MS);
    timer = setTimeout(tick, wait);
  }

  function tick() {
    var due = state === "waiting" ? deadline - warnBeforeMs : deadline;
    if (Date.now() >= due) {
      check();
    } else {
      schedule();
    }
  }

  function readClock(response) {
    // A redirect (to the login page) or a refusal: not signed in. Any other failure (a server error, a
    // rate limit) says nothing about the session: the caller tries again.
    if (response.type === "opaqueredirect") return { signed_in: false };
    if (!response.ok && response.status !== 403) throw new Error("status " + response.status);
    return response.json().then(
      function (data) {
        if (data && data.signed_in === true && typeof data.expires_in === "number") return data;
        return { signed_in: false };
      },
      function () {
        return { signed_in: false };
      }
    );
  }

  function request(url, options) {
    return fetch(url, {
      method: options.method || "GET",
      body: options.body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: { Accept: "application/json" },
    }).then(readClock);
  }

  function check() {
    if (checking || state === "ended") return;
    checking = true;
    request(statusUrl, {}).then(
      function (clock) {
        checking = false;
        apply(clock);
      },
      function () {
        // The server cannot be reached: after the end the session is over anyway.
        checking = false;
        if (Date.now() >= deadline) {
          end(extendable ? "idle" : "other");
        } else {
          schedule(RETRY_MS);
        }
      }
    );
  }

  function apply(clock) {
    if (!clock.signed_in) {
      var timedOut = extendable && Date.now() >= deadline - 5000;
      end(timedOut ? "idle" : "other");
      return;
    }
    deadline = Date.now() + clock.expires_in * 1000;
    extendable = clock.extendable !== false;
    if (clock.expires_in <= 0) {
      // Still signed in, by a hair: the page says "logged out" only once the server no longer knows the
      // session (otherwise the login link would find it alive and a page load would extend it).
      if (state === "waiting") warn();
      schedule(1000);
    } else if (clock.expires_in * 1000 <= warnBeforeMs + 2000) {
      warn();
    } else {
      closeWarning();
    }
  }

  function warn() {
    keepAliveForm.hidden = !extendable;
    closeButton.hidden = extendable;
    textIdle.hidden = !extendable;
    textAbsolute.hidden = extendable;
    dialog.setAttribute("aria-describedby", extendable ? textIdle.id : textAbsolute.id);
    var first = state !== "warning";
    state = "warning";
    if (first && !dialog.open) {
      saveAllDrafts();
      focusBefore = document.activeElement;
      dialog.showModal();
      (extendable ? keepAliveButton : closeButton).focus();
    }
    schedule();
  }

  function closeWarning() {
    state = "waiting";
    if (dialog.open) dialog.close(); // the close event puts the focus back
    schedule();
  }

  function end(reason) {
    if (state === "ended") return;
    state = "ended";
    clearTimeout(timer);
    saveAllDrafts();
    if (dialog.open) dialog.close();
    // The page's content (which may be a case) makes way for the notice: on a shared screen, nothing of it
    // stays in view. The drafts were saved first.
    var main = document.getElementById("main");
    var ended = endedTemplate.content.firstElementChild.cloneNode(true);
    main.classList.add("sw-session-over");
    main.insertBefore(ended, main.firstChild);
    ended.querySelector("#session-ended-idle").hidden = reason !== "idle";
    ended.querySelector("#session-ended-other").hidden = reason === "idle";
    ended.querySelector("#session-ended-drafts").hidden = draftKeys().length === 0;
    var link = ended.querySelector("#session-sign-in-again");
    link.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
    // The page's own title may name a case: replace it too.
    document.title = ended.querySelector("#session-ended-title").textContent + " – Signaalwijzer";
    ended.focus();
  }

  keepAliveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    request(keepAliveForm.getAttribute("action"), { method: "POST", body: new FormData(keepAliveForm) }).then(
      function (clock) {
        if (!clock.signed_in) {
          check(); // refused: ask whether the session is still there at all
          return;
        }
        apply(clock);
        if (channel) channel.postMessage({ type: "clock", expires_in: clock.expires_in, extendable: clock.extendable });
      },
      function () {
        check();
      }
    );
  });

  closeButton.addEventListener("click", function () {
    dialog.close(); // the session still ends at its time; the page then says so
  });

  dialog.addEventListener("close", function () {
    if (state !== "ended" && focusBefore && document.contains(focusBefore) && focusBefore.focus) {
      focusBefore.focus();
    }
  });

  if (channel) {
    channel.addEventListener("message", function (event) {
      var message = event.data;
      if (!message || typeof message !== "object" || state === "ended") return;
      if (message.type === "signed-out") {
        clearAllDrafts();
        end("other");
      } else if (message.type === "clock" && typeof message.expires_in === "number") {
        // Another tab was active: this tab's session lasts that long too.
        var later = Date.now() + message.expires_in * 1000;
        if (later > deadline + 1000) {
          deadline = later;
          if (typeof message.extendable === "boolean") extendable = message.extendable;
          closeWarning();
        }
      }
    });
    if (!isNaN(expiresIn)) channel.postMessage({ type: "clock", expires_in: expiresIn });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") tick();
  });

  schedule();
})();

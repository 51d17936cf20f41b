// The service worker of the installable entry app (served at /sw.js, scope /).
// Pages are fetched from the network first; the entry pages (and every page
// offline.js asked to keep) are kept, so that a reload without network shows
// the last copy, whose typed figures offline.js restores. A page never kept
// falls back to the Vietnamese offline page, never the browser's error.
// Form posts are never touched: offline.js queues them.
"use strict";

var VERSION = "v3";
var SHELL = "election-shell-" + VERSION;
var PAGES = "election-pages-v1"; // offline.js writes here too
var SHELL_FILES = [
  "/offline",
  "/static/app.css",
  "/static/tally.js",
  "/static/live_regions.js",
  "/static/confirm.js",
  "/static/sheet_form.js",
  "/static/offline.js",
  "/static/relay.js",
  "/static/vendor/qrcode.js",
  "/static/manifest.webmanifest",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/favicon.svg",
];
// Pages kept without being asked: the home (an officer's: their area's
// three sheets; the app starts there), the area's page and its sheets.
var ENTRY_PAGES = [/^\/$/, /^\/tally-sheets\/\d+$/, /^\/polling-areas\/\d+\/tally$/];
var NOT_PAGES = /\.(pdf|csv|json|xlsx)$|\/stream$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      // One by one: a file that is gone must not stop the worker installing.
      return Promise.all(SHELL_FILES.map(function (file) {
        return cache.add(file).catch(function () {});
      }));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("election-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isEntryPage(path) {
  return ENTRY_PAGES.some(function (pattern) { return pattern.test(path); });
}

function pageResponse(event, url) {
  return caches.open(PAGES).then(function (pages) {
    return fetch(event.request).then(function (response) {
      // A redirect (to sign in, say) or an error page is never kept.
      var fresh = response.ok && !response.redirected && response.type === "basic";
      if (!fresh) return response;
      return pages.match(url.pathname).then(function (kept) {
        if (kept || isEntryPage(url.pathname)) {
          return pages.put(url.pathname, response.clone()).then(function () { return response; });
        }
        return response;
      });
    }).catch(function () {
      return pages.match(url.pathname).then(function (kept) {
        return kept || caches.match("/offline");
      }).then(function (answer) {
        return answer || new Response(
          "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Không có kết nối mạng</title>" +
          "<h1>Không có kết nối mạng</h1><p>Hãy thử lại khi có mạng.</p></html>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
        );
      });
    });
  });
}

function assetResponse(event) {
  // The copy at hand at once, refreshed behind it for the next time.
  return caches.open(SHELL).then(function (shell) {
    return shell.match(event.request).then(function (kept) {
      var fresh = fetch(event.request).then(function (response) {
        if (response.ok) shell.put(event.request, response.clone());
        return response;
      });
      if (kept) {
        fresh.catch(function () {});
        return kept;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && !NOT_PAGES.test(url.pathname)) {
    event.respondWith(pageResponse(event, url));
  } else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/offline") {
    event.respondWith(assetResponse(event));
  }
});

// easim console: submit the filter form when a select changes; show the live feed (Server-Sent Events) and
// refresh the counts and the table when device states change.
(function () {
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.submit(); });
    });
  }
  var feed = document.getElementById("feed");
  if (!feed || !window.EventSource) { return; }
  var source = new EventSource("/console/events");
  function add(text, transition) {
    var li = document.createElement("li");
    li.textContent = (transition ? "State change: " : "") + text;
    if (transition) { li.className = "transition"; }
    feed.insertBefore(li, feed.firstChild);
    while (feed.children.length > 200) { feed.removeChild(feed.lastChild); }
  }
  // After a state change, fetch this page again (at most every 2 s) and swap in its counts and table.
  var refreshing = false;
  function refresh() {
    if (refreshing) { return; }
    refreshing = true;
    setTimeout(function () {
      fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["counts", "matches", "device-table"].forEach(function (id) {
            var now = document.getElementById(id), next = fresh.getElementById(id);
            if (now && next) { now.replaceWith(next); }
          });
        }).finally(function () { refreshing = false; });
    }, 2000);
  }
  source.addEventListener("feed", function (e) {
    var batch = JSON.parse(e.data);
    var changed = false;
    batch.events.forEach(function (ev) { add(ev.text, ev.transition); changed = changed || ev.transition; });
    if (batch.dropped > 0) { add(batch.dropped + " more events not shown", false); }
    if (changed) { refresh(); }
  });
  source.onerror = function () { if (source.readyState === 2) { add("Live feed disconnected", false); } };
})();

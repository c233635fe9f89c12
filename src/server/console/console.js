// easim console: submit the filter form when a select changes; show the live feed (Server-Sent Events) and
// refresh the counts, the table, the snapshots and the exercise checklist when the tenant changes.
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
  // After a state change or an exercise's new checklist, fetch this page again (at most every `wait` ms) and swap
  // in its counts, table, snapshots and checklist (never the form being typed in).
  var refreshing = false;
  function refresh(wait) {
    if (refreshing) { return; }
    refreshing = true;
    setTimeout(function () {
      fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["counts", "matches", "device-table", "scenario", "checklist"].forEach(function (id) {
            var now = document.getElementById(id), next = fresh.getElementById(id);
            if (now && next) { now.replaceWith(next); }
          });
        }).finally(function () { refreshing = false; });
    }, wait);
  }
  source.addEventListener("feed", function (e) {
    var batch = JSON.parse(e.data);
    var changed = false, checked = false;
    batch.events.forEach(function (ev) {
      add(ev.text, ev.transition);
      changed = changed || ev.transition;
      checked = checked || ev.kind === "exercise";
    });
    if (batch.dropped > 0) { add(batch.dropped + " more events not shown", false); }
    if (checked) { refresh(200); } else if (changed) { refresh(2000); }
  });
  source.onerror = function () { if (source.readyState === 2) { add("Live feed disconnected", false); } };
})();

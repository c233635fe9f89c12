// easim console: submit the filter form when a select changes; show the live feed (Server-Sent Events).
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
  source.addEventListener("feed", function (e) {
    var batch = JSON.parse(e.data);
    batch.events.forEach(function (ev) { add(ev.text, ev.transition); });
    if (batch.dropped > 0) { add(batch.dropped + " more events not shown", false); }
  });
  source.onerror = function () { if (source.readyState === 2) { add("Live feed disconnected", false); } };
})();

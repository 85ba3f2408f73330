// tidings web: the little interactivity the pages need (no libraries, nothing fetched from
// outside).  Article view: clicking an event card highlights the text its evidence covers and
// scrolls to it; ?ev=ID in the URL preselects one.
(function () {
  "use strict";

  function highlight(id, scroll) {
    var text = document.getElementById("article-text");
    if (!text) { return; }
    var old = document.querySelectorAll(".seg.active, .event-card.active");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("active"); }
    var segs = text.querySelectorAll(".seg.ev");
    var first = null;
    for (var j = 0; j < segs.length; j++) {
      var ids = (segs[j].getAttribute("data-ev") || "").split(" ");
      if (ids.indexOf(id) >= 0) {
        segs[j].classList.add("active");
        if (!first) { first = segs[j]; }
      }
    }
    var card = document.getElementById("ev-" + id);
    if (card) { card.classList.add("active"); }
    if (first && scroll) { first.scrollIntoView({block: "center"}); }
  }

  function cardOf(el) {
    while (el && !(el.classList && el.classList.contains("event-card"))) { el = el.parentNode; }
    return el;
  }

  function onArticle() {
    var list = document.getElementById("event-list");
    if (!list) { return; }
    list.addEventListener("click", function (ev) {
      if (ev.target.tagName === "A") { return; }
      var card = cardOf(ev.target);
      if (card) { highlight(card.getAttribute("data-ev"), true); }
    });
    list.addEventListener("keydown", function (ev) {
      var card = cardOf(ev.target);
      if (card && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        highlight(card.getAttribute("data-ev"), true);
      }
    });
    document.getElementById("article-text").addEventListener("click", function (ev) {
      var ids = (ev.target.getAttribute("data-ev") || "").split(" ");
      if (ids[0]) {
        highlight(ids[0], false);
        var card = document.getElementById("ev-" + ids[0]);
        if (card) { card.scrollIntoView({block: "nearest"}); }
      }
    });
    var sel = document.getElementById("article-text").getAttribute("data-selected");
    if (sel) { highlight(sel, true); }
  }

  // Empty filter fields are left out of the URL so shared links stay short.
  function onFilters() {
    var forms = document.querySelectorAll("form.filters");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function () {
        var inputs = this.querySelectorAll("input, select");
        for (var k = 0; k < inputs.length; k++) {
          if (inputs[k].value === "" && inputs[k].name) { inputs[k].disabled = true; }
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () { onArticle(); onFilters(); });
}());

// Click-to-load trailers. The page shows a thumbnail link; only when a visitor presses it
// is the privacy-enhanced (youtube-nocookie.com) player created, so a page view sends
// nothing to YouTube. Without JavaScript the link opens the trailer on YouTube.
(function () {
  "use strict";

  function play(link) {
    var frame = document.createElement("iframe");
    frame.src = link.dataset.embed;
    frame.title = "Trailer: " + (link.dataset.title || "");
    frame.className = "trailer__frame";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    // The site sends no referrer to other origins, but YouTube's player refuses to play
    // without one: send this page's origin (never its path) to the player only.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(frame);
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    // Let modified clicks open YouTube in a new tab or window, as links do.
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest("a[data-embed]");
    if (!link) return;
    event.preventDefault();
    play(link);
  });
})();

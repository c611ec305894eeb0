// The video facade (src/newsroom/site/video.py): until a reader presses a play button, the
// page has asked nothing of the video's provider. The press replaces the still by the
// provider's player, from its privacy-enhanced address, and gives it the keyboard focus.
// Without JavaScript the buttons stay hidden and the link under each video leads to it.
(function () {
  "use strict";
  function play(figure, button) {
    var frame = document.createElement("iframe");
    frame.src = figure.getAttribute("data-embed");
    frame.title = figure.getAttribute("data-title");
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // YouTube refuses to play in a frame that sends no referrer; the origin is enough.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var box = button.parentNode;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(frame);
    frame.focus();
  }
  var figures = document.querySelectorAll("figure.video[data-embed]");
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector("button.video-play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { play(figure, button); });
  });
})();

// Wide tables scroll sideways in a box Material adds: a keyboard user must be able to reach
// it (WCAG 2.1.1, axe `scrollable-region-focusable`). `document$` is Material's (and
// Zensical's) page-load stream, so this runs after every instant navigation too.
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.tabIndex = 0;
  });
});

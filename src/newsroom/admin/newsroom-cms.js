// Newsroom's additions to Decap CMS: a preview close to the item page, and a save hook that
// makes what Decap writes pass `newsroom check` (fresh permanent id, no empty optional
// fields, `false` to skip a network). Settings come from newsroom-settings.js (generated).
(function () {
  "use strict";
  var settings = window.NEWSROOM;
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  function isCollectionValue(value) {
    return value && typeof value.toJS === "function" && typeof value.filter === "function";
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (isCollectionValue(value)) return value.size === 0;
    return false;
  }

  // Decap keeps an optional field the editor emptied as "" (or [] / {}); `check` refuses an
  // empty image path or language code, so empty values are dropped before saving.
  function withoutEmpty(value) {
    if (!isCollectionValue(value)) return value;
    return value.map(withoutEmpty).filter(function (inner) {
      return !isEmpty(inner);
    });
  }

  // A social text of `false` means "do not post on this network": save a real boolean.
  function socialSwitches(data) {
    var social = data.get("social");
    if (!social || typeof social.get !== "function") return data;
    Object.keys(settings.networks).forEach(function (network) {
      var text = social.get(network);
      if (typeof text === "string" && text.trim().toLowerCase() === "false") {
        social = social.set(network, false);
      }
    });
    return data.set("social", social);
  }

  function randomIndex(size) {
    // Rejection sampling keeps every character equally likely.
    var limit = 256 - (256 % size);
    var byte = new Uint8Array(1);
    do {
      window.crypto.getRandomValues(byte);
    } while (byte[0] >= limit);
    return byte[0] % size;
  }

  // Same alphabet and shape as `newsroom id`: lowercase Crockford base32 (no i, l, o, u),
  // starting with a letter so no YAML tool reads it as a number.
  function newId() {
    var alphabet = settings.idAlphabet;
    var letters = alphabet.replace(/[0-9]/g, "");
    var id = letters[randomIndex(letters.length)];
    while (id.length < settings.idLength) id += alphabet[randomIndex(alphabet.length)];
    return id;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      var data = withoutEmpty(entry.get("data"));
      if (String(entry.get("collection")).indexOf("news-") === 0) {
        data = socialSwitches(data);
        if (!data.get("id")) data = data.set("id", newId());
      }
      return data;
    },
  });

  function text(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  function toList(value) {
    if (!value) return [];
    return isCollectionValue(value) ? value.toJS() : [].concat(value);
  }

  function formatDate(value) {
    if (!value) return "";
    var date = new Date(value);
    if (isNaN(date.getTime())) return text(value);
    return date.toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
  }

  // An estimate for the editor; the pull request shows the exact count of every post.
  function measure(network, body, link) {
    var limits = settings.limits[network];
    var count = Array.from(body + " " + link).length;
    if (limits.url) count += limits.url - Array.from(link).length;
    return count;
  }

  function socialPosts(data) {
    var social = data.get("social");
    var summary = text(data.get("summary"));
    var link = settings.site.url + "/s/" + (data.get("id") || "<id>");
    return Object.keys(settings.networks).map(function (network) {
      var override = social && typeof social.get === "function" ? social.get(network) : undefined;
      var skipped = override === false || text(override).trim().toLowerCase() === "false";
      var body = override && !skipped ? text(override) : summary;
      var limits = settings.limits[network];
      var count = measure(network, body, link);
      var tooLong = count > limits.max;
      return h(
        "section",
        { className: "nr-post", key: network },
        h("h3", {}, settings.networks[network] + (override && !skipped ? " (own text)" : "")),
        skipped
          ? h("p", {}, "Not posted on " + settings.networks[network] + ".")
          : h("p", {}, body + " " + link),
        skipped
          ? null
          : h(
              "p",
              { className: tooLong ? "nr-count nr-too-long" : "nr-count" },
              "About " + count + " of " + limits.max + " " + limits.unit +
                (tooLong ? " — too long: shorten it." : "")
            )
      );
    });
  }

  var ItemPreview = createClass({
    render: function () {
      var props = this.props;
      var data = props.entry.get("data");
      var image = data.get("image");
      var alt = data.get("image_alt");
      var figure = null;
      if (image) {
        var asset = props.getAsset(image);
        figure = h(
          "figure",
          {},
          h("img", { src: asset ? asset.toString() : "", alt: text(alt) }),
          alt
            ? null
            : h("figcaption", { className: "nr-missing-alt" },
                "Describe the image in “Image description (alt text)”: it is required.")
        );
      }
      var authors = toList(data.get("authors")).map(function (key) {
        return settings.authors[key] || key;
      });
      var tags = toList(data.get("tags"));
      return h(
        "article",
        { className: "nr-item", lang: data.get("lang") || undefined },
        data.get("draft") ? h("p", { className: "nr-draft" }, "Draft: never published.") : null,
        h("p", { className: "nr-theme" }, settings.themes[props.entry.get("collection")] || ""),
        h("h1", {}, text(data.get("title")) || "Title"),
        h("p", { className: "nr-meta" }, [formatDate(data.get("date")), authors.join(", ")]
          .filter(Boolean).join(" · ")),
        h("p", { className: "nr-summary" }, text(data.get("summary"))),
        figure,
        h("div", { className: "nr-body" }, props.widgetFor("body")),
        tags.length
          ? h("ul", { className: "nr-tags" }, tags.map(function (tag) {
              return h("li", { key: tag }, "#" + tag);
            }))
          : null,
        h("div", { className: "nr-social" },
          h("h2", {}, "What the social posts will say"),
          socialPosts(data))
      );
    },
  });

  var PagePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h("article", { className: "nr-item" },
        h("h1", {}, text(data.get("title")) || "Title"),
        h("div", { className: "nr-body" }, this.props.widgetFor("body")));
    },
  });

  CMS.registerPreviewStyle("preview.css");
  Object.keys(settings.themes).forEach(function (collection) {
    CMS.registerPreviewTemplate(collection, ItemPreview);
  });
  CMS.registerPreviewTemplate("pages", PagePreview);
})();

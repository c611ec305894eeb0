// Bluesky's own rich text (npm @atproto/api): the grapheme length, the UTF-8 length and the
// facets the app detects in a post's text (detectFacetsWithoutResolution: mentions keep the
// handle in `did`, as they do before a client resolves them).
const { RichText } = require('@atproto/api');

exports.judge = (text) => {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return {
    graphemes: rt.graphemeLength,
    bytes: rt.length,
    facets: (rt.facets || []).map((facet) => ({
      byteStart: facet.index.byteStart,
      byteEnd: facet.index.byteEnd,
      features: facet.features.map((feature) => ({ ...feature })),
    })),
  };
};

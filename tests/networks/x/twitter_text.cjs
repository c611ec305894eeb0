// Judge: what npm twitter-text 3.1.0 says of a text (X's own counting and URL extraction).
// Input: a string. Output: {weightedLength, valid, urls: [[url, start, end], ...]}: parseTweet
// of the text as given, and the URLs of its NFC form (parseTweet extracts from that form),
// offsets in UTF-16 code units as the library reports them.
const twitter = require('twitter-text');

exports.judge = (text) => {
  const parsed = twitter.parseTweet(text);
  const urls = twitter
    .extractUrlsWithIndices(text.normalize())
    .map((u) => [u.url, u.indices[0], u.indices[1]]);
  return { weightedLength: parsed.weightedLength, valid: parsed.valid, urls };
};

// Example judge: X's own weighted length (replace or add judges beside this file).
const twitter = require('twitter-text');
exports.judge = (text) => twitter.parseTweet(text).weightedLength;

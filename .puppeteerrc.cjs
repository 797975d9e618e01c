/** Browsers come from Debian (chromium, firefox-esr); nothing is downloaded at install time. */
module.exports = { skipDownload: true };

// Sphinx's Dutch catalogue leaves the search-result count untranslated (an empty
// plural pair) and its plural rule "(n != 1)" yields true/false, which is no
// index into that pair: the search page then fails with a script error instead
// of saying how many pages it found. Loaded after translations.js.
(function () {
  "use strict";
  if (typeof Documentation === "undefined") return;
  Documentation.addTranslations({
    locale: "nl",
    plural_expr: "Number(n != 1)",
    messages: {
      "Search finished, found one page matching the search query.": [
        "Klaar met zoeken: één pagina gevonden.",
        "Klaar met zoeken: ${resultCount} pagina's gevonden."
      ],
      "Searching for multiple words only shows matches that contain\n    all words.":
        "Zoek je op meer woorden, dan zie je alleen pagina's met al die woorden."
    }
  });
})();

// The ipywidgets HTML manager loads its icon fonts from the folder of its AMD
// modules, which require.js puts under the page's own folder by default. Point
// those modules at _static/widgets/, where the build copies the fonts, for every
// page depth (Sphinx gives the way to the site root in data-content_root).
(function () {
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var here = root + "_static/widgets";
  requirejs.config({paths: {"@jupyter-widgets/html-manager/dist": here, "@jupyter-widgets": here}});
})();

// Starts Swagger UI on the document this server generates (no network beyond this server).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v2/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    validatorUrl: null,
  });
  // Swagger UI puts a link inside each operation's toggle button; a control inside a control
  // confuses keyboards and screen readers (WCAG 4.1.2), so keep the text and drop the link.
  var root = document.getElementById("swagger-ui");
  new MutationObserver(function () {
    root.querySelectorAll(".opblock-summary-control a").forEach(function (link) {
      link.replaceWith.apply(link, Array.from(link.childNodes));
    });
  }).observe(root, { childList: true, subtree: true });
});

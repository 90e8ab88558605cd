// The API reference at /api/docs: swagger-ui (vendored in static/swagger-ui/, see its README)
// reading the OpenAPI document. No inline script: the page's CSP forbids it.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-spec") || "/api/openapi.json",
    domNode: root,
    deepLinking: true,
    // The validator badge would ask validator.swagger.io: no request leaves this site.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
});

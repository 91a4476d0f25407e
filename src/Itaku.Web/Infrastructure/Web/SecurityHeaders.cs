namespace Itaku.Web.Infrastructure.Web;

public static class SecurityHeaders
{
    /// <summary>
    /// Headers for every response. The CSP allows no inline script at all: pages work without
    /// JavaScript and what little script there is comes from /js. Swagger UI ships an inline
    /// style, so only its path gets 'unsafe-inline' for styles.
    /// </summary>
    public static IApplicationBuilder UseItakuSecurityHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            var styles = http.Request.Path.StartsWithSegments("/api/docs") ? "'self' 'unsafe-inline'" : "'self'";
            // An endpoint that set a policy of its own keeps it (official documents: inline styles, nothing else).
            h.ContentSecurityPolicy = h.ContentSecurityPolicy.Count > 0 ? h.ContentSecurityPolicy :
                $"default-src 'self'; script-src 'self'; style-src {styles}; img-src 'self' data:; " +
                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/Account"))
            {
                h.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}

using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Itaku.Web.Infrastructure.Web;

public static class WebExtensions
{
    public static readonly CultureInfo[] Cultures = [new("ja-JP"), new("en")];

    public static WebApplicationBuilder AddItakuWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<OfficeCalendar>();
        // Pages are covered by the fallback policy (deny by default); [AllowAnonymous] opens the few public ones.
        services.AddRazorPages()
            .AddMvcOptions(o => o.Filters.Add<PageExceptionFilter>())
            .AddMvcOptions(JapaneseValidationMessages.Configure)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Japanese first: the browser's language does not switch it, only ?culture= and the switcher's cookie.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        // Japanese text is written as text, not as &#x…; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsConventions.Apply);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // One rule for every JSON body, nested objects included: a property named twice is a 400 naming
            // it (it would otherwise be read as either value, or throw inside JsonObject), and enums are
            // names only (EnumNames).
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new JsonInput.UniqueObjectConverter());
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "itaku.csrf";
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        services.AddHealthChecks();

        // Keys that protect cookies and antiforgery tokens survive restarts, next to the data.
        var keys = Path.GetFullPath(builder.Configuration["DataProtection:KeysPath"] ?? "App_Data/keys", builder.Environment.ContentRootPath);
        services.AddDataProtection().SetApplicationName("Itaku").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return builder;
    }

    public static WebApplication UseItakuWeb(this WebApplication app)
    {
        // The API answers errors with problem details; pages with the friendly error page.
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler());
        app.UseWhen(h => !h.Request.Path.StartsWithSegments("/api"), ui => ui.UseExceptionHandler("/Error"));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        // Behind a reverse proxy, the client address (rate limits, audit trail) comes from X-Forwarded-For,
        // but only when the request arrives from a proxy named in Proxy:TrustedProxies.
        var proxies = app.Configuration.GetSection("Proxy:TrustedProxies").Get<string[]>() ?? [];
        if (proxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseItakuSecurityHeaders();
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(h => !h.Request.Path.StartsWithSegments("/api"), ui => ui.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Itaku API v1");
            o.DocumentTitle = "Itaku API";
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapItakuPages(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapGet("/culture", SetCulture).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    /// <summary>The language switcher: remembers the choice in a cookie and returns to a local page.</summary>
    private static IResult SetCulture(HttpContext http, string? c, string? returnUrl)
    {
        var culture = Cultures.FirstOrDefault(x => x.TwoLetterISOLanguageName == c) ?? Cultures[0];
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        var target = !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? returnUrl
            : "/";
        return Results.LocalRedirect(target);
    }
}

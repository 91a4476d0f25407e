using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Itaku.Web.Infrastructure.Auth;

public static class AuthExtensions
{
    private const string SelectorScheme = "itaku";

    public static WebApplicationBuilder AddItakuAuth(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        var settings = section.Get<AuthSettings>() ?? new AuthSettings();
        builder.Services.Configure<AuthSettings>(section);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();

        builder.Services.AddIdentityCore<ItakuUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = settings.LockoutFailures;
                o.Lockout.DefaultLockoutTimeSpan = settings.LockoutDuration;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<ItakuDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplayProtectedAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<ItakuClaimsFactory>()
            .AddErrorDescriber<JapaneseIdentityErrorDescriber>()
            .AddPasswordValidator<ItakuPasswordValidator>();

        // /api is bearer-only: a cookie never authorises it, so a page cannot be used to forge API calls.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
                o.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Itaku", o => o.ForwardDefaultSelector = http =>
                http.Request.Path.StartsWithSegments("/api") ? BearerTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddIdentityCookies();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "itaku.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.ExpireTimeSpan = settings.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
            o.Events.OnRedirectToAccessDenied = http =>
            {
                // A user who must enrol MFA is sent to enrolment instead of a dead end.
                var pending = http.HttpContext.User.HasClaim(c => c.Type == ItakuClaims.MfaPending);
                http.Response.Redirect(pending ? "/Account/Mfa" : http.RedirectUri);
                return Task.CompletedTask;
            };
        });
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            o.OnRefreshingPrincipal = ctx =>
            {
                // During cookie validation there is no HttpContext.User yet: carry the sign-in time over here.
                var authTime = ctx.CurrentPrincipal?.FindFirst(ItakuClaims.AuthTime);
                if (authTime is not null && ctx.NewPrincipal?.Identities.FirstOrDefault() is { } identity)
                {
                    foreach (var c in identity.FindAll(ItakuClaims.AuthTime).ToList())
                    {
                        identity.RemoveClaim(c);
                    }

                    identity.AddClaim(new Claim(ItakuClaims.AuthTime, authTime.Value));
                }

                return Task.CompletedTask;
            };
        });

        builder.Services.AddSingleton<IAuthorizationHandler, MfaSatisfiedRequirement>();
        builder.Services.AddAuthorizationBuilder().AddItakuPolicies();
        builder.Services.AddScoped<TokenService>();
        builder.Services.AddScoped<MfaService>();
        builder.AddSignInRateLimit(settings);
        return builder;
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext ctx)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
        if (ctx.Principal is null)
        {
            return;
        }

        var settings = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthSettings>>().Value;
        var time = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var authTime = ctx.Principal.FindFirstValue(ItakuClaims.AuthTime);
        if (authTime is null
            || !long.TryParse(authTime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > settings.AbsoluteSessionLifetime)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Sign-in and token issuing are limited per client address; everything else is not.</summary>
    private static void AddSignInRateLimit(this WebApplicationBuilder builder, AuthSettings settings)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!IsSignIn(http.Request))
                {
                    return RateLimitPartition.GetNoLimiter("none");
                }

                var key = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.SignInPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Title = "試行回数が多すぎます。",
                        Detail = "しばらく待ってから、もう一度お試しください。",
                    },
                });
            };
        });
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/v1/tokens", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase));
}

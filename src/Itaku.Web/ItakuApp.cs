using System.Text.Json.Serialization;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Features.Clock;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Documents;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Features.Notices;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Features.Requests;
using Itaku.Web.Features.Roster;
using Itaku.Web.Features.Setup;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Crypto;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;

namespace Itaku.Web;

/// <summary>Composes the web application: services, then the request pipeline, then the endpoints.</summary>
public static class ItakuApp
{
    public static WebApplication Build(string[] args)
    {
        // Run from anywhere (e.g. `dotnet /opt/itaku/itaku.dll admin …`): without appsettings.json in the
        // working directory, the content root is the application's own folder.
        var options = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
            ? new WebApplicationOptions { Args = args }
            : new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory };
        var builder = WebApplication.CreateBuilder(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddItakuData();
        builder.AddItakuAuth();
        builder.AddItakuWeb();
        builder.AddItakuLedger();
        builder.AddItakuLogSources();
        builder.AddItakuClockCheck();
        builder.AddItakuProvisions();
        builder.AddItakuCompliance();
        builder.AddItakuRequests();
        builder.AddItakuAttestations();
        builder.AddItakuDocuments();
        builder.AddItakuNotifications();
        builder.AddItakuCrypto();
        builder.AddItakuNotices();
        builder.AddItakuRoster();
        builder.Services.AddSingleton<SetupState>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<SignInService>();
        builder.Services.AddScoped<PasswordService>();
        builder.Services.AddScoped<OrganizationService>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<ContractService>();
        builder.Services.AddScoped<DateFormatter>();
        builder.Services.AddSingleton<IAuthorizationHandler, ContractAuthorizationHandler>();

        var app = builder.Build();
        app.UseItakuWeb();

        var api = app.MapGroup("/api/v1").RequireAuthorization().AddEndpointFilterFactory(DefinedEnumArguments.Create);
        api.MapTokensApi()
            .MapMeApi()
            .MapOrganizationsApi()
            .MapUsersApi()
            .MapContractsApi()
            .MapLedgerApi()
            .MapLogSourcesApi();
        api.MapProvisionsApi();
        api.MapComplianceApi();
        api.MapRequestsApi();
        api.MapAttestationsApi();
        api.MapDocumentsApi();
        api.MapNotificationsApi();
        api.MapNoticesApi();
        api.MapRosterApi();

        app.MapItakuPages();
        return app;
    }
}

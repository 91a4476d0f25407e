using Itaku.Web.Features.Ledger;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Tests.Ledger;

/// <summary>Retention below three calendar months (G9, S16: at least three months; 92 days) refuses to start.</summary>
public sealed class RetentionSettingsTests
{
    [Theory]
    [InlineData("Ledger:Retention:Days", "91", "Ledger:Retention:Days が 91 日です。")]
    [InlineData("Ledger:Retention:Overrides:itaku.localhost/contracts/1/sources/1", "30", "itaku.localhost/contracts/1/sources/1 が 30 日です。")]
    public void RetentionBelow90Days_RefusesToStart(string key, string value, string names)
    {
        // The host's start-up validation is what refuses; the test factory only reports a disposed host.
        using var factory = new SettingsFactory(key, value);
        Should.Throw<Exception>(() => factory.Server);

        var error = Should.Throw<OptionsValidationException>(() => StartupValidator(key, value).Validate());
        error.Message.ShouldContain(names);
        error.Message.ShouldContain("92 日（3か月）未満にできません");
    }

    [Fact]
    public void Retention90DaysOrMore_Starts_AndOverridesApplyPerLog()
    {
        using var factory = new SettingsFactory("Ledger:Retention:Overrides:itaku.localhost/contracts/1/sources/1", "400");

        var settings = factory.Services.GetRequiredService<IOptions<LedgerRetentionSettings>>().Value;

        settings.Days.ShouldBeGreaterThanOrEqualTo(LedgerRetentionSettings.MinimumDays);
        settings.DaysFor("itaku.localhost/contracts/1/sources/1").ShouldBe(400);
        settings.DaysFor("itaku.localhost/contracts/1/sources/2").ShouldBe(settings.Days);
        StartupValidator("Ledger:Retention:Days", "92").Validate();
    }

    [Fact]
    public void TheFloor_KeepsThreeCalendarMonths_FromEveryDay_IncludingMonthEnds()
    {
        // 「少なくとも過去3ヶ月前まで」 (G9): from 31 August, three months back is 31 May — 92 days.
        var floor = LedgerRetentionSettings.MinimumDays;
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2028, 12, 31); day = day.AddDays(1))
        {
            day.AddDays(-floor).ShouldBeLessThanOrEqualTo(day.AddMonths(-3), day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        var august31 = new DateOnly(2026, 8, 31);
        august31.AddMonths(-3).ShouldBe(new DateOnly(2026, 5, 31));
        august31.AddDays(-(floor - 1)).ShouldBeGreaterThan(august31.AddMonths(-3)); // one day less would not do
    }

    /// <summary>The start-up validation the ledger feature registers, over just this configuration.</summary>
    private static IStartupValidator StartupValidator(string key, string value)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddItakuLedger();
        return builder.Build().Services.GetRequiredService<IStartupValidator>();
    }

    private sealed class SettingsFactory(string key, string value) : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }
}

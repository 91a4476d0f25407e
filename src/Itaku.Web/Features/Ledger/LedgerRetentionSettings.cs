using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// Section <c>Ledger:Retention</c>: how long each contractor log source keeps its entries' payloads
/// (G9, S16: at least three months). The application's own audit log is never pruned (ADR 0007).
/// </summary>
public sealed class LedgerRetentionSettings
{
    /// <summary>
    /// The floor the provisions allow (G9 「少なくとも過去3ヶ月前まで」, S16), in days: three calendar months span at
    /// most 92 days (31 May to 31 August), so a retention of 92 days keeps three calendar months back from any
    /// day. Configuration below it refuses to start.
    /// </summary>
    public const int MinimumDays = 92;

    /// <summary>Days an entry keeps its payload after it was received, for every source log without an override.</summary>
    public int Days { get; set; } = 366;

    /// <summary>Per-log overrides, keyed by the log's origin line (e.g. <c>itaku.example/contracts/3/sources/7</c>).</summary>
    public Dictionary<string, int> Overrides { get; set; } = [];

    /// <summary>How often the pruning job runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The retention that applies to the log with <paramref name="origin"/>.</summary>
    public int DaysFor(string origin) => Overrides.TryGetValue(origin, out var days) ? days : Days;
}

/// <summary>Refuses a retention below <see cref="LedgerRetentionSettings.MinimumDays"/>, at start-up (ValidateOnStart).</summary>
internal sealed class LedgerRetentionSettingsValidator : IValidateOptions<LedgerRetentionSettings>
{
    public ValidateOptionsResult Validate(string? name, LedgerRetentionSettings options)
    {
        var errors = new List<string>();
        if (options.Days < LedgerRetentionSettings.MinimumDays)
        {
            errors.Add($"Ledger:Retention:Days が {options.Days} 日です。ログの保存期間は {LedgerRetentionSettings.MinimumDays} 日（3か月）未満にできません。");
        }

        foreach (var (origin, days) in options.Overrides)
        {
            if (days < LedgerRetentionSettings.MinimumDays)
            {
                errors.Add($"Ledger:Retention:Overrides の {origin} が {days} 日です。ログの保存期間は {LedgerRetentionSettings.MinimumDays} 日（3か月）未満にできません。");
            }
        }

        if (options.PruneInterval < TimeSpan.FromMinutes(1))
        {
            errors.Add("Ledger:Retention:PruneInterval は 1 分以上にしてください。");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

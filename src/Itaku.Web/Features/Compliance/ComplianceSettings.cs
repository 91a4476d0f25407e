namespace Itaku.Web.Features.Compliance;

/// <summary>Section <c>Compliance</c> of the configuration.</summary>
public sealed class ComplianceSettings
{
    /// <summary>A due date this many days away or nearer shows as 期限間近 (due soon).</summary>
    public int DueSoonDays { get; set; } = 14;

    /// <summary>How often the due-date reminders run (first run 5 minutes after start); zero turns them off.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(1);
}

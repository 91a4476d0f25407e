namespace Itaku.Web.Infrastructure.Auth;

/// <summary>Section <c>Auth</c> of the configuration.</summary>
public sealed class AuthSettings
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan AbsoluteSessionLifetime { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan ApiTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public int PersonalTokenMaxDays { get; set; } = 365;
    public int LockoutFailures { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in and token requests per client address per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;
}

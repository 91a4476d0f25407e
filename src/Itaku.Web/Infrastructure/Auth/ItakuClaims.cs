namespace Itaku.Web.Infrastructure.Auth;

public static class ItakuClaims
{
    public const string Organization = "itaku:org";
    public const string DisplayName = "itaku:name";
    public const string DateStyle = "itaku:date-style";

    /// <summary>Present while a user who must use MFA has not enrolled: they may only enrol.</summary>
    public const string MfaPending = "itaku:mfa-pending";

    /// <summary>Unix seconds of the password sign-in; bounds the session at 8 hours however active.</summary>
    public const string AuthTime = "itaku:auth-time";

    public const string TokenId = "itaku:token";
}

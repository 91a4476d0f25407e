namespace Itaku.Ledger.Tests;

/// <summary>The current test's cancellation token, so a cancelled run stops promptly (xUnit1051).</summary>
internal static class Cancellation
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}

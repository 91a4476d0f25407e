using Microsoft.Playwright;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright, with the flags this closed network needs.</summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>Screenshots go to TestResults/screenshots/&lt;engine&gt;/ at the repository root.</summary>
    public static string ScreenshotDirectory(string test, string engine)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Itaku.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "TestResults", "screenshots", engine, test);
        Directory.CreateDirectory(path);
        return path;
    }
}
